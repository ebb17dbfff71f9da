import { createRouteRef, createSubRouteRef } from '@backstage/core-plugin-api';

/** Where the Incidents tab of an entity page is mounted. */
export const entityIncidentsRouteRef = createRouteRef({
  id: 'incidents:entity-content',
});

/** Where the Blast radius tab of an entity page is mounted. */
export const entityBlastRadiusRouteRef = createRouteRef({
  id: 'incidents:entity-blast-radius',
});

/** The global Incidents page (`/incidents` in the demo app). */
export const rootRouteRef = createRouteRef({ id: 'incidents' });

/** One incident, below the global page: `useRouteRef(incidentRouteRef)({ id: 'INC-42' })`. */
export const incidentRouteRef = createSubRouteRef({
  id: 'incidents:incident',
  parent: rootRouteRef,
  path: '/:id',
});

/** Where the Alerts tab of an entity page is mounted. */
export const entityAlertsRouteRef = createRouteRef({
  id: 'incidents:entity-alerts',
});

/** Alert sender keys, below the global page. */
export const integrationsRouteRef = createSubRouteRef({
  id: 'incidents:integrations',
  parent: rootRouteRef,
  path: '/integrations',
});

/** Alerts no rule could route, below the global page. */
export const alertInboxRouteRef = createSubRouteRef({
  id: 'incidents:alert-inbox',
  parent: rootRouteRef,
  path: '/unrouted',
});
