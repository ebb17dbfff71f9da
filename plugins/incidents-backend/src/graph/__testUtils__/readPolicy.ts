import {
  BackstageCredentials,
  coreServices,
  createServiceFactory,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { catalogEntityReadPermission } from '@backstage/plugin-catalog-common/alpha';
import {
  AuthorizeResult,
  PermissionCondition,
  PermissionCriteria,
} from '@backstage/plugin-permission-common';

/** What a policy answers a user for `catalog.entity.read`. */
export type ReadDecision =
  | AuthorizeResult.ALLOW
  | AuthorizeResult.DENY
  | PermissionCriteria<PermissionCondition>;

/** A condition of the catalog's rules, as a policy writes it. */
export const catalogCondition = (
  rule: string,
  params: Record<string, unknown>,
): PermissionCondition => ({
  rule,
  resourceType: 'catalog-entity',
  params: params as any,
});

/**
 * A permission service with a policy on `catalog.entity.read` for users (`decide` gets the
 * user's entity ref), allowing everything else, as the real service does for services. Counts
 * the conditional decisions it was asked for, per permission name.
 */
export function readPolicy(
  decide: (userEntityRef: string) => ReadDecision | Promise<ReadDecision>,
) {
  const asked: string[] = [];
  const service: PermissionsService = {
    authorize: async requests =>
      requests.map(() => ({ result: AuthorizeResult.ALLOW })),
    authorizeConditional: async (queries, options) => {
      const credentials = (options as { credentials: BackstageCredentials })
        .credentials;
      const principal = credentials.principal as any;
      return Promise.all(
        queries.map(async query => {
          asked.push(query.permission.name);
          if (
            query.permission.name !== catalogEntityReadPermission.name ||
            principal.type !== 'user'
          ) {
            return { result: AuthorizeResult.ALLOW } as any;
          }
          const decision = await decide(principal.userEntityRef);
          if (
            decision === AuthorizeResult.ALLOW ||
            decision === AuthorizeResult.DENY
          ) {
            return { result: decision };
          }
          return {
            result: AuthorizeResult.CONDITIONAL,
            pluginId: 'catalog',
            resourceType: 'catalog-entity',
            conditions: decision,
          };
        }),
      );
    },
  };
  return {
    service,
    asked,
    /** For startTestBackend: every plugin of the backend, the catalog too, gets this policy. */
    factory: createServiceFactory({
      service: coreServices.permissions,
      deps: {},
      factory: () => service,
    }),
  };
}
