import { mockServices } from '@backstage/backend-test-utils';
import { createTestDatabases } from '../__testUtils__/databases';
import { migrateDatabase } from '../database/migrateDatabase';
import { NewChangeEvent } from './ChangesStore';
import { DatabaseChangesStore } from './DatabaseChangesStore';

jest.setTimeout(60_000);

const change = (
  hash: string,
  at: string,
  entityRef: string | null = 'component:default/mysql',
): NewChangeEvent => ({
  integrationId: 'pd',
  dedupHash: hash.padEnd(64, '0'),
  entityRef,
  summary: `deploy ${hash}`,
  source: 'ci',
  at,
  receivedAt: at,
  links: [],
  details: { custom_details: { build: hash } },
});

describe('DatabaseChangesStore', () => {
  const databases = createTestDatabases();

  it.each(databases.eachSupportedId())(
    'stores each change once and lists them newest first on %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      await migrateDatabase(mockServices.database({ knex }));
      await knex('integrations').insert({
        id: 'pd',
        name: 'pd',
        type: 'pagerduty',
        key_hash: '0'.repeat(64),
        key_hint: 'lk_',
        created_by: 'user:default/mock',
        created_at: new Date(),
      });
      const store = DatabaseChangesStore.create({ knex });
      await store.recordChange(change('a', '2026-01-01T10:00:00.000Z'));
      await store.recordChange(change('a', '2026-01-01T10:00:00.000Z'));
      await store.recordChange(change('b', '2026-01-01T11:00:00.000Z'));
      await store.recordChange(
        change(
          'c',
          '2026-01-01T12:00:00.000Z',
          'component:default/checkout-service',
        ),
      );
      await store.recordChange(change('d', '2026-01-01T09:00:00.000Z', null));

      const summaries = (items: Array<{ summary: string }>) =>
        items.map(c => c.summary);
      expect(
        summaries(
          await store.listChanges({
            entityRefs: ['component:default/mysql'],
            since: '2026-01-01T00:00:00.000Z',
            limit: 10,
          }),
        ),
      ).toEqual(['deploy b', 'deploy a']);
      expect(
        summaries(
          await store.listChanges({
            since: '2026-01-01T09:30:00.000Z',
            limit: 2,
          }),
        ),
      ).toEqual(['deploy c', 'deploy b']);
      expect(
        summaries(
          await store.listChanges({
            since: '2026-01-01T00:00:00.000Z',
            until: '2026-01-01T10:00:00.000Z',
            limit: 10,
          }),
        ),
      ).toEqual(['deploy a', 'deploy d']);
      // more refs than one query binds: asked in chunks, merged in order
      const many = [
        ...Array.from({ length: 2500 }, (_, i) => `component:default/c-${i}`),
        'component:default/checkout-service',
        'component:default/mysql',
      ];
      const [newest] = await store.listChanges({
        entityRefs: many,
        since: '2026-01-01T00:00:00.000Z',
        limit: 10,
      });
      expect(newest).toMatchObject({
        summary: 'deploy c',
        entityRef: 'component:default/checkout-service',
        details: { custom_details: { build: 'c' } },
      });
      expect(
        await store.listChanges({
          entityRefs: [],
          since: '2000-01-01T00:00:00Z',
          limit: 1,
        }),
      ).toEqual([]);
    },
  );
});
