import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { mockServices } from '@backstage/backend-test-utils';
import { Knex } from 'knex';
import { createTestDatabases, eachDatabase } from '../__testUtils__/databases';
import { migrateDatabase } from '../database/migrateDatabase';
import { DatabaseIncidentsStore } from '../incidents/DatabaseIncidentsStore';
import { NewIncident } from '../incidents/IncidentsStore';
import { NewAlert } from './AlertsStore';
import { DatabaseAlertsStore } from './DatabaseAlertsStore';

jest.setTimeout(60_000);

const AT = '2026-01-01T00:00:00.000Z';

/** An incident as alert ingestion opens it on checkout-service. */
const alertIncident: NewIncident = {
  title: 't',
  description: '',
  severity: 'SEV1',
  status: 'triage',
  entityRef: 'component:default/checkout-service',
  impactedEntityRefs: [],
  ownerRef: null,
  source: 'alert',
  createdBy: 'integration:auto',
  declaredAt: AT,
};
const LATER = '2026-01-01T00:05:00.000Z';

const newAlert = (
  dedupKey: string,
  overrides: Partial<NewAlert> = {},
): NewAlert => ({
  integrationId: 'auto',
  dedupKey,
  fingerprint: dedupKey,
  groupKey: null,
  status: 'firing',
  summary: `${dedupKey} fires`,
  description: '',
  severity: 'critical',
  incidentSeverity: 'SEV1',
  source: 'test',
  entityRef: 'component:default/checkout-service',
  ownerRef: 'group:default/checkout-team',
  labels: { alertname: dedupKey },
  annotations: {},
  links: [{ title: 'Dashboard', url: 'https://grafana.example.com' }],
  details: { values: { A: 1 } },
  startsAt: AT,
  endsAt: null,
  firstSeenAt: AT,
  lastSeenAt: AT,
  occurrences: 1,
  suppressedBy: null,
  ...overrides,
});

