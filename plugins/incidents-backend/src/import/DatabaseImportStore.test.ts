import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { mockServices } from '@backstage/backend-test-utils';
import { migrateDatabase } from '../database/migrateDatabase';
import { createTestDatabases } from '../__testUtils__/databases';
import { DatabaseImportStore } from './DatabaseImportStore';

jest.setTimeout(60_000);

describe('DatabaseImportStore', () => {
  const databases = createTestDatabases();

  it.each(databases.eachSupportedId())(
    'keeps one record per vendor object and replaces it on %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      await migrateDatabase(mockServices.database({ knex }));
      const store = DatabaseImportStore.create({ knex });
      const record = {
        vendor: 'pagerduty' as const,
        kind: 'schedule' as const,
        vendorId: 'PSCHED1',
        lookoutId: 'a1',
        sourceHash: 'h1',
        lookoutVersion: 1,
        importedAt: '2026-12-07T10:00:00.000Z',
      };
      await store.put(record);
      await store.put({ ...record, sourceHash: 'h2', lookoutVersion: 2 });
      await store.put({
        ...record,
        kind: 'override',
        vendorId: 'POVR1',
        parentVendorId: 'PSCHED1',
        lookoutVersion: undefined,
      });
      await store.put({ ...record, vendor: 'opsgenie' });
      const { lookoutVersion: _, ...withoutVersion } = record;
      expect(await store.list('pagerduty')).toEqual([
        {
          ...withoutVersion,
          kind: 'override',
          vendorId: 'POVR1',
          parentVendorId: 'PSCHED1',
        },
        { ...record, sourceHash: 'h2', lookoutVersion: 2 },
      ]);
      await store.remove('pagerduty', 'override', 'POVR1');
      expect((await store.list('pagerduty')).map(r => r.vendorId)).toEqual([
        'PSCHED1',
      ]);
      expect(await store.list('opsgenie')).toHaveLength(1);
    },
  );

  it.each(databases.eachSupportedId())(
    'migrates up and down on %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      await migrateDatabase(mockServices.database({ knex }));
      expect(await knex.schema.hasTable('incidents_import_records')).toBe(true);
      await knex.migrate.down({
        directory: resolvePackagePath(
          '@lookout/plugin-incidents-backend',
          'migrations',
        ),
        name: '20261207230000_import_records.js',
      });
      expect(await knex.schema.hasTable('incidents_import_records')).toBe(
        false,
      );
    },
  );
});
