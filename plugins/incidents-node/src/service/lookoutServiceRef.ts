import {
  coreServices,
  createServiceFactory,
  createServiceRef,
} from '@backstage/backend-plugin-api';
import { LookoutClient } from './LookoutClient';
import { LookoutService } from './LookoutService';

/**
 * Lookout's incidents API for backend modules: depend on it and call Lookout with a caller's
 * credentials, without an HTTP client of your own. Plugin scoped, because the tokens it makes
 * name the plugin that calls.
 *
 * @public
 */
export const lookoutServiceRef = createServiceRef<LookoutService>({
  id: 'incidents.lookout',
  scope: 'plugin',
  defaultFactory: async service =>
    createServiceFactory({
      service,
      deps: {
        auth: coreServices.auth,
        discovery: coreServices.discovery,
      },
      factory({ auth, discovery }) {
        return new LookoutClient({ auth, discovery });
      },
    }),
});
