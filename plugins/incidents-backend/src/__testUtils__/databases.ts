import {
  mockServices,
  TestDatabaseId,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { Knex } from 'knex';
import { migrateDatabase } from '../database/migrateDatabase';
import { DatabaseIncidentsStore } from '../incidents/DatabaseIncidentsStore';

/**
 * Every store test runs on both engines Lookout supports. PostgreSQL comes from
 * BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING (the test command sets it).
 */
export function createTestDatabases(): TestDatabases {
  return TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });
}

/** One engine's database, as `eachDatabase` hands it to a test. */
export type TestDatabase = {
  id: TestDatabaseId;
  /** A fresh, empty database on this engine. */
  init(): Promise<Knex>;
  /** A fresh database on this engine with Lookout's migrations run. */
  migrated(): Promise<Knex>;
};

/**
 * Declares `tests` once per engine, each in a `describe('on <engine>')`, so that a test file
 * says only what it tests. Call it inside the file's own `describe`.
 */
export function eachDatabase(tests: (database: TestDatabase) => void): void {
  const databases = createTestDatabases();
  describe.each(databases.eachSupportedId())('on %p', id => {
    const init = () => databases.init(id);
    tests({
      id,
      init,
      migrated: async () => {
        const knex = await init();
        await migrateDatabase(mockServices.database({ knex }));
        return knex;
      },
    });
  });
}

/**
 * A migrated database on `databaseId` holding incident 1 (SEV1 on checkout-service, owned by
 * checkout-team, declared at `declaredAt`): what the paging and escalation store tests page
 * for, as their rows reference an incident.
 */
export async function withCheckoutIncident(
  database: TestDatabase,
  declaredAt: Date,
): Promise<Knex> {
  const knex = await database.migrated();
  await DatabaseIncidentsStore.create({ knex }).createIncident(
    {
      title: 'Checkout is down',
      description: '',
      severity: 'SEV1',
      status: 'triage',
      entityRef: 'component:default/checkout-service',
      impactedEntityRefs: [],
      ownerRef: 'group:default/checkout-team',
      source: 'manual',
      roles: {},
      createdBy: 'user:default/alice',
      declaredAt: declaredAt.toISOString(),
    },
    [],
  );
  return knex;
}

/**
 * Declares `tests` once per engine, each given a `start` that runs `startOn` over a fresh
 * database: the harness of the route and plugin test files, which differ only in what they
 * start. Call it inside the file's (or the harness's) own `describe`.
 */
export function startOnEachDatabase<A extends unknown[], S>(
  startOn: (knex: Knex, ...args: A) => Promise<S>,
  tests: (start: (...args: A) => Promise<S>) => void,
): void {
  eachDatabase(({ init }) => {
    tests(async (...args) => startOn(await init(), ...args));
  });
}
