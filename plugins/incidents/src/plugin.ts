import {
  createApiFactory,
  createPlugin,
  createRoutableExtension,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { IncidentsClient, incidentsApiRef } from './api';
import { entityIncidentsRouteRef } from './routes';

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
  routes: { entityContent: entityIncidentsRouteRef },
});

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
