import { ApiBlueprint } from '@backstage/frontend-plugin-api';
import { discoveryApiRef, fetchApiRef } from '@backstage/core-plugin-api';
import { convertLegacyRouteRef } from '@backstage/core-compat-api';
import { StatusPageClient, statusPageApiRef } from '../api/statuspage';
import { statusPageRouteRef } from '../routes';

// The status page's extensions for the new frontend system; alpha/plugin.tsx lists them.

export const statusPageRoute = convertLegacyRouteRef(statusPageRouteRef);

export const statusPageApi = ApiBlueprint.make({
  name: 'statuspage',
  params: defineParams =>
    defineParams({
      api: statusPageApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: deps => new StatusPageClient(deps),
    }),
});
