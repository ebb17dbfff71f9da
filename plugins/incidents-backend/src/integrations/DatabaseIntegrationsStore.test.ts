import { eachDatabase } from '../__testUtils__/databases';
import { DatabaseIntegrationsStore } from './DatabaseIntegrationsStore';
import { NewIntegration } from './IntegrationsStore';

jest.setTimeout(60_000);

const integration = (
  id: string,
  overrides: Partial<NewIntegration> = {},
): NewIntegration => ({
  id,
  name: `integration ${id}`,
  type: 'alertmanager',
  keyHash: id.padEnd(64, 'a'),
  keyHint: 'lk_abcd',
  entityRef: null,
  groupRef: 'group:default/platform',
  autoResolve: true,
  signingSecret: null,
  createdBy: 'user:default/mock',
  createdAt: '2026-01-01T00:00:00.000Z',
  ...overrides,
});

describe('DatabaseIntegrationsStore', () => {
  eachDatabase(({ migrated }) => {
    async function create() {
      const knex = await migrated();
      return { knex, store: DatabaseIntegrationsStore.create({ knex }) };
    }

    it('stores, finds by key hash, lists and revokes', async () => {
      const { store } = await create();
      const stored = await store.createIntegration(
        integration('a', { autoResolve: false, signingSecret: 's3cret' }),
      );
      expect(stored).toEqual({
        id: 'a',
        name: 'integration a',
        type: 'alertmanager',
        keyHint: 'lk_abcd',
        entityRef: null,
        groupRef: 'group:default/platform',
        autoResolve: false,
        signed: true,
        signingSecret: 's3cret',
        createdBy: 'user:default/mock',
        createdAt: '2026-01-01T00:00:00.000Z',
        lastUsedAt: null,
      });
      await store.createIntegration(
        integration('b', { createdAt: '2026-01-02T00:00:00.000Z' }),
      );
      expect((await store.listIntegrations()).map(i => i.id)).toEqual([
        'b',
        'a',
      ]);
      expect((await store.findByKeyHash('a'.padEnd(64, 'a')))?.id).toBe('a');

      expect(
        await store.revokeIntegration('a', '2026-01-03T00:00:00.000Z'),
      ).toBe(true);
      expect(
        await store.revokeIntegration('a', '2026-01-03T00:00:00.000Z'),
      ).toBe(false);
      expect(await store.findByKeyHash('a'.padEnd(64, 'a'))).toBeUndefined();
      expect(await store.getIntegration('a')).toBeUndefined();
      expect((await store.listIntegrations()).map(i => i.id)).toEqual(['b']);
    });

    it('records use at most once a minute', async () => {
      const { store } = await create();
      await store.createIntegration(integration('a'));
      await store.touchIntegration('a', '2026-01-01T10:00:00.000Z');
      await store.touchIntegration('a', '2026-01-01T10:00:30.000Z');
      expect((await store.getIntegration('a'))?.lastUsedAt).toBe(
        '2026-01-01T10:00:00.000Z',
      );
      await store.touchIntegration('a', '2026-01-01T10:01:01.000Z');
      expect((await store.getIntegration('a'))?.lastUsedAt).toBe(
        '2026-01-01T10:01:01.000Z',
      );
    });

    it('counts events per key in the current minute, restarting each minute', async () => {
      const { store } = await create();
      await store.createIntegration(integration('a'));
      await store.createIntegration(integration('b'));
      const minute = Date.UTC(2026, 0, 1, 10, 0);
      const counts = await Promise.all(
        Array.from({ length: 10 }, () => store.countEvent('a', minute)),
      );
      // concurrent counts never lose an event
      expect(counts.sort((x, y) => x - y)).toEqual([
        1, 2, 3, 4, 5, 6, 7, 8, 9, 10,
      ]);
      expect(await store.countEvent('b', minute)).toBe(1);
      expect(await store.countEvent('a', minute + 60_000)).toBe(1);
      expect(await store.countEvent('a', minute + 60_000)).toBe(2);
    });
  });
});
