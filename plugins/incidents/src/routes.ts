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

/** The Runbooks tab of an entity page. */
export const entityRunbooksRouteRef = createRouteRef({
  id: 'incidents:entity-runbooks',
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

/** The Postmortems tab of the global page. */
export const postmortemsRouteRef = createSubRouteRef({
  id: 'incidents:postmortems',
  parent: rootRouteRef,
  path: '/postmortems',
});

/** One postmortem, to read and edit: `useRouteRef(postmortemRouteRef)({ postmortemId })`. */
export const postmortemRouteRef = createSubRouteRef({
  id: 'incidents:postmortem',
  parent: rootRouteRef,
  path: '/postmortems/:postmortemId',
});

/** Where the Postmortems tab of an entity page is mounted. */
export const entityPostmortemsRouteRef = createRouteRef({
  id: 'incidents:entity-postmortems',
});

/** The On call tab of the global page: schedules, escalation policies and paging webhooks. */
export const oncallRouteRef = createSubRouteRef({
  id: 'incidents:oncall',
  parent: rootRouteRef,
  path: '/oncall',
});

/** The My pages tab of the global page: the signed-in user's pages, to acknowledge. */
export const myPagesRouteRef = createSubRouteRef({
  id: 'incidents:my-pages',
  parent: rootRouteRef,
  path: '/pages',
});

/** One schedule with its timeline: `useRouteRef(scheduleRouteRef)({ scheduleId })`. */
export const scheduleRouteRef = createSubRouteRef({
  id: 'incidents:schedule',
  parent: rootRouteRef,
  path: '/oncall/schedules/:scheduleId',
});

/** The Support tab of the global page: customer reports, their incidents, who heard back. */
export const supportRouteRef = createSubRouteRef({
  id: 'incidents:support',
  parent: rootRouteRef,
  path: '/support',
});

/** The Status page tab of the global page: components, public incidents, maintenance. */
export const statusPageRouteRef = createSubRouteRef({
  id: 'incidents:status-page',
  parent: rootRouteRef,
  path: '/status-page',
});

/** The Insights tab of the global page: the mission's figures by team and service. */
export const insightsRouteRef = createSubRouteRef({
  id: 'incidents:insights',
  parent: rootRouteRef,
  path: '/insights',
});

/** Where the Insights tab of a team, system or domain page is mounted. */
export const entityInsightsRouteRef = createRouteRef({
  id: 'incidents:entity-insights',
});

/** Importing schedules and escalation policies from PagerDuty or Opsgenie, under On call. */
export const importRouteRef = createSubRouteRef({
  id: 'incidents:import',
  parent: rootRouteRef,
  path: '/oncall/import',
});
