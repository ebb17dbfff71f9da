import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { IncidentsClient, incidentsApiRef } from './api';
import {
  alertInboxRouteRef,
  entityAlertsRouteRef,
  entityBlastRadiusRouteRef,
  entityIncidentsRouteRef,
  incidentRouteRef,
  integrationsRouteRef,
  rootRouteRef,
} from './routes';

/** Lookout's incidents plugin for apps on the legacy frontend system. */
export const incidentsPlugin = createPlugin({
  id: 'incidents',
  apis: [
    createApiFactory({
      api: incidentsApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: deps => new IncidentsClient(deps),
    }),
  ],
  routes: {
    root: rootRouteRef,
    incident: incidentRouteRef,
    entityContent: entityIncidentsRouteRef,
    entityBlastRadius: entityBlastRadiusRouteRef,
    entityAlerts: entityAlertsRouteRef,
    integrations: integrationsRouteRef,
    alertInbox: alertInboxRouteRef,
  },
});

/** The global Incidents page, list and incident pages (`<Route path="/incidents">`). */
export const IncidentsPage = incidentsPlugin.provide(
  createRoutableExtension({
    name: 'IncidentsPage',
    component: () => import('./components/Router').then(m => m.Router),
    mountPoint: rootRouteRef,
  }),
);

/** The Incidents tab for an entity page (`<EntityLayout.Route path="/incidents">`). */
export const EntityIncidentsContent = incidentsPlugin.provide(
  createRoutableExtension({
    name: 'EntityIncidentsContent',
    component: () =>
      import('./components/EntityIncidentsContent').then(
        m => m.EntityIncidentsContent,
      ),
    mountPoint: entityIncidentsRouteRef,
  }),
);

/** A Group page card: the team's open incidents and its response times. */
export const EntityTeamIncidentsCard = incidentsPlugin.provide(
  createComponentExtension({
    name: 'EntityTeamIncidentsCard',
    component: {
      lazy: () =>
        import('./components/TeamIncidentsCard').then(m => m.TeamIncidentsCard),
    },
  }),
);

/** The Blast radius tab for an entity page (`<EntityLayout.Route path="/blast-radius">`). */
export const EntityBlastRadiusContent = incidentsPlugin.provide(
  createRoutableExtension({
    name: 'EntityBlastRadiusContent',
    component: () =>
      import('./components/EntityBlastRadiusContent').then(
        m => m.EntityBlastRadiusContent,
      ),
    mountPoint: entityBlastRadiusRouteRef,
  }),
);

/** The Alerts tab for an entity page (`<EntityLayout.Route path="/alerts">`): alerts and maintenance. */
export const EntityAlertsContent = incidentsPlugin.provide(
  createRoutableExtension({
    name: 'EntityAlertsContent',
    component: () =>
      import('./components/EntityAlertsContent').then(
        m => m.EntityAlertsContent,
      ),
    mountPoint: entityAlertsRouteRef,
  }),
);

/** A card for any entity page: its live status and why. */
export const EntityLiveStatusCard = incidentsPlugin.provide(
  createComponentExtension({
    name: 'EntityLiveStatusCard',
    component: {
      lazy: () =>
        import('./components/EntityLiveStatusCard').then(
          m => m.EntityLiveStatusCard,
        ),
    },
  }),
);
