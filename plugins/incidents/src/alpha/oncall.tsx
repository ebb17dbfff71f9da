import { convertLegacyRouteRef } from '@backstage/core-compat-api';
import { EntityCardBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { OnCallClient, oncallApiRef } from '../api/oncall';
import { isOnCallAvailable } from '../conditions';
import { oncallRouteRef, scheduleRouteRef } from '../routes';
import { backendClientApi } from './backendClientApi';

// On-call's extensions for the new frontend system; alpha/plugin.tsx lists them.

export const oncallRoute = convertLegacyRouteRef(oncallRouteRef);
export const scheduleRoute = convertLegacyRouteRef(scheduleRouteRef);

export const oncallApi = backendClientApi('oncall', oncallApiRef, OnCallClient);

/** Components, systems, APIs and resources (through their owner) and teams: who to call. */
export const oncallCard = EntityCardBlueprint.make({
  name: 'oncall',
  params: {
    // whom to call is read at a glance, beside the entity's About card
    type: 'info',
    filter: isOnCallAvailable,
    loader: () =>
      import('../components/oncall/OnCallCard').then(m => <m.OnCallCard />),
  },
});
