import { mockCredentials, TestDatabaseId } from '@backstage/backend-test-utils';
import { Knex } from 'knex';
import { createTestDatabases } from '../__testUtils__/databases';
import { RANGE, SEARCH } from './__testUtils__/history';
import {
  counts,
  distribution,
  historyDatabase,
  insightsOver,
  notSecret,
} from './__testUtils__/insightsService';
import { InsightsCatalog } from './InsightsService';

jest.setTimeout(120_000);

// The two figures that reach past an incident's own entity and its status page: change failure
// downstream of the deployed entity along the catalog graph, and customers told through support.

const SEARCH_INDEX = 'resource:default/search-index';

const catalogWith = (
  downstream: Map<string, string[]>,
  asked: string[][] = [],
): InsightsCatalog => ({
  teamTree: async ref => [ref],
  ownedBy: async ref => [ref],
  partsOf: async ref => [ref],
  downstreamOf: async refs => {
    asked.push(refs);
    return downstream;
  },
  userAnnotations: async () => new Map(),
});

/** A support report linked to an incident, and the replies Lookout sent to its ticket. */
async function report(
  knex: Knex,
  id: string,
  seq: number,
  notices: Array<{ kind: string; status: string }>,
) {
  const at = new Date('2026-03-02T10:10:00Z');
  await knex('support_reports').insert({
    id,
    integration_id: 'int-1',
    provider: 'zendesk',
    ticket_id: id,
    subject: 'It is down',
    description: '',
    tags: '[]',
    entity_refs: '[]',
    status: 'linked',
    incident_id: `INC-${seq}`,
    linked_by: 'auto',
    linked_at: at,
    suggestions: '[]',
    event_at: at,
    reported_at: at,
    updated_at: at,
  });
  for (const [index, notice] of notices.entries()) {
    await knex('support_notices').insert({
      id: `${id}-n${index}`,
      report_id: id,
      incident_id: `INC-${seq}`,
      kind: notice.kind,
      update_key: `resolved:${index}`,
      body: 'Resolved',
      status: notice.status,
      attempts: 1,
      delivered_at: notice.status === 'delivered' ? at : null,
      created_at: at,
    });
  }
}

describe('InsightsService, past the incident', () => {
  const databases = createTestDatabases();

  const history = (databaseId: TestDatabaseId) =>
    historyDatabase(databases, databaseId);
  const serviceOf = insightsOver;

  describe.each(databases.eachSupportedId())('on %p', databaseId => {
    it('counts a deploy as failed when an incident follows on what depends on it', async () => {
      const knex = await history(databaseId);
      // the search index is deployed an hour before D opens on search, which depends on it
      await knex('change_events').insert({
        integration_id: 'int-1',
        dedup_hash: 'd-index',
        entity_ref: SEARCH_INDEX,
        summary: 'deploy',
        source: 'ci',
        at: new Date('2026-03-30T08:00:00Z'),
        received_at: new Date('2026-03-30T08:00:00Z'),
        links: '[]',
        details: '{}',
      });

      const alone = await serviceOf(knex, catalogWith(new Map())).insights(
        RANGE,
        mockCredentials.user(),
      );
      expect(counts(alone.changeFailure.rate)).toEqual([3, 6]);

      const asked: string[][] = [];
      const downstream = await serviceOf(
        knex,
        catalogWith(new Map([[SEARCH_INDEX, [SEARCH]]]), asked),
      ).insights(RANGE, mockCredentials.user());
      expect(asked[0]).toContain(SEARCH_INDEX);
      expect(counts(downstream.changeFailure.rate)).toEqual([4, 6]);
      // D resolved two hours after the index's deploy: [5400, 7200, 7200, 86400]
      expect(distribution(downstream.changeFailure.timeToRecover)).toEqual([
        7200, 62640, 4,
      ]);
      expect(
        downstream.changeFailure.rate.weekly.find(w => w.week === '2026-03-30'),
      ).toMatchObject({ numerator: 1, denominator: 1 });
    });

    it('counts support reporters told of the resolution beside status-page subscribers', async () => {
      const knex = await history(databaseId);
      // on A: one told, one whose reply failed, one that only had a note
      await report(knex, 'r1', 4, [
        { kind: 'resolution', status: 'delivered' },
      ]);
      await report(knex, 'r2', 4, [{ kind: 'resolution', status: 'failed' }]);
      await report(knex, 'r6', 4, [{ kind: 'note', status: 'delivered' }]);
      // on D: told on the second try of two resolutions; counts once
      await report(knex, 'r3', 10, [
        { kind: 'resolution', status: 'failed' },
        { kind: 'resolution', status: 'delivered' },
      ]);
      // on B: not resolved for the reporter yet, so nothing due
      await report(knex, 'r4', 5, []);
      // on X, the secret team's
      await report(knex, 'r5', 9, [
        { kind: 'resolution', status: 'delivered' },
      ]);

      const all = await serviceOf(knex, catalogWith(new Map())).insights(
        RANGE,
        mockCredentials.user(),
      );
      expect(all.customersNotified.supportReporters).toMatchObject({
        share: 3 / 4,
        numerator: 3,
        denominator: 4,
        target: 0.98,
      });
      expect(
        all.customersNotified.supportReporters.weekly.map(w => [
          w.week,
          ...counts(w),
        ]),
      ).toEqual([
        ['2026-03-02', 1, 2],
        ['2026-03-09', 0, 0],
        ['2026-03-16', 0, 0],
        ['2026-03-23', 1, 1],
        ['2026-03-30', 1, 1],
      ]);
      // the status page's 4 of 6 beside the reporters' 3 of 4
      expect(counts(all.customersNotified.statusPage)).toEqual([4, 6]);
      expect(all.customersNotified.all).toMatchObject({
        share: 7 / 10,
        numerator: 7,
        denominator: 10,
      });

      const reader = await serviceOf(
        knex,
        catalogWith(new Map()),
        notSecret,
      ).insights(RANGE, mockCredentials.user());
      expect(counts(reader.customersNotified.supportReporters)).toEqual([2, 3]);
    });
  });
});
