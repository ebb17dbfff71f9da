import { ApiBlueprint } from '@backstage/frontend-plugin-api';
import { discoveryApiRef, fetchApiRef } from '@backstage/core-plugin-api';
import { convertLegacyRouteRef } from '@backstage/core-compat-api';
import { ImportClient, importApiRef } from '../api/import';
import { importRouteRef } from '../routes';

// The importer's extensions for the new frontend system; alpha/plugin.tsx lists them.

/** Importing from PagerDuty or Opsgenie, under the On call tab. */
export const importRoute = convertLegacyRouteRef(importRouteRef);

export const importApi = ApiBlueprint.make({
  name: 'import',
  params: defineParams =>
    defineParams({
      api: importApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: deps => new ImportClient(deps),
    }),
});
