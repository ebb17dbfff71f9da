import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  AuthorizeResult,
  Permission,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import { JsonObject } from '@backstage/types';
import { Knex } from 'knex';
import { Server } from 'node:http';
import { incidentsPlugin } from '../plugin';
import { loadOpenApiDocument } from '../router';

/**
 * The plugin on a test backend over `knex`, with a mock catalog of `entities` and `config` on
 * top of `backend.baseUrl`. Requests through supertest carry the mock user's credentials.
 */
export async function startIncidentsBackend(
  knex: Knex,
  options: { entities: Entity[]; config?: JsonObject; features?: any[] },
): Promise<Server> {
  const config = options.config ?? {};
  const { server } = await startTestBackend({
    features: [
      incidentsPlugin,
      mockServices.database.factory({ knex }),
      catalogServiceMock.factory({ entities: options.entities }),
      mockServices.rootConfig.factory({
        data: {
          ...config,
          backend: {
            baseUrl: 'http://lookout.test:7007',
            ...(config.backend as JsonObject | undefined),
          },
        },
      }),
      ...(options.features ?? []),
    ],
  });
  return server;
}

/**
 * A permissions service for tests: basic permissions are denied where `deny` says so, and
 * conditional ones decided by `conditional`; whatever neither picks is allowed.
 */
export function decidePermissions(decide: {
  deny?: (permission: Permission) => boolean;
  conditional?: (permission: Permission) => PolicyDecision | undefined;
}) {
  const { deny = () => false, conditional = () => undefined } = decide;
  return createServiceFactory({
    service: coreServices.permissions,
    deps: {},
    factory: () =>
      ({
        authorize: async (requests: any[]) =>
          requests.map(
            (r): PolicyDecision => ({
              result: deny(r.permission)
                ? AuthorizeResult.DENY
                : AuthorizeResult.ALLOW,
            }),
          ),
        authorizeConditional: async (requests: any[]) =>
          requests.map(
            r => conditional(r.permission) ?? { result: AuthorizeResult.ALLOW },
          ),
      } as any),
  });
}

/**
 * A permissions service that denies the basic permissions `deny` picks (all of them when
 * omitted) and allows the rest; conditional decisions are always ALLOW.
 */
export function denyPermissions(
  deny: (permission: Permission) => boolean = () => true,
) {
  return decidePermissions({ deny });
}

/**
 * Reads only the incidents on what `ownerRef` owns (a conditional IS_ENTITY_OWNER decision on
 * `incident.read`, which lists apply in SQL); everything else is allowed.
 */
export function readOnlyIncidentsOwnedBy(ownerRef: string) {
  return decidePermissions({
    conditional: permission =>
      permission.name === 'incident.read'
        ? {
            result: AuthorizeResult.CONDITIONAL,
            pluginId: 'incidents',
            resourceType: 'incident',
            conditions: {
              rule: 'IS_ENTITY_OWNER',
              resourceType: 'incident',
              params: { claims: [ownerRef] },
            },
          }
        : undefined,
  });
}

/**
 * The `[method, openapi path]` of every route of express `routers`, each paired with whether
 * openapi.yaml documents it, so a test can assert every route is documented.
 */
export function routesOf(
  ...routers: unknown[]
): Array<{ method: string; path: string; documented: boolean }> {
  const document = loadOpenApiDocument() as {
    paths: Record<string, Record<string, unknown>>;
  };
  return routers
    .flatMap(router => (router as any).stack)
    .filter((layer: any) => layer.route && typeof layer.route.path === 'string')
    .flatMap((layer: any) =>
      Object.keys(layer.route.methods).map(method => {
        const path = layer.route.path.replace(/:(\w+)/g, '{$1}');
        return { method, path, documented: !!document.paths[path]?.[method] };
      }),
    );
}
