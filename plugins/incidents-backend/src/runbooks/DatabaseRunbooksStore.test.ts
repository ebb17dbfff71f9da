import { eachDatabase } from '../__testUtils__/databases';
import { DatabaseRunbooksStore } from './DatabaseRunbooksStore';
import { StoredRunbook } from './RunbooksStore';

jest.setTimeout(60_000);

const runbook = (
  id: string,
  title: string,
  markdown: string,
  entityRefs: string[],
): StoredRunbook => ({
  id,
  title,
  markdown,
  entityRefs,
  createdBy: 'user:default/alice',
  createdAt: '2026-11-30T10:00:00.000Z',
  updatedBy: 'user:default/alice',
  updatedAt: '2026-11-30T10:00:00.000Z',
  version: 1,
});

const db = 'component:default/postgres-main';
const web = 'component:default/storefront-web';

describe('DatabaseRunbooksStore', () => {
  eachDatabase(({ migrated }) => {
    async function createStore() {
      const knex = await migrated();
      return DatabaseRunbooksStore.create({ knex });
    }

    it('creates, reads, lists by entity and by words, and deletes', async () => {
      const store = await createStore();
      const failover = runbook(
        'a',
        'Database failover',
        '- [ ] Promote the replica\n- [ ] Point PgBouncer at it',
        [db, web, db],
      );
      expect(await store.createRunbook(failover)).toEqual({
        ...failover,
        entityRefs: [db, web],
      });
      await store.createRunbook(
        runbook('b', 'CDN purge', 'Purge 100% of the _edge_ cache', [web]),
      );

      const ids = (list: StoredRunbook[]) => list.map(r => r.id);
      expect(ids(await store.listRunbooks({ limit: 10 }))).toEqual(['b', 'a']);
      expect(
        ids(await store.listRunbooks({ entityRefs: [db], limit: 10 })),
      ).toEqual(['a']);
      expect(await store.listRunbooks({ entityRefs: [], limit: 10 })).toEqual(
        [],
      );
      // words match title or text, case-insensitively; LIKE wildcards are literal
      expect(
        ids(await store.listRunbooks({ allWords: ['PGBOUNCER'], limit: 10 })),
      ).toEqual(['a']);
      expect(
        ids(
          await store.listRunbooks({
            allWords: ['replica', 'purge'],
            limit: 10,
          }),
        ),
      ).toEqual([]);
      expect(
        ids(
          await store.listRunbooks({
            anyWords: ['replica', 'purge'],
            limit: 10,
          }),
        ),
      ).toEqual(['b', 'a']);
      expect(
        ids(await store.listRunbooks({ allWords: ['100%'], limit: 10 })),
      ).toEqual(['b']);
      expect(
        ids(await store.listRunbooks({ allWords: ['1_0'], limit: 10 })),
      ).toEqual([]);

      expect(await store.deleteRunbook('a')).toBe(true);
      expect(await store.deleteRunbook('a')).toBe(false);
      expect(await store.getRunbook('a')).toBeUndefined();
      expect(await store.listRunbooks({ entityRefs: [db], limit: 10 })).toEqual(
        [],
      );
    });

    it('updates only from the version read, and replaces the entities', async () => {
      const store = await createStore();
      await store.createRunbook(runbook('a', 'Failover', 'x', [db]));
      const updated = await store.updateRunbook('a', 1, {
        title: 'Database failover',
        entityRefs: [web],
        updatedBy: 'user:default/bob',
        updatedAt: '2026-11-30T11:00:00.000Z',
      });
      expect(updated).toMatchObject({
        title: 'Database failover',
        markdown: 'x',
        entityRefs: [web],
        updatedBy: 'user:default/bob',
        updatedAt: '2026-11-30T11:00:00.000Z',
        createdBy: 'user:default/alice',
        version: 2,
      });
      const stale = await store.updateRunbook('a', 1, {
        markdown: 'lost',
        updatedBy: 'user:default/carol',
        updatedAt: '2026-11-30T12:00:00.000Z',
      });
      expect(stale).toEqual({
        conflict: expect.objectContaining({ version: 2, markdown: 'x' }),
      });
      expect(
        await store.updateRunbook('ghost', 1, {
          updatedBy: 'user:default/bob',
          updatedAt: '2026-11-30T11:00:00.000Z',
        }),
      ).toBeUndefined();
    });
  });
});
