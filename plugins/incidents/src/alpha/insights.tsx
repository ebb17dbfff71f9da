import { ApiBlueprint } from '@backstage/frontend-plugin-api';
import { discoveryApiRef, fetchApiRef } from '@backstage/core-plugin-api';
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

// Insights' extensions for the new frontend system; alpha/plugin.tsx lists them.

/** The Insights tab of the global page. */
export const insightsRoute = convertLegacyRouteRef(insightsRouteRef);

export const insightsApi = ApiBlueprint.make({
  name: 'insights',
  params: defineParams =>
    defineParams({
      api: insightsApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: deps => new InsightsClient(deps),
    }),
});

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
