import { TestDatabases } from '@backstage/backend-test-utils';
import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { DatabaseChannelStore } from './DatabaseChannelStore';

jest.setTimeout(30_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

describe.each(databases.eachSupportedId())(
  'DatabaseChannelStore on %p',
  databaseId => {
    async function create() {
      const knex = await databases.init(databaseId);
      const store = await DatabaseChannelStore.create({
        database: { getClient: async () => knex, migrations: { skip: false } },
      });
      return { knex, store };
    }

    it('keeps one channel per incident and finds it by either id', async () => {
      const { store } = await create();
      await store.insert({
        incidentId: 'INC-1',
        channelId: 'C1',
        channelName: 'inc-1',
      });
      // (the driver's error may come from another realm than jest's, so it is read as text)
      const second = await store
        .insert({
          incidentId: 'INC-1',
          channelId: 'C2',
          channelName: 'inc-1-2',
        })
        .then(
          () => 'inserted',
          error => String(error),
        );
      expect(second).toMatch(/unique|duplicate/i);
      await store.update('INC-1', {
        announcementTs: '1.000001',
        announcedVersion: 3,
        invited: ['UA', 'UB'],
      });
      const expected = {
        incidentId: 'INC-1',
        channelId: 'C1',
        channelName: 'inc-1',
        announcementTs: '1.000001',
        broadcastTs: null,
        announcedVersion: 3,
        invited: ['UA', 'UB'],
        archived: false,
      };
      expect(await store.get('INC-1')).toEqual(expected);
      expect(await store.byChannel('C1')).toEqual(expected);
      expect(await store.get('INC-2')).toBeUndefined();
      await store.update('INC-1', { archived: true });
      expect((await store.get('INC-1'))?.archived).toBe(true);
    });

    it('lets one sync hold a channel at a time, until it lets go or its time runs out', async () => {
      const { store } = await create();
      await store.insert({
        incidentId: 'INC-1',
        channelId: 'C1',
        channelName: 'inc-1',
      });
      expect(await store.lockSync('INC-1', 60_000)).toBe(true);
      expect(await store.lockSync('INC-1', 60_000)).toBe(false);
      await store.unlockSync('INC-1');
      expect(await store.lockSync('INC-1', -1)).toBe(true);
      // the holder's time ran out
      expect(await store.lockSync('INC-1', 60_000)).toBe(true);
      expect(await store.lockSync('INC-2', 60_000)).toBe(false);
    });

    it('remembers a message once', async () => {
      const { store } = await create();
      expect(await store.rememberMessage('slack:C1:1.000001', 'INC-1')).toBe(
        true,
      );
      expect(await store.rememberMessage('slack:C1:1.000001', 'INC-1')).toBe(
        false,
      );
      expect(await store.rememberMessage('slack:C1:1.000002', 'INC-1')).toBe(
        true,
      );
    });

    it('migrates down and up again', async () => {
      const { knex } = await create();
      const config = {
        directory: resolvePackagePath(
          '@lookout/plugin-incidents-backend-module-slack',
          'migrations',
        ),
        tableName: 'incidents_slack_knex_migrations',
      };
      await knex.migrate.rollback(config, true);
      expect(await knex.schema.hasTable('slack_incident_channels')).toBe(false);
      expect(await knex.schema.hasTable('slack_timeline_messages')).toBe(false);
      await knex.migrate.latest(config);
      expect(await knex.schema.hasTable('slack_incident_channels')).toBe(true);
    });
  },
);
