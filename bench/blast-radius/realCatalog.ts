/*
 * The real Backstage catalog for baseline (a): @backstage/plugin-catalog-backend's own plugin,
 * router and SQL on a fresh PostgreSQL database, in a backend made by backend-defaults'
 * createBackend, so requests pass the production HTTP stack (helmet, cors, gzip compression,
 * the plugin's auth middleware). Only config, logger, database connection and the token
 * check are mocks: the bench has no auth backend to sign user tokens, so the mock auth
 * accepts backend-test-utils' mock tokens (and refuses others).
 *
 * The catalog's migrations create the tables; the entities go straight into `final_entities`
 * (with the `refresh_state` rows its foreign key needs), as stitching would leave them.
 * Processing is switched off in config, so nothing rewrites or deletes them and no locations
 * or providers run. A production catalog would be processing meanwhile, competing for the
 * database and the CPU, so (a) stays on the generous side.
 */
import { createBackend } from '@backstage/backend-defaults';
import { rootHttpRouterServiceFactory } from '@backstage/backend-defaults/rootHttpRouter';
import { mockServices } from '@backstage/backend-test-utils';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { version as catalogBackendVersion } from '@backstage/plugin-catalog-backend/package.json';
import { Knex } from 'knex';
import { Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { dropDatabase, freshDatabase } from '../lib/postgres';

const DATABASE = 'lookout_bench_blast_radius_catalog';
const ROWS_PER_INSERT = 1_000;
/** Far enough ahead that no refresh would ever be due, were processing on. */
const NEVER = new Date('2999-01-01T00:00:00Z');

export interface RealCatalog {
  /** The catalog's base URL, `http://127.0.0.1:<port>/api/catalog`. */
  baseUrl: string;
  /** What answers, with the versions running: the catalog backend's and PostgreSQL's. */
  description: string;
  /** How long the bulk insert of the entities took. */
  insertMs: number;
  /** Stops the backend and drops its database. */
  stop(): Promise<void>;
}

/**
 * Inserts the entities as stitched rows, ROWS_PER_INSERT at a time, each batch in its own
 * transaction: the catalog's deferred trigger on final_entities bumps one counter row per
 * inserted row at commit, and 50,000 updates of one row in a single transaction get slower
 * with every update.
 */
async function insertEntities(knex: Knex, entities: Entity[]) {
  const now = new Date();
  for (let i = 0; i < entities.length; i += ROWS_PER_INSERT) {
    await knex.transaction(async tx => {
      const batch = entities.slice(i, i + ROWS_PER_INSERT).map(entity => {
        const { relations: _relations, ...unprocessed } = entity;
        return {
          entity,
          entityId: entity.metadata.uid!,
          entityRef: stringifyEntityRef(entity).toLocaleLowerCase('en-US'),
          unprocessed: JSON.stringify(unprocessed),
        };
      });
      await tx('refresh_state').insert(
        batch.map(row => ({
          entity_id: row.entityId,
          entity_ref: row.entityRef,
          unprocessed_entity: row.unprocessed,
          processed_entity: row.unprocessed,
          errors: '[]',
          next_update_at: NEVER,
          last_discovery_at: now,
        })),
      );
      await tx('final_entities').insert(
        batch.map(row => ({
          entity_id: row.entityId,
          entity_ref: row.entityRef,
          hash: row.entity.metadata.etag!,
          final_entity: JSON.stringify(row.entity),
          last_updated_at: now,
        })),
      );
    });
  }
}

/**
 * Starts the catalog plugin on a fresh database holding `entities` (each with its uid, etag
 * and relations, as stitched), and answers its base URL. The database is dropped again on
 * `stop()`, or here if starting fails.
 */
export async function startRealCatalog(
  entities: Entity[],
): Promise<RealCatalog> {
  // knex's default pool for PostgreSQL, as a backend's database service would get
  const knex = await freshDatabase(DATABASE, { poolMax: 10 });
  let server: Server | undefined;
  const backend = createBackend();
  const stop = async () => {
    await backend.stop();
    await knex.destroy();
    await dropDatabase(DATABASE);
  };
  backend.add(import('@backstage/plugin-catalog-backend'));
  backend.add(mockServices.database.factory({ knex }));
  backend.add(
    mockServices.rootConfig.factory({
      data: {
        backend: {
          baseUrl: 'http://127.0.0.1',
          listen: { host: '127.0.0.1', port: 0 },
        },
        catalog: { processingInterval: false, locations: [] },
      },
    }),
  );
  backend.add(mockServices.rootLogger.factory({ level: 'warn' }));
  backend.add(mockServices.auth.factory());
  backend.add(mockServices.httpAuth.factory());
  backend.add(
    // the default root HTTP router, configured as by default, keeping hold of its server to
    // learn the port it got
    rootHttpRouterServiceFactory({
      configure: context => {
        server = context.server;
        context.applyDefaults();
      },
    }),
  );
  try {
    await backend.start();
    const started = performance.now();
    await insertEntities(knex, entities);
    const insertMs = performance.now() - started;
    await knex.raw('analyze');
    const { port } = server!.address() as AddressInfo;
    const {
      rows: [{ server_version: postgresVersion }],
    } = await knex.raw('show server_version');
    return {
      baseUrl: `http://127.0.0.1:${port}/api/catalog`,
      description:
        `@backstage/plugin-catalog-backend ${catalogBackendVersion} router and SQL on ` +
        `PostgreSQL ${
          postgresVersion.split(' ')[0]
        }, default HTTP stack with gzip`,
      insertMs,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
