import { createRouteRef } from '@backstage/core-plugin-api';

/** Where the Incidents tab of an entity page is mounted. */
export const entityIncidentsRouteRef = createRouteRef({
  id: 'incidents:entity-content',
});
