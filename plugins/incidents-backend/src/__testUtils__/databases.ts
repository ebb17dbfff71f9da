import { TestDatabases } from '@backstage/backend-test-utils';

/**
 * Every store test runs on both engines Lookout supports. PostgreSQL comes from
 * BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING (the test command sets it).
 */
export function createTestDatabases(): TestDatabases {
  return TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });
}
