import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { IncidentsClient, incidentsApiRef } from './api/incidents';
import { InsightsClient, insightsApiRef } from './api/insights';
import { TriageClient, triageApiRef } from './api/triage';
import { OnCallClient, oncallApiRef } from './api/oncall';
import { PagingClient, pagingApiRef } from './api/paging';
import { PostmortemsClient, postmortemsApiRef } from './api/postmortems';
import { RunbooksClient, runbooksApiRef } from './api/runbooks';
import { StatusPageClient, statusPageApiRef } from './api/statuspage';
import { SupportClient, supportApiRef } from './api/support';
import { ImportClient, importApiRef } from './api/import';
import {
  alertInboxRouteRef,
  entityAlertsRouteRef,
  entityRunbooksRouteRef,
  entityBlastRadiusRouteRef,
  entityIncidentsRouteRef,
  entityInsightsRouteRef,
  entityPostmortemsRouteRef,
  incidentRouteRef,
  insightsRouteRef,
  integrationsRouteRef,
  oncallRouteRef,
  postmortemRouteRef,
  postmortemsRouteRef,
  rootRouteRef,
  scheduleRouteRef,
  statusPageRouteRef,
  supportRouteRef,
  importRouteRef,
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
    createApiFactory({
      api: pagingApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: deps => new PagingClient(deps),
    }),
    createApiFactory({
      api: triageApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: deps => new TriageClient(deps),
    }),
    createApiFactory({
      api: oncallApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: deps => new OnCallClient(deps),
    }),
    createApiFactory({
      api: postmortemsApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: deps => new PostmortemsClient(deps),
    }),
    createApiFactory({
      api: runbooksApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: deps => new RunbooksClient(deps),
    }),
    createApiFactory({
      api: statusPageApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: deps => new StatusPageClient(deps),
    }),
    createApiFactory({
      api: insightsApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: deps => new InsightsClient(deps),
    }),
    createApiFactory({
      api: supportApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: deps => new SupportClient(deps),
    }),
    createApiFactory({
      api: importApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: deps => new ImportClient(deps),
    }),
  ],
  routes: {
    root: rootRouteRef,
    incident: incidentRouteRef,
    entityContent: entityIncidentsRouteRef,
    entityBlastRadius: entityBlastRadiusRouteRef,
    entityAlerts: entityAlertsRouteRef,
    entityRunbooks: entityRunbooksRouteRef,
    integrations: integrationsRouteRef,
    alertInbox: alertInboxRouteRef,
    postmortems: postmortemsRouteRef,
    postmortem: postmortemRouteRef,
    oncall: oncallRouteRef,
    schedule: scheduleRouteRef,
    statusPage: statusPageRouteRef,
    support: supportRouteRef,
    import: importRouteRef,
    insights: insightsRouteRef,
    entityInsights: entityInsightsRouteRef,
    entityPostmortems: entityPostmortemsRouteRef,
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
      import('./components/incidents/EntityIncidentsContent').then(
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
        import('./components/incidents/TeamIncidentsCard').then(
          m => m.TeamIncidentsCard,
        ),
    },
  }),
);

/** The Blast radius tab for an entity page (`<EntityLayout.Route path="/blast-radius">`). */
export const EntityBlastRadiusContent = incidentsPlugin.provide(
  createRoutableExtension({
    name: 'EntityBlastRadiusContent',
    component: () =>
      import('./components/blastRadius/EntityBlastRadiusContent').then(
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
      import('./components/alerts/EntityAlertsContent').then(
        m => m.EntityAlertsContent,
      ),
    mountPoint: entityAlertsRouteRef,
  }),
);

/** The Runbooks tab for an entity page (`<EntityLayout.Route path="/runbooks">`). */
export const EntityRunbooksContent = incidentsPlugin.provide(
  createRoutableExtension({
    name: 'EntityRunbooksContent',
    component: () =>
      import('./components/runbooks/EntityRunbooksContent').then(
        m => m.EntityRunbooksContent,
      ),
    mountPoint: entityRunbooksRouteRef,
  }),
);

/** A card for any entity page: its live status and why. */
export const EntityLiveStatusCard = incidentsPlugin.provide(
  createComponentExtension({
    name: 'EntityLiveStatusCard',
    component: {
      lazy: () =>
        import('./components/blastRadius/EntityLiveStatusCard').then(
          m => m.EntityLiveStatusCard,
        ),
    },
  }),
);

/** The Postmortems tab for an entity page (`<EntityLayout.Route path="/postmortems">`). */
export const EntityPostmortemsContent = incidentsPlugin.provide(
  createRoutableExtension({
    name: 'EntityPostmortemsContent',
    component: () =>
      import('./components/postmortems/EntityPostmortemsContent').then(
        m => m.EntityPostmortemsContent,
      ),
    mountPoint: entityPostmortemsRouteRef,
  }),
);

/** A card for any entity page: postmortems about it and about what it depends on. */
export const EntityRelatedPostmortemsCard = incidentsPlugin.provide(
  createComponentExtension({
    name: 'EntityRelatedPostmortemsCard',
    component: {
      lazy: () =>
        import('./components/postmortems/RelatedPostmortemsCard').then(
          m => m.RelatedPostmortemsCard,
        ),
    },
  }),
);

/** A Group page card: the team's overdue postmortem action items. */
export const EntityTeamActionItemsCard = incidentsPlugin.provide(
  createComponentExtension({
    name: 'EntityTeamActionItemsCard',
    component: {
      lazy: () =>
        import('./components/postmortems/TeamActionItemsCard').then(
          m => m.TeamActionItemsCard,
        ),
    },
  }),
);

/** A card for component, system, API, resource and group pages: who is on call, who is next, and the escalation path. */
export const EntityOnCallCard = incidentsPlugin.provide(
  createComponentExtension({
    name: 'EntityOnCallCard',
    component: {
      lazy: () =>
        import('./components/oncall/OnCallCard').then(m => m.OnCallCard),
    },
  }),
);

/** A service's card: what customers report about it, and which reports belong to an incident. */
export const EntitySupportCard = incidentsPlugin.provide(
  createComponentExtension({
    name: 'EntitySupportCard',
    component: {
      lazy: () =>
        import('./components/support/EntitySupportCard').then(
          m => m.EntitySupportCard,
        ),
    },
  }),
);

/** The Insights tab of a team, system or domain page (`<EntityLayout.Route path="/insights">`). */
export const EntityInsightsContent = incidentsPlugin.provide(
  createRoutableExtension({
    name: 'EntityInsightsContent',
    component: () =>
      import('./components/insights/EntityInsightsContent').then(
        m => m.EntityInsightsContent,
      ),
    mountPoint: entityInsightsRouteRef,
  }),
);

/** A service page card: its response, resolution and change failure figures. */
export const EntityInsightsCard = incidentsPlugin.provide(
  createComponentExtension({
    name: 'EntityInsightsCard',
    component: {
      lazy: () =>
        import('./components/insights/EntityInsightsCard').then(
          m => m.EntityInsightsCard,
        ),
    },
  }),
);
