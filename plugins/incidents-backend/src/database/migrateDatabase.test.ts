import { mockServices } from '@backstage/backend-test-utils';
import { createTestDatabases } from '../__testUtils__/databases';
import { migrateDatabase, rollbackAllMigrations } from './migrateDatabase';

jest.setTimeout(60_000);

describe('migrations', () => {
  const databases = createTestDatabases();

  it.each(databases.eachSupportedId())('go up and down on %p', async id => {
    const knex = await databases.init(id);
    await migrateDatabase(mockServices.database({ knex }));
    expect(await knex.schema.hasTable('incidents')).toBe(true);
    expect(await knex.schema.hasTable('incident_events')).toBe(true);

    await rollbackAllMigrations(knex);
    expect(await knex.schema.hasTable('incidents')).toBe(false);
    expect(await knex.schema.hasTable('incident_entities')).toBe(false);

    await migrateDatabase(mockServices.database({ knex }));
    expect(await knex.schema.hasTable('incident_entities')).toBe(true);
  });

  it('are skipped when the operator says so', async () => {
    const knex = await databases.init('SQLITE_3');
    await migrateDatabase(
      mockServices.database({ knex, migrations: { skip: true } }),
    );
    expect(await knex.schema.hasTable('incidents')).toBe(false);
  });
});
