import { Knex } from 'knex';
import { createTestDatabases } from '../__testUtils__/databases';
import { withZendeskIntegration } from './__testUtils__/supportDatabase';
import { DatabaseCustomerReach } from './DatabaseCustomerReach';
import { DatabaseSupportStore } from './DatabaseSupportStore';

jest.setTimeout(60_000);

describe('DatabaseCustomerReach', () => {
  const databases = createTestDatabases();

  describe.each(databases.eachSupportedId())('on %p', databaseId => {
    let knex: Knex;
    let store: DatabaseSupportStore;

    beforeEach(async () => {
      knex = await withZendeskIntegration(await databases.init(databaseId));
      store = DatabaseSupportStore.create({ knex });
    });

    /** A ticket reported at `minute` past 10:00, linked to `incidentId` unless null. */
    const report = async (
      ticketId: string,
      minute: number,
      who: { requester: string | null; organization: string | null },
      incidentId: string | null,
    ) => {
      const at = `2026-12-01T10:${String(minute).padStart(2, '0')}:00.000Z`;
      const { report: stored } = await store.recordEvent(
        { id: 'int-1', provider: 'zendesk' },
        {
          eventKey: `event:${ticketId}`,
          ticketId,
          ticketUrl: null,
          subject: 'Checkout fails',
          description: 'secret ticket text',
          product: null,
          tags: [],
          ticketStatus: 'open',
          eventAt: at,
          ...who,
        },
        {},
        at,
      );
      if (incidentId) {
        await store.link(
          stored.id,
          {
            incidentId,
            linkedBy: 'auto',
            status: 'linked',
            onlyIfOpen: false,
          },
          at,
        );
      }
    };

    it('counts reports, distinct customers and organisations, and the first and latest report per incident', async () => {
      // ticket, minute past 10:00, requester, organisation, incident
      const tickets: Array<
        [string, number, string | null, string | null, string | null]
      > = [
        ['1', 2, 'ann@acme', 'Acme', 'INC-1'],
        ['2', 5, 'ann@acme', 'Acme', 'INC-1'],
        ['3', 9, 'bob@globex', 'Globex', 'INC-1'],
        // no requester: a customer of its own each
        ['4', 12, null, null, 'INC-1'],
        ['5', 40, null, 'Initech', 'INC-1'],
        ['6', 1, 'cy@umbrella', 'Umbrella', 'INC-2'],
        // open reports count for no incident
        ['7', 3, 'dee@acme', 'Acme', null],
      ];
      for (const [id, minute, requester, organization, incidentId] of tickets) {
        await report(id, minute, { requester, organization }, incidentId);
      }

      const reach = DatabaseCustomerReach.create({ knex });
      expect(await reach.of(['INC-1', 'INC-3', 'INC-2'])).toEqual([
        {
          incidentId: 'INC-1',
          reports: 5,
          customers: 4,
          organizations: ['Acme', 'Globex', 'Initech'],
          firstReportAt: '2026-12-01T10:02:00.000Z',
          latestReportAt: '2026-12-01T10:40:00.000Z',
        },
        {
          incidentId: 'INC-3',
          reports: 0,
          customers: 0,
          organizations: [],
          firstReportAt: null,
          latestReportAt: null,
        },
        {
          incidentId: 'INC-2',
          reports: 1,
          customers: 1,
          organizations: ['Umbrella'],
          firstReportAt: '2026-12-01T10:01:00.000Z',
          latestReportAt: '2026-12-01T10:01:00.000Z',
        },
      ]);
      expect(await reach.of([])).toEqual([]);
    });
  });
});
