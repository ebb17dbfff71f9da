import { mockServices } from '@backstage/backend-test-utils';
import { createTestDatabases } from '../__testUtils__/databases';
import { migrateDatabase } from '../database/migrateDatabase';
import { DatabaseMaintenanceStore } from './DatabaseMaintenanceStore';

jest.setTimeout(60_000);

const window = (
  id: string,
  entityRef: string,
  startsAt: string,
  endsAt: string,
) => ({
  id,
  entityRef,
  startsAt,
  endsAt,
  reason: `window ${id}`,
  createdBy: 'user:default/mock',
  createdAt: '2026-01-01T00:00:00.000Z',
});

describe('DatabaseMaintenanceStore', () => {
  const databases = createTestDatabases();

  it.each(databases.eachSupportedId())(
    'finds the windows in force at a time, start inclusive and end exclusive, on %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      await migrateDatabase(mockServices.database({ knex }));
      const store = DatabaseMaintenanceStore.create({ knex });
      const db = 'component:default/mysql';
      const web = 'component:default/storefront-web';
      expect(
        await store.createWindow(
          window(
            'a',
            db,
            '2026-01-01T10:00:00.000Z',
            '2026-01-01T11:00:00.000Z',
          ),
        ),
      ).toEqual(
        window('a', db, '2026-01-01T10:00:00.000Z', '2026-01-01T11:00:00.000Z'),
      );
      await store.createWindow(
        window(
          'b',
          web,
          '2026-01-01T10:30:00.000Z',
          '2026-01-01T12:00:00.000Z',
        ),
      );

      const ids = (windows: Array<{ id: string }>) => windows.map(w => w.id);
      expect(
        ids(await store.activeWindows('2026-01-01T10:00:00.000Z')),
      ).toEqual(['a']);
      expect(
        ids(await store.activeWindows('2026-01-01T10:45:00.000Z')),
      ).toEqual(['a', 'b']);
      expect(
        ids(await store.activeWindows('2026-01-01T11:00:00.000Z')),
      ).toEqual(['b']);
      expect(
        ids(await store.activeWindows('2026-01-01T10:45:00.000Z', [web])),
      ).toEqual(['b']);
      expect(await store.activeWindows('2026-01-01T10:45:00.000Z', [])).toEqual(
        [],
      );
      expect(
        ids(
          await store.listWindows({
            endingAfter: '2026-01-01T11:30:00.000Z',
            limit: 10,
          }),
        ),
      ).toEqual(['b']);
      expect(
        ids(await store.listWindows({ entityRef: db, limit: 10 })),
      ).toEqual(['a']);
      expect(await store.deleteWindow('a')).toBe(true);
      expect(await store.deleteWindow('a')).toBe(false);
    },
  );
});
