import { Knex } from 'knex';
import { createTestDatabases } from '../__testUtils__/databases';
import { withZendeskIntegration } from './__testUtils__/supportDatabase';
import { DatabaseSupportStore } from './DatabaseSupportStore';
import { TicketEvent } from './types';

jest.setTimeout(60_000);

const event = (over: Partial<TicketEvent> = {}): TicketEvent => ({
  eventKey: 'event:1',
  ticketId: '101',
  ticketUrl: null,
  subject: 'Checkout fails',
  description: 'Card payments time out',
  requester: 'ann@acme.test',
  organization: 'Acme',
  product: 'Checkout',
  tags: ['payments'],
  ticketStatus: 'open',
  eventAt: '2026-12-01T10:00:00.000Z',
  ...over,
});

describe('DatabaseSupportStore', () => {
  const databases = createTestDatabases();

  describe.each(databases.eachSupportedId())('on %p', databaseId => {
    let knex: Knex;
    let store: DatabaseSupportStore;
    const zendesk = { id: 'int-1', provider: 'zendesk' as const };

    beforeEach(async () => {
      knex = await withZendeskIntegration(await databases.init(databaseId));
      store = DatabaseSupportStore.create({ knex });
    });

    it('records an event once, however often and however concurrently it arrives', async () => {
      const results = await Promise.all(
        Array.from({ length: 50 }, () =>
          store.recordEvent(
            zendesk,
            event(),
            { raw: true },
            '2026-12-01T10:00:01.000Z',
          ),
        ),
      );
      expect(results.filter(r => r.created)).toHaveLength(1);
      expect(results.filter(r => !r.duplicate)).toHaveLength(1);
      expect(new Set(results.map(r => r.report.id)).size).toBe(1);
      const [{ n }] = await knex('support_reports').count({ n: '*' });
      expect(Number(n)).toBe(1);
      const [{ e }] = await knex('support_events').count({ e: '*' });
      expect(Number(e)).toBe(1);
    });

    it('applies a newer event of a ticket and keeps, without applying, an older one arriving late', async () => {
      await store.recordEvent(zendesk, event(), {}, '2026-12-01T10:00:01.000Z');
      const newer = await store.recordEvent(
        zendesk,
        event({
          eventKey: 'event:3',
          subject: 'Checkout down',
          eventAt: '2026-12-01T10:05:00.000Z',
        }),
        {},
        '2026-12-01T10:05:01.000Z',
      );
      expect(newer).toMatchObject({ duplicate: false, created: false });
      expect(newer.report.subject).toBe('Checkout down');
      const older = await store.recordEvent(
        zendesk,
        event({
          eventKey: 'event:2',
          subject: 'Stale subject',
          eventAt: '2026-12-01T10:02:00.000Z',
        }),
        {},
        '2026-12-01T10:06:00.000Z',
      );
      expect(older.duplicate).toBe(false);
      expect(older.report.subject).toBe('Checkout down');
      const [{ e }] = await knex('support_events').count({ e: '*' });
      expect(Number(e)).toBe(3);
    });

    it('lists newest first with filters and a cursor', async () => {
      for (let i = 0; i < 5; i++) {
        const { report } = await store.recordEvent(
          zendesk,
          event({
            eventKey: `e${i}`,
            ticketId: `t${i}`,
            organization: i % 2 ? 'Acme' : 'Globex',
          }),
          {},
          `2026-12-01T10:0${i}:00.000Z`,
        );
        await store.setMatch(
          report.id,
          {
            entityRefs: i < 3 ? ['component:default/checkout'] : [],
            suggestions: [],
          },
          `2026-12-01T10:0${i}:00.000Z`,
        );
      }
      const first = await store.listReports({ limit: 2 });
      expect(first.items.map(r => r.ticketId)).toEqual(['t4', 't3']);
      const second = await store.listReports({ limit: 2, after: first.last });
      expect(second.items.map(r => r.ticketId)).toEqual(['t2', 't1']);
      const third = await store.listReports({ limit: 2, after: second.last });
      expect(third.items.map(r => r.ticketId)).toEqual(['t0']);
      expect(third.last).toBeUndefined();

      const byEntity = await store.listReports({
        limit: 10,
        entityRef: 'component:default/checkout',
      });
      expect(byEntity.items.map(r => r.ticketId)).toEqual(['t2', 't1', 't0']);
      const byOrg = await store.listReports({
        limit: 10,
        organization: 'Acme',
      });
      expect(byOrg.items.map(r => r.ticketId)).toEqual(['t3', 't1']);
    });

    it('links once, never over an agent with an auto-link, and records each notice once with its queue item', async () => {
      const { report } = await store.recordEvent(
        zendesk,
        event(),
        {},
        '2026-12-01T10:00:01.000Z',
      );
      const agent = await store.link(
        report.id,
        {
          incidentId: 'INC-1',
          linkedBy: 'user:default/agent',
          status: 'linked',
          onlyIfOpen: true,
        },
        '2026-12-01T10:01:00.000Z',
      );
      expect(agent).toMatchObject({
        changed: true,
        report: { incidentId: 'INC-1', status: 'linked' },
      });
      const auto = await store.link(
        report.id,
        {
          incidentId: 'INC-2',
          linkedBy: 'auto',
          status: 'linked',
          onlyIfOpen: true,
        },
        '2026-12-01T10:02:00.000Z',
      );
      expect(auto).toMatchObject({
        changed: false,
        report: { incidentId: 'INC-1' },
      });

      const scheduled: string[][] = [];
      const notice = {
        reportId: report.id,
        incidentId: 'INC-1',
        kind: 'resolution' as const,
        updateKey: 'resolved:1',
        body: 'Fixed',
      };
      const schedule = async (added: { id: string }[]) => {
        scheduled.push(added.map(a => a.id));
      };
      const [added] = await store.addNotices(
        [notice],
        '2026-12-01T11:00:00.000Z',
        schedule,
      );
      expect(
        await store.addNotices([notice], '2026-12-01T11:00:01.000Z', schedule),
      ).toEqual([]);
      expect(scheduled).toEqual([[added.id], []]);

      await store.setNotice(added.id, {
        status: 'failed',
        attempts: 3,
        lastError: '500',
        deliveredAt: null,
      });
      const reset = await store.resetFailed('INC-1', async () => undefined);
      expect(reset.map(n => n.id)).toEqual([added.id]);
      await store.setNotice(added.id, {
        status: 'delivered',
        attempts: 4,
        lastError: null,
        deliveredAt: '2026-12-01T11:05:00.000Z',
      });
      // a late failure report does not undo a delivery
      await store.setNotice(added.id, {
        status: 'failed',
        attempts: 5,
        lastError: 'late',
        deliveredAt: null,
      });
      expect(await store.getNotice(added.id)).toMatchObject({
        status: 'delivered',
        body: 'Fixed',
        requester: 'ann@acme.test',
        ticketId: '101',
      });

      const outcomes = await store.linkedOutcomes(
        '2026-12-01T00:00:00.000Z',
        '2026-12-02T00:00:00.000Z',
      );
      expect(outcomes).toEqual([
        {
          reportId: report.id,
          incidentId: 'INC-1',
          linkedAt: '2026-12-01T10:01:00.000Z',
          resolutionStatus: 'delivered',
          resolutionDeliveredAt: '2026-12-01T11:05:00.000Z',
        },
      ]);
    });
  });
});
