import { convertLegacyRouteRef } from '@backstage/core-compat-api';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import { InsightsClient, insightsApiRef } from '../api/insights';
import {
  isInsightsAvailable,
  isServiceInsightsAvailable,
} from '../components/insights/conditions';
import { insightsRouteRef } from '../routes';
import { backendClientApi } from './backendClientApi';

// Insights' extensions for the new frontend system; alpha/plugin.tsx lists them.

/** The Insights tab of the global page. */
export const insightsRoute = convertLegacyRouteRef(insightsRouteRef);

export const insightsApi = backendClientApi(
  'insights',
  insightsApiRef,
  InsightsClient,
);

/** The Insights tab of a team, system or domain. */
export const entityInsightsContent = EntityContentBlueprint.make({
  name: 'insights',
  params: {
    path: '/insights',
    title: 'Insights',
    filter: isInsightsAvailable,
    loader: () =>
      import('../components/insights/EntityInsightsContent').then(m => (
        <m.EntityInsightsContent />
      )),
  },
});

/** A service's headline figures, on its page. */
export const insightsCard = EntityCardBlueprint.make({
  name: 'insights',
  params: {
    filter: isServiceInsightsAvailable,
    loader: () =>
      import('../components/insights/EntityInsightsCard').then(m => (
        <m.EntityInsightsCard />
      )),
  },
});
