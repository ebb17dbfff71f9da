import { mockServices, TestDatabaseId } from '@backstage/backend-test-utils';
import { migrateDatabase } from '../database/migrateDatabase';
import { createTestDatabases } from '../__testUtils__/databases';
import { DatabaseIncidentsStore } from './DatabaseIncidentsStore';
import { NewIncident } from './IncidentsStore';

jest.setTimeout(60_000);

const base: NewIncident = {
  title: 'Checkout is slow',
  description: 'p99 above 4s',
  severity: 'SEV2',
  status: 'triage',
  entityRef: 'component:default/checkout-service',
  impactedEntityRefs: ['component:default/storefront-web'],
  source: 'manual',
  createdBy: 'user:default/guest',
  declaredAt: '2026-11-01T10:00:00.000Z',
};

describe('DatabaseIncidentsStore', () => {
  const databases = createTestDatabases();

  async function createStore(databaseId: TestDatabaseId) {
    const knex = await databases.init(databaseId);
    await migrateDatabase(mockServices.database({ knex }));
    return DatabaseIncidentsStore.create({ knex });
  }

  describe.each(databases.eachSupportedId())('on %p', databaseId => {
    it('creates an incident with a human id, version 1 and its timeline', async () => {
      const store = await createStore(databaseId);
      const created = await store.createIncident(base, [
        { type: 'declared', actor: 'user:default/guest', at: base.declaredAt },
      ]);

      expect(created).toEqual({
        id: 'INC-1',
        title: 'Checkout is slow',
        description: 'p99 above 4s',
        severity: 'SEV2',
        status: 'triage',
        entityRef: 'component:default/checkout-service',
        impactedEntityRefs: ['component:default/storefront-web'],
        source: 'manual',
        createdBy: 'user:default/guest',
        version: 1,
        declaredAt: '2026-11-01T10:00:00.000Z',
        acknowledgedAt: null,
        mitigatedAt: null,
        resolvedAt: null,
        closedAt: null,
        updatedAt: '2026-11-01T10:00:00.000Z',
      });
      expect(await store.getIncident(1)).toEqual(created);
      expect(await store.getIncident(2)).toBeUndefined();

      const timeline = await store.listTimeline(1);
      expect(timeline).toEqual([
        {
          id: expect.any(String),
          incidentId: 'INC-1',
          type: 'declared',
          actor: 'user:default/guest',
          at: '2026-11-01T10:00:00.000Z',
          data: {},
        },
      ]);
    });

    it('lists an entity’s incidents as origin or impacted, newest first', async () => {
      const store = await createStore(databaseId);
      await store.createIncident(base, []);
      await store.createIncident(
        {
          ...base,
          entityRef: 'resource:default/postgres-main',
          impactedEntityRefs: ['component:default/checkout-service'],
          declaredAt: '2026-11-02T10:00:00.000Z',
        },
        [],
      );
      await store.createIncident(
        {
          ...base,
          entityRef: 'component:default/search-service',
          impactedEntityRefs: [],
          declaredAt: '2026-11-03T10:00:00.000Z',
        },
        [],
      );

      const page = await store.listIncidents({
        entityRef: 'component:default/checkout-service',
        limit: 10,
      });
      expect(page.items.map(i => i.id)).toEqual(['INC-2', 'INC-1']);
      expect(page.last).toBeUndefined();

      const all = await store.listIncidents({ limit: 10 });
      expect(all.items.map(i => i.id)).toEqual(['INC-3', 'INC-2', 'INC-1']);
    });

    it('pages with a keyset cursor without gaps or repeats, ties included', async () => {
      const store = await createStore(databaseId);
      for (let i = 0; i < 7; i++) {
        await store.createIncident(
          {
            ...base,
            title: `incident ${i}`,
            // pairs share a timestamp, so the seq tiebreak matters
            declaredAt: new Date(
              Date.UTC(2026, 10, 1, Math.floor(i / 2)),
            ).toISOString(),
          },
          [],
        );
      }
      for (const entityRef of [undefined, base.entityRef]) {
        const seen: string[] = [];
        let after = undefined;
        do {
          const page: Awaited<ReturnType<typeof store.listIncidents>> =
            await store.listIncidents({ entityRef, limit: 3, after });
          seen.push(...page.items.map(i => i.id));
          after = page.last;
        } while (after);
        expect(seen).toEqual([
          'INC-7',
          'INC-6',
          'INC-5',
          'INC-4',
          'INC-3',
          'INC-2',
          'INC-1',
        ]);
      }
    });

    it('filters by status and severity', async () => {
      const store = await createStore(databaseId);
      await store.createIncident(base, []);
      await store.createIncident(
        { ...base, severity: 'SEV1', status: 'resolved' },
        [],
      );
      const resolved = await store.listIncidents({
        status: ['resolved'],
        limit: 10,
      });
      expect(resolved.items.map(i => i.id)).toEqual(['INC-2']);
      const sev2 = await store.listIncidents({
        severity: ['SEV2'],
        entityRef: base.entityRef,
        limit: 10,
      });
      expect(sev2.items.map(i => i.id)).toEqual(['INC-1']);
      expect(await store.countIncidents()).toBe(2);
    });
  });
});
