import { convertLegacyRouteRef } from '@backstage/core-compat-api';
import { EntityCardBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { SupportClient, supportApiRef } from '../api/support';
import { isSupportAvailable } from '../conditions';
import { supportRouteRef } from '../routes';
import { backendClientApi } from './backendClientApi';

// Customer support's extensions for the new frontend system; alpha/plugin.tsx lists them.

export const supportRoute = convertLegacyRouteRef(supportRouteRef);

export const supportApi = backendClientApi(
  'support',
  supportApiRef,
  SupportClient,
);

/** What customers report about a service, on its page. */
export const supportCard = EntityCardBlueprint.make({
  name: 'support',
  params: {
    filter: isSupportAvailable,
    loader: () =>
      import('../components/support/EntitySupportCard').then(m => (
        <m.EntitySupportCard />
      )),
  },
});
