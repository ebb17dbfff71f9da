import { eachDatabase } from '../__testUtils__/databases';
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
  ownerRef: 'group:default/checkout-team',
  source: 'manual',
  roles: { commander: 'user:default/guest' },
  createdBy: 'user:default/guest',
  declaredAt: '2026-11-01T10:00:00.000Z',
};

describe('DatabaseIncidentsStore', () => {
  eachDatabase(({ migrated }) => {
    async function createStore() {
      return DatabaseIncidentsStore.create({ knex: await migrated() });
    }

    it('creates an incident with a human id, version 1 and its timeline', async () => {
      const store = await createStore();
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
        customerImpact: '',
        labels: {},
        links: [],
        roles: { commander: 'user:default/guest' },
        ownerRef: 'group:default/checkout-team',
        mergedInto: null,
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
      const store = await createStore();
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
      const store = await createStore();
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

    it('updates only at the expected version and derives times from the timeline', async () => {
      const store = await createStore();
      await store.createIncident(base, [
        { type: 'declared', actor: 'a', at: base.declaredAt, status: 'triage' },
      ]);
      const acked = await store.updateIncident(1, () => ({
        changes: {},
        events: [
          { type: 'acknowledged', actor: 'a', at: '2026-11-01T10:05:00.000Z' },
        ],
      }));
      expect(acked).toMatchObject({
        version: 2,
        acknowledgedAt: '2026-11-01T10:05:00.000Z',
        resolvedAt: null,
      });
      // a refusal inside the update changes nothing
      await expect(
        store.updateIncident(1, () => {
          throw new Error('refused');
        }),
      ).rejects.toThrow('refused');
      expect((await store.getIncident(1))?.version).toBe(2);
      expect(
        await store.updateIncident(99, () => ({ changes: {}, events: [] })),
      ).toBeUndefined();

      const resolved = await store.updateIncident(1, current => {
        expect(current.version).toBe(2);
        return {
          changes: {
            status: 'resolved',
            severity: 'SEV1',
            roles: { scribe: 'user:default/sam' },
          },
          events: [
            {
              type: 'status_changed',
              actor: 'a',
              at: '2026-11-01T11:00:00.000Z',
              status: 'resolved',
            },
          ],
        };
      });
      expect(resolved).toMatchObject({
        title: 'Checkout is slow',
        severity: 'SEV1',
        status: 'resolved',
        version: 3,
        roles: { commander: 'user:default/guest', scribe: 'user:default/sam' },
        mitigatedAt: '2026-11-01T11:00:00.000Z',
        resolvedAt: '2026-11-01T11:00:00.000Z',
      });

      // reopening clears the resolution but keeps the history
      const reopened = await store.updateIncident(1, () => ({
        changes: { status: 'investigating' },
        events: [
          {
            type: 'status_changed',
            actor: 'a',
            at: '2026-11-01T12:00:00.000Z',
            status: 'investigating',
          },
        ],
      }));
      expect(reopened?.resolvedAt).toBeNull();
      expect((await store.listTimeline(1)).map(e => e.type)).toEqual([
        'declared',
        'acknowledged',
        'status_changed',
        'status_changed',
      ]);
    });

    it('rewrites the entity index when impacted entities change', async () => {
      const store = await createStore();
      await store.createIncident(base, []);
      await store.updateIncident(1, () => ({
        changes: { impactedEntityRefs: ['resource:default/postgres-main'] },
        events: [],
      }));
      const onDb = await store.listIncidents({
        entityRef: 'resource:default/postgres-main',
        limit: 10,
      });
      const onWeb = await store.listIncidents({
        entityRef: 'component:default/storefront-web',
        limit: 10,
      });
      expect(onDb.items.map(i => i.id)).toEqual(['INC-1']);
      expect(onWeb.items).toEqual([]);
    });

    it('joins the timelines of merged duplicates', async () => {
      const store = await createStore();
      await store.createIncident(base, [
        { type: 'declared', actor: 'a', at: '2026-11-01T10:00:00.000Z' },
      ]);
      await store.createIncident(
        { ...base, declaredAt: '2026-11-01T10:01:00.000Z' },
        [{ type: 'declared', actor: 'b', at: '2026-11-01T10:01:00.000Z' }],
      );
      await store.updateIncident(2, () => ({
        changes: { status: 'merged', mergedInto: 1 },
        events: [
          {
            type: 'merged',
            actor: 'b',
            at: '2026-11-01T10:02:00.000Z',
            status: 'merged',
          },
        ],
      }));
      const timeline = await store.listTimeline(1);
      expect(timeline.map(e => [e.incidentId, e.type])).toEqual([
        ['INC-1', 'declared'],
        ['INC-2', 'declared'],
        ['INC-2', 'merged'],
      ]);
      expect((await store.getIncident(2))?.mergedInto).toBe('INC-1');
    });

    it('filters by text, entity sets, time and permission conditions', async () => {
      const store = await createStore();
      await store.createIncident({ ...base, title: 'Payments 100% down' }, []);
      await store.createIncident(
        {
          ...base,
          title: 'Search slow',
          description: 'indexer lag',
          entityRef: 'component:default/search-service',
          impactedEntityRefs: [],
          ownerRef: 'group:default/search-team',
          roles: {},
          declaredAt: '2026-11-05T10:00:00.000Z',
        },
        [],
      );
      const ids = async (filter: object) =>
        (await store.listIncidents({ limit: 10, ...filter })).items.map(
          i => i.id,
        );
      expect(await ids({ text: 'LAG' })).toEqual(['INC-2']);
      expect(await ids({ text: '100%' })).toEqual(['INC-1']);
      expect(await ids({ text: '_' })).toEqual([]);
      expect(
        await ids({ entityRefs: ['component:default/storefront-web'] }),
      ).toEqual(['INC-1']);
      expect(await ids({ from: '2026-11-02T00:00:00Z' })).toEqual(['INC-2']);
      expect(await ids({ to: '2026-11-02T00:00:00Z' })).toEqual(['INC-1']);
      expect(
        await ids({
          condition: {
            property: 'owner_ref',
            values: ['group:default/search-team'],
          },
        }),
      ).toEqual(['INC-2']);
      expect(
        await ids({
          condition: {
            anyOf: [
              { property: 'commander_ref', values: ['user:default/guest'] },
              { property: 'owner_ref', values: ['group:default/search-team'] },
            ],
          },
        }),
      ).toEqual(['INC-2', 'INC-1']);
      expect(
        await ids({
          condition: {
            not: {
              property: 'owner_ref',
              values: ['group:default/search-team'],
            },
          },
        }),
      ).toEqual(['INC-1']);
    });

    it('filters by status and severity', async () => {
      const store = await createStore();
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
