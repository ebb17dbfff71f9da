import { convertLegacyRouteRef } from '@backstage/core-compat-api';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import { PostmortemsClient, postmortemsApiRef } from '../api/postmortems';
import { isIncidentsAvailable, isTeamIncidentsAvailable } from '../conditions';
import { postmortemRouteRef, postmortemsRouteRef } from '../routes';
import { backendClientApi } from './backendClientApi';

/** The Postmortems tab of the global page, and one postmortem below it. */
export const postmortemsRoute = convertLegacyRouteRef(postmortemsRouteRef);
export const postmortemRoute = convertLegacyRouteRef(postmortemRouteRef);

export const postmortemsApi = backendClientApi(
  'postmortems',
  postmortemsApiRef,
  PostmortemsClient,
);

export const entityPostmortemsContent = EntityContentBlueprint.make({
  name: 'postmortems',
  params: {
    path: '/postmortems',
    title: 'Postmortems',
    filter: isIncidentsAvailable,
    loader: () =>
      import('../components/postmortems/EntityPostmortemsContent').then(m => (
        <m.EntityPostmortemsContent />
      )),
  },
});

export const relatedPostmortemsCard = EntityCardBlueprint.make({
  name: 'related-postmortems',
  params: {
    filter: isIncidentsAvailable,
    loader: () =>
      import('../components/postmortems/RelatedPostmortemsCard').then(m => (
        <m.RelatedPostmortemsCard />
      )),
  },
});

export const teamActionItemsCard = EntityCardBlueprint.make({
  name: 'team-action-items',
  params: {
    // beside the team's incidents, where follow-ups that slipped are seen
    type: 'info',
    filter: isTeamIncidentsAvailable,
    loader: () =>
      import('../components/postmortems/TeamActionItemsCard').then(m => (
        <m.TeamActionItemsCard />
      )),
  },
});
