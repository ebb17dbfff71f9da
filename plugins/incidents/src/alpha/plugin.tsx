import {
  ApiBlueprint,
  createFrontendPlugin,
} from '@backstage/frontend-plugin-api';
import { discoveryApiRef, fetchApiRef } from '@backstage/core-plugin-api';
import { EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { IncidentsClient, incidentsApiRef } from '../api';
import { isIncidentsAvailable } from '../conditions';

const incidentsApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: incidentsApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: deps => new IncidentsClient(deps),
    }),
});

const entityIncidentsContent = EntityContentBlueprint.make({
  params: {
    path: '/incidents',
    title: 'Incidents',
    filter: isIncidentsAvailable,
    loader: () =>
      import('../components/EntityIncidentsContent').then(m => (
        <m.EntityIncidentsContent />
      )),
  },
});

/** @alpha */
export default createFrontendPlugin({
  pluginId: 'incidents',
  info: { packageJson: () => import('../../package.json') },
  extensions: [incidentsApi, entityIncidentsContent],
});