describe('DatabaseAlertsStore', () => {
  eachDatabase(({ migrated }) => {
    let knex: Knex;
    let store: DatabaseAlertsStore;

    beforeEach(async () => {
      knex = await migrated();
      for (const [id, autoResolve] of [
        ['auto', true],
        ['manual', false],
      ] as const) {
        await knex('integrations').insert({
          id,
          name: id,
          type: 'generic',
          key_hash: id.padEnd(64, '0'),
          key_hint: 'lk_',
          auto_resolve: autoResolve,
          created_by: 'user:default/mock',
          created_at: new Date(AT),
        });
      }
      store = DatabaseAlertsStore.create({
        knex,
        incidents: DatabaseIncidentsStore.create({ knex }),
      });
    });

    it('inserts an alert once per integration and dedup key, and maps it back', async () => {
      const first = await store.transaction(tx =>
        tx.insertAlert(newAlert('a')),
      );
      expect(first).toMatchObject({
        ...newAlert('a'),
        id: expect.any(Number),
        incidentSeq: null,
        groupId: null,
        acknowledgedAt: null,
      });
      const again = await store.transaction(tx =>
        tx.insertAlert(newAlert('a')),
      );
      expect(again).toBeUndefined();
      const other = await store.transaction(tx =>
        tx.insertAlert(newAlert('a', { integrationId: 'manual' })),
      );
      expect(other?.id).not.toBe(first!.id);

      const updated = await store.transaction(async tx => {
        const locked = await tx.lockAlert('auto', 'a');
        return tx.updateAlert(locked!.id, {
          status: 'resolved',
          endsAt: LATER,
          lastSeenAt: LATER,
          labels: { alertname: 'a', extra: 'x' },
        });
      });
      expect(updated).toMatchObject({
        status: 'resolved',
        endsAt: LATER,
        lastSeenAt: LATER,
        labels: { alertname: 'a', extra: 'x' },
        firstSeenAt: AT,
      });
      expect(await store.getAlert(first!.id)).toEqual(updated);
    });

    it('lets one live group per entity be claimed, and a new one after it ended', async () => {
      const ref = 'component:default/checkout-service';
      const group = await store.transaction(tx => tx.claimGroup(ref, AT));
      expect(group).toMatchObject({
        entityRef: ref,
        incidentSeq: null,
        lastActivityAt: AT,
      });
      expect(
        await store.transaction(tx => tx.claimGroup(ref, AT)),
      ).toBeUndefined();
      await store.transaction(async tx => {
        expect((await tx.lockLiveGroup(ref))?.id).toBe(group!.id);
        await tx.updateGroup(group!.id, { lastActivityAt: LATER });
        expect((await tx.lockLiveGroup(ref))?.lastActivityAt).toBe(LATER);
        await tx.endGroup(group!.id, LATER);
        expect(await tx.lockLiveGroup(ref)).toBeUndefined();
      });
      const next = await store.transaction(tx => tx.claimGroup(ref, LATER));
      expect(next!.id).not.toBe(group!.id);
    });

    it('counts the firing alerts of a group and what auto-resolution depends on', async () => {
      await store.transaction(async tx => {
        const incident = await tx.incidents.createIncident(alertIncident, []);
        const seq = Number(incident.id.slice(4));
        const group = await tx.claimGroup(
          'component:default/checkout-service',
          AT,
        );
        const a = await tx.insertAlert(newAlert('a'));
        const b = await tx.insertAlert(
          newAlert('b', { integrationId: 'manual' }),
        );
        for (const alert of [a!, b!]) {
          await tx.updateAlert(alert.id, {
            incidentSeq: seq,
            groupId: group!.id,
          });
        }
        expect(await tx.countFiringInGroup(group!.id, a!.id)).toBe(1);
        expect(await tx.incidentAlertSummary(seq)).toEqual({
          firing: 2,
          manualResolve: 1,
        });
        await tx.updateAlert(a!.id, { status: 'resolved' });
        await tx.updateAlert(b!.id, { status: 'resolved' });
        expect(await tx.countFiringInGroup(group!.id, 0)).toBe(0);
        expect(await tx.incidentAlertSummary(seq)).toEqual({
          firing: 0,
          manualResolve: 1,
        });
        expect(await tx.incidentAlertSummary(999)).toEqual({
          firing: 0,
          manualResolve: 0,
        });
      });
    });

    it('commits an alert and the incident it opens together, or neither', async () => {
      await expect(
        store.transaction(async tx => {
          await tx.insertAlert(newAlert('a'));
          await tx.incidents.createIncident(alertIncident, []);
          throw new Error('crash before commit');
        }),
      ).rejects.toThrow('crash before commit');
      expect(Number((await knex('alerts').count({ n: '*' }))[0].n)).toBe(0);
      expect(Number((await knex('incidents').count({ n: '*' }))[0].n)).toBe(0);
    });

    it('lists unrouted, per entity, per incident and by status, newest first with a cursor', async () => {
      await store.transaction(async tx => {
        await tx.insertAlert(newAlert('routed'));
        await tx.insertAlert(
          newAlert('lost-1', { entityRef: null, lastSeenAt: AT }),
        );
        await tx.insertAlert(
          newAlert('lost-2', {
            entityRef: null,
            lastSeenAt: LATER,
            status: 'resolved',
          }),
        );
        await tx.insertAlert(
          newAlert('lost-3', { entityRef: null, lastSeenAt: LATER }),
        );
      });
      const keys = (page: { items: Array<{ dedupKey: string }> }) =>
        page.items.map(a => a.dedupKey);
      const first = await store.listAlerts({ entityRef: null, limit: 2 });
      expect(keys(first)).toEqual(['lost-3', 'lost-2']);
      const second = await store.listAlerts({
        entityRef: null,
        limit: 2,
        after: first.last,
      });
      expect(keys(second)).toEqual(['lost-1']);
      expect(second.last).toBeUndefined();
      expect(
        keys(
          await store.listAlerts({
            entityRef: null,
            status: 'firing',
            limit: 10,
          }),
        ),
      ).toEqual(['lost-3', 'lost-1']);
      expect(
        keys(
          await store.listAlerts({
            entityRef: 'component:default/checkout-service',
            limit: 10,
          }),
        ),
      ).toEqual(['routed']);
      expect(
        keys(await store.listAlerts({ incidentSeq: 1, limit: 10 })),
      ).toEqual([]);
    });
  });
});

describe('the alerts migration', () => {
  const databases = createTestDatabases();
  const directory = resolvePackagePath(
    '@lookout/plugin-incidents-backend',
    'migrations',
  );
  const tables = [
    'integrations',
    'integration_rate_windows',
    'alert_groups',
    'alerts',
    'change_events',
    'maintenance_windows',
  ];

  it.each(databases.eachSupportedId())(
    'goes down and up again on %p',
    async id => {
      const knex = await databases.init(id);
      await migrateDatabase(mockServices.database({ knex }));
      for (const table of tables)
        expect(await knex.schema.hasTable(table)).toBe(true);

      const name = '20261130090000_alerts.js';
      // later migrations may reference these tables: undo them first, newest first, as a
      // rollback would
      while (
        (await knex.migrate.currentVersion({ directory })) > '20261130090000'
      ) {
        await knex.migrate.down({ directory });
      }
      await knex.migrate.down({ directory, name });
      for (const table of tables)
        expect(await knex.schema.hasTable(table)).toBe(false);
      // the earlier migration's tables stay
      expect(await knex.schema.hasTable('incidents')).toBe(true);

      await knex.migrate.up({ directory, name });
      for (const table of tables)
        expect(await knex.schema.hasTable(table)).toBe(true);
    },
  );
});
