import { mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { Knex } from 'knex';
import { eachDatabase } from '../__testUtils__/databases';
import { migrateDatabase } from '../database/migrateDatabase';
import { AlertIncidentWriter } from '../incidents/AlertIncidentWriter';
import { DatabaseIncidentsStore } from '../incidents/DatabaseIncidentsStore';
import { IncidentChangeStream } from '../incidents/IncidentChangeStream';
import { IncidentsService } from '../incidents/IncidentsService';
import { StoredIntegration } from '../integrations/IntegrationsStore';
import { testEntities } from './__testUtils__/backend';
import { AlertsService } from './AlertsService';
import { DEFAULT_SEVERITIES } from './config';
import { DatabaseAlertsStore } from './DatabaseAlertsStore';
import { EntityRouter } from './routing';
import { AlertDelivery } from './types';

jest.setTimeout(60_000);

const MINUTE = 60_000;
const WINDOW = 15 * MINUTE;

const integration: StoredIntegration = {
  id: '00000000-0000-4000-8000-000000000001',
  name: 'Prometheus',
  type: 'alertmanager',
  keyHint: 'lk_test',
  entityRef: null,
  groupRef: null,
  autoResolve: true,
  signed: false,
  signingSecret: null,
  createdBy: 'user:default/mock',
  createdAt: '2026-01-01T00:00:00.000Z',
  lastUsedAt: null,
};

/** A generic-format delivery: named entity, times from the test's clock. */
function delivery(
  dedupKey: string,
  status: 'firing' | 'resolved',
  at: Date,
  entityRef = 'component:default/checkout-service',
): AlertDelivery {
  return {
    dedupKey,
    status,
    startsAt: status === 'firing' ? at.toISOString() : null,
    endsAt: status === 'resolved' ? at.toISOString() : null,
    content: {
      fingerprint: dedupKey,
      groupKey: null,
      summary: `${dedupKey} is failing`,
      description: '',
      severity: 'warning',
      source: 'test',
      labels: {},
      annotations: {},
      links: [],
      details: {},
      entityRef,
    },
  };
}

describe('AlertsService', () => {
  eachDatabase(({ init }) => {
    let knex: Knex;
    let now: Date;
    let windows: Map<string, string>;
    let incidentsStore: DatabaseIncidentsStore;
    let service: AlertsService;

    const at = (minutes: number) =>
      new Date(Date.UTC(2026, 0, 1) + minutes * MINUTE);
    const ingest = (minutes: number, ...deliveries: AlertDelivery[]) => {
      now = at(minutes);
      return service.ingest(integration, deliveries);
    };
    const incident = async (id: string) =>
      (await incidentsStore.getIncident(Number(id.slice(4))))!;

    beforeEach(async () => {
      knex = await init();
      await migrateDatabase(mockServices.database({ knex }));
      await knex('integrations').insert({
        id: integration.id,
        name: integration.name,
        type: integration.type,
        key_hash: 'x'.repeat(64),
        key_hint: integration.keyHint,
        auto_resolve: true,
        created_by: integration.createdBy,
        created_at: new Date(integration.createdAt),
      });
      incidentsStore = DatabaseIncidentsStore.create({ knex });
      const logger = mockServices.logger.mock();
      const clock = () => now;
      windows = new Map();
      const incidentChanges = new IncidentChangeStream(logger);
      const incidents = new IncidentsService({
        store: incidentsStore,
        catalog: catalogServiceMock({ entities: testEntities }),
        authorizer: {} as any,
        logger,
        incidentChanges,
        clock,
      });
      service = new AlertsService({
        store: DatabaseAlertsStore.create({ knex, incidents: incidentsStore }),
        incidents,
        alertIncidents: new AlertIncidentWriter({
          store: incidentsStore,
          logger,
          incidentChanges,
          clock,
        }),
        router: new EntityRouter({
          catalog: catalogServiceMock({ entities: testEntities }),
          auth: mockServices.auth(),
          rules: [],
        }),
        maintenance: { activeFor: async () => windows },
        authorizer: { requireCreate: async () => {} },
        auth: mockServices.auth(),
        config: {
          groupWindowMs: WINDOW,
          severities: DEFAULT_SEVERITIES,
          defaultSeverity: 'SEV3',
        },
        logger,
        clock,
      });
    });

    it('groups alerts on an entity into its open incident, per entity', async () => {
      const first = await ingest(0, delivery('a', 'firing', at(0)));
      expect(first.incidents).toEqual(['INC-1']);
      const second = await ingest(5, delivery('b', 'firing', at(5)));
      expect(second.incidents).toEqual(['INC-1']);
      const elsewhere = await ingest(
        6,
        delivery('c', 'firing', at(6), 'component:default/mysql'),
      );
      expect(elsewhere.incidents).toEqual(['INC-2']);
      // while an alert of the group fires, the group stays live however long it takes
      const later = await ingest(300, delivery('d', 'firing', at(300)));
      expect(later.incidents).toEqual(['INC-1']);
      expect((await incident('INC-1')).status).toBe('triage');
    });

    it('groups an alert listed twice in one delivery once', async () => {
      const twice = await ingest(
        0,
        delivery('a', 'firing', at(0)),
        delivery('a', 'firing', at(0)),
      );
      expect(twice.incidents).toEqual(['INC-1']);
      const events = await incidentsStore.listTimeline(1);
      expect(events.filter(e => e.type === 'alert_attached')).toHaveLength(1);
      const [alert] = (
        await service.listForEntity('component:default/checkout-service', {})
      ).items;
      expect(alert.occurrences).toBe(2);
    });

    it('starts a new incident once the group window has passed without activity', async () => {
      await ingest(0, delivery('a', 'firing', at(0)));
      await ingest(10, delivery('a', 'resolved', at(10)));
      expect((await incident('INC-1')).status).toBe('resolved');

      // within the window after the last resolution: a flap, the same incident reopens
      const flap = await ingest(20, delivery('a', 'firing', at(20)));
      expect(flap.incidents).toEqual(['INC-1']);
      expect((await incident('INC-1')).status).toBe('investigating');
      await ingest(21, delivery('a', 'resolved', at(21)));

      // past the window: a new problem, a new incident
      const fresh = await ingest(21 + 16, delivery('a', 'firing', at(37)));
      expect(fresh.incidents).toEqual(['INC-2']);
      expect((await incident('INC-1')).status).toBe('resolved');
    });

    it('starts a new incident when people closed or declined the old one', async () => {
      await ingest(0, delivery('a', 'firing', at(0)));
      await incidentsStore.updateIncident(1, () => ({
        changes: { status: 'declined' },
        events: [],
      }));
      // a repeat of the same firing stays with the declined incident
      const repeat = await ingest(1, delivery('a', 'firing', at(0)));
      expect(repeat.incidents).toEqual([]);
      const other = await ingest(2, delivery('b', 'firing', at(2)));
      expect(other.incidents).toEqual(['INC-2']);
    });

    it('does not resolve an incident while one of its alerts still fires', async () => {
      await ingest(
        0,
        delivery('a', 'firing', at(0)),
        delivery('b', 'firing', at(0)),
      );
      const partly = await ingest(3, delivery('a', 'resolved', at(3)));
      expect(partly.incidents).toEqual([]);
      expect((await incident('INC-1')).status).toBe('triage');
      await ingest(4, delivery('b', 'resolved', at(4)));
      expect((await incident('INC-1')).status).toBe('resolved');
    });

    it('records alerts under maintenance and groups them once it is over', async () => {
      windows.set('component:default/checkout-service', 'window-1');
      const held = await ingest(0, delivery('a', 'firing', at(0)));
      expect(held).toMatchObject({ suppressed: 1, incidents: [] });
      windows.clear();
      const repeat = await ingest(30, delivery('a', 'firing', at(0)));
      expect(repeat).toMatchObject({ suppressed: 0, incidents: ['INC-1'] });
    });

    it('acknowledges the incident of an acknowledged alert, and ignores unknown keys', async () => {
      await ingest(0, delivery('a', 'firing', at(0)));
      now = at(1);
      expect(await service.acknowledge(integration, 'nope')).toMatchObject({
        incidents: [],
      });
      const ack = await service.acknowledge(integration, 'a');
      expect(ack.incidents).toEqual(['INC-1']);
      expect((await incident('INC-1')).acknowledgedAt).toBe(
        at(1).toISOString(),
      );
      // twice changes nothing
      expect((await service.acknowledge(integration, 'a')).incidents).toEqual(
        [],
      );
    });

    it('lists an entity alerts newest first, paged with a cursor', async () => {
      for (let i = 0; i < 5; i++) {
        await ingest(i, delivery(`alert-${i}`, 'firing', at(i)));
      }
      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await service.listForEntity(
          'component:default/checkout-service',
          { limit: 2, cursor },
        );
        seen.push(...page.items.map(a => a.fingerprint));
        cursor = page.nextCursor;
      } while (cursor);
      expect(seen).toEqual([
        'alert-4',
        'alert-3',
        'alert-2',
        'alert-1',
        'alert-0',
      ]);
      await expect(
        service.listForEntity('component:default/checkout-service', {
          cursor: 'garbage',
        }),
      ).rejects.toThrow(/cursor/);
    });

    it('answers deliveries that share a transaction as if each had come alone', async () => {
      now = at(0);
      await ingest(0, delivery('first', 'firing', at(0)));
      // twenty deliveries at once: they share transactions, each answered with its part
      const answers = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          service.ingest(integration, [
            delivery(`burst-${i}`, 'firing', at(0)),
            delivery(`db-${i}`, 'firing', at(0), 'component:default/mysql'),
          ]),
        ),
      );
      for (const answer of answers) {
        expect(answer).toMatchObject({ received: 2, stale: 0, unrouted: 0 });
        expect(answer.incidents).toContain('INC-1');
      }
      // one incident per entity, and every alert on its timeline once
      const incidentIds = new Set(answers.flatMap(a => a.incidents));
      expect([...incidentIds].sort()).toEqual(['INC-1', 'INC-2']);
      const attached = async (seq: number) =>
        (await incidentsStore.listTimeline(seq)).filter(
          e => e.type === 'alert_attached',
        ).length;
      expect(await attached(1)).toBe(21);
      expect(await attached(2)).toBe(20);
      const alerts = await knex('alerts').whereNotNull('incident_seq');
      expect(alerts).toHaveLength(41);
    });

    it('keeps the order of deliveries that resolve and fire alerts of one entity', async () => {
      await ingest(0, delivery('a', 'firing', at(0)));
      now = at(1);
      // while a delivery elsewhere runs, the next two wait for one transaction: the first
      // resolves the incident's last alert, the second fires a new one. One after the other,
      // the incident resolves and the new alert reopens it
      const [, resolved, fired] = await Promise.all([
        service.ingest(integration, [
          delivery('x', 'firing', at(1), 'component:default/mysql'),
        ]),
        service.ingest(integration, [delivery('a', 'resolved', at(1))]),
        service.ingest(integration, [delivery('b', 'firing', at(1))]),
      ]);
      expect(resolved.incidents).toEqual(['INC-1']);
      expect(fired.incidents).toEqual(['INC-1']);
      expect((await incident('INC-1')).status).toBe('investigating');
      const statuses = (await incidentsStore.listTimeline(1))
        .filter(e => e.type === 'status_changed')
        .map(e => e.data.to);
      expect(statuses).toEqual(['resolved', 'investigating']);
    });
  });
});
