/*
 * A whole backend for the over-HTTP comparison: Lookout's incidents plugin beside the real
 * catalog (@backstage/plugin-catalog-backend, its router and SQL) and the real permission
 * framework (@backstage/plugin-permission-backend with a policy), each plugin on its own fresh
 * PostgreSQL database, behind the default HTTP stack of backend-defaults' createBackend
 * (helmet, cors, gzip, auth middleware). Lookout reads the catalog over HTTP through its
 * catalog service and asks the permission backend over HTTP, as in a deployment.
 *
 * Only config, logger, auth (the mock tokens of backend-test-utils, since the bench has no
 * auth backend to sign user tokens; a plugin's token on behalf of a user names the plugin as
 * its actor, as a real on-behalf-of token does, which the permission backend requires of a
 * conditional query) and user info (whose ownership claims the policy reads) are stand-ins. The entities go straight into the catalog's tables as stitching would leave
 * them: `final_entities`, with the `refresh_state` rows its foreign key needs, and the
 * `search` rows the catalog's own stitcher builds for each (buildEntitySearch), which its SQL
 * applies conditional decisions on. Processing is off, so nothing competes for the database.
 */
import { createBackend } from '@backstage/backend-defaults';
import {
  AuthService,
  BackstageCredentials,
  BackstageUserPrincipal,
  coreServices,
  createBackendModule,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import {
  catalogConditions,
  createCatalogConditionalDecision,
} from '@backstage/plugin-catalog-backend/alpha';
import { version as catalogBackendVersion } from '@backstage/plugin-catalog-backend/package.json';
import { catalogEntityReadPermission } from '@backstage/plugin-catalog-common/alpha';
import { version as permissionBackendVersion } from '@backstage/plugin-permission-backend/package.json';
import {
  AuthorizeResult,
  isPermission,
  isResourcePermission,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import { Knex } from 'knex';
import { createServer } from 'node:net';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { dropDatabase, freshDatabase } from '../lib/postgres';

const ROWS_PER_INSERT = 1_000;
const SEARCH_ROWS_PER_INSERT = 10_000;
const NEVER = new Date('2999-01-01T00:00:00Z');

/** The stitcher's search rows, from the catalog backend's own code (not exported). */
const { buildEntitySearch } = require(path.join(
  path.dirname(
    require.resolve('@backstage/plugin-catalog-backend/package.json'),
  ),
  'dist/database/operations/stitcher/buildEntitySearch.cjs.js',
)) as {
  buildEntitySearch(
    entityId: string,
    entity: Entity,
  ): Array<{ entity_id: string; key: string; value: string | null }>;
};

/** A user the policy allows to read every entity, unconditionally. */
export const ALLOW_ALL_USER = 'user:default/bench-allow-all';
/**
 * A user the policy gives ownership conditions: components only when one of the user's
 * groups owns them, everything else always (`not isEntityKind(component)` or
 * `isEntityOwner(claims)`), as portals that keep services to their teams do.
 */
export const OWNERSHIP_USER = 'user:default/bench-ownership';

export interface RealBackend {
  /** `http://127.0.0.1:<port>/api`, the base of every plugin's routes. */
  apiUrl: string;
  description: string;
  insertMs: number;
  searchRows: number;
  stop(): Promise<void>;
}

/** The policy of the comparison; anything but reading entities is allowed. */
class BenchPolicy implements PermissionPolicy {
  async handle(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    if (
      isPermission(request.permission, catalogEntityReadPermission) &&
      isResourcePermission(request.permission, 'catalog-entity') &&
      user?.info.userEntityRef === OWNERSHIP_USER
    ) {
      return createCatalogConditionalDecision(request.permission, {
        anyOf: [
          { not: catalogConditions.isEntityKind({ kinds: ['Component'] }) },
          catalogConditions.isEntityOwner({
            claims: user.info.ownershipEntityRefs,
          }),
        ],
      });
    }
    return { result: AuthorizeResult.ALLOW };
  }
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function insertEntities(knex: Knex, entities: Entity[]) {
  const now = new Date();
  let searchRows = 0;
  for (let i = 0; i < entities.length; i += ROWS_PER_INSERT) {
    const batch = entities.slice(i, i + ROWS_PER_INSERT);
    const search = batch.flatMap(entity =>
      buildEntitySearch(entity.metadata.uid!, entity).map(row => ({
        entity_id: row.entity_id,
        key: row.key,
        original_value: (row as any).original_value ?? null,
        value: row.value,
      })),
    );
    searchRows += search.length;
    await knex.transaction(async tx => {
      await tx('refresh_state').insert(
        batch.map(entity => {
          const { relations: _relations, ...unprocessed } = entity;
          return {
            entity_id: entity.metadata.uid!,
            entity_ref: stringifyEntityRef(entity).toLocaleLowerCase('en-US'),
            unprocessed_entity: JSON.stringify(unprocessed),
            processed_entity: JSON.stringify(unprocessed),
            errors: '[]',
            next_update_at: NEVER,
            last_discovery_at: now,
          };
        }),
      );
      await tx('final_entities').insert(
        batch.map(entity => ({
          entity_id: entity.metadata.uid!,
          entity_ref: stringifyEntityRef(entity).toLocaleLowerCase('en-US'),
          hash: entity.metadata.etag!,
          final_entity: JSON.stringify(entity),
          last_updated_at: now,
        })),
      );
      for (let k = 0; k < search.length; k += SEARCH_ROWS_PER_INSERT) {
        await tx('search').insert(search.slice(k, k + SEARCH_ROWS_PER_INSERT));
      }
    });
  }
  return searchRows;
}

/**
 * Starts the backend with `entities` in its catalog; `groupsOf` gives a user's groups (their
 * ownership claims besides themselves). Every database is dropped on `stop()`.
 */
export async function startRealBackend(
  entities: Entity[],
  groupsOf: (userEntityRef: string) => string[],
): Promise<RealBackend> {
  const port = await freePort();
  const knexes = new Map<string, Promise<Knex>>();
  const database = (pluginId: string) => {
    if (!knexes.has(pluginId)) {
      knexes.set(
        pluginId,
        freshDatabase(`lookout_bench_br_${pluginId.replace(/\W/g, '_')}`, {
          poolMax: 10,
        }),
      );
    }
    return knexes.get(pluginId)!;
  };
  const backend = createBackend();
  const stop = async () => {
    await backend.stop();
    for (const [pluginId, knex] of knexes) {
      await (await knex).destroy();
      await dropDatabase(`lookout_bench_br_${pluginId.replace(/\W/g, '_')}`);
    }
  };
  backend.add(import('@backstage/plugin-catalog-backend'));
  backend.add(import('@backstage/plugin-permission-backend'));
  backend.add(
    createBackendModule({
      pluginId: 'permission',
      moduleId: 'bench-policy',
      register(env) {
        env.registerInit({
          deps: { policy: policyExtensionPoint },
          async init({ policy }) {
            policy.setPolicy(new BenchPolicy());
          },
        });
      },
    }),
  );
  backend.add(import('../../plugins/incidents-backend/src'));
  backend.add(
    createServiceFactory({
      service: coreServices.database,
      deps: { plugin: coreServices.pluginMetadata },
      factory: ({ plugin }) => ({
        getClient: () => database(plugin.getId()),
        migrations: { skip: false },
      }),
    }),
  );
  backend.add(
    createServiceFactory({
      service: coreServices.userInfo,
      deps: {},
      factory: () => ({
        async getUserInfo(credentials: BackstageCredentials) {
          const { userEntityRef } =
            credentials.principal as BackstageUserPrincipal;
          return {
            userEntityRef,
            ownershipEntityRefs: [userEntityRef, ...groupsOf(userEntityRef)],
          };
        },
      }),
    }),
  );
  backend.add(
    mockServices.rootConfig.factory({
      data: {
        backend: {
          baseUrl: `http://127.0.0.1:${port}`,
          listen: { host: '127.0.0.1', port },
        },
        catalog: { processingInterval: false, locations: [] },
        permission: { enabled: true },
        // the graph is loaded by the first request; no refresh during the measurement
        incidents: { graph: { refreshInterval: 'PT6H' } },
      },
    }),
  );
  backend.add(mockServices.rootLogger.factory({ level: 'warn' }));
  backend.add(
    createServiceFactory({
      service: coreServices.auth,
      deps: { plugin: coreServices.pluginMetadata },
      factory: ({ plugin }) => {
        const inner = mockServices.auth({ pluginId: plugin.getId() });
        const auth: AuthService = {
          authenticate: (token, options) => inner.authenticate(token, options),
          getNoneCredentials: () => inner.getNoneCredentials(),
          getOwnServiceCredentials: () => inner.getOwnServiceCredentials(),
          isPrincipal: ((credentials: any, type: any) =>
            inner.isPrincipal(credentials, type)) as AuthService['isPrincipal'],
          getLimitedUserToken: credentials =>
            inner.getLimitedUserToken(credentials),
          listPublicServiceKeys: () => inner.listPublicServiceKeys(),
          getPluginRequestToken: async options => {
            const principal = options.onBehalfOf.principal as any;
            if (principal.type !== 'user') {
              return inner.getPluginRequestToken(options);
            }
            return {
              token: mockCredentials.user.token(principal.userEntityRef, {
                actor: { subject: `plugin:${plugin.getId()}` },
              }),
            };
          },
        };
        return auth;
      },
    }),
  );
  backend.add(mockServices.httpAuth.factory());
  try {
    await backend.start();
    const catalogDb = await database('catalog');
    const started = performance.now();
    const searchRows = await insertEntities(catalogDb, entities);
    const insertMs = performance.now() - started;
    await catalogDb.raw('analyze');
    const {
      rows: [{ server_version: postgresVersion }],
    } = await catalogDb.raw('show server_version');
    return {
      apiUrl: `http://127.0.0.1:${port}/api`,
      description:
        `Lookout's plugin beside @backstage/plugin-catalog-backend ${catalogBackendVersion} ` +
        `and @backstage/plugin-permission-backend ${permissionBackendVersion} (permission.enabled), ` +
        `each on PostgreSQL ${
          postgresVersion.split(' ')[0]
        }, default HTTP stack with gzip`,
      insertMs,
      searchRows,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
