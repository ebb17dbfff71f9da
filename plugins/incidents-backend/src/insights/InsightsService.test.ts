import { mockCredentials, TestDatabaseId } from '@backstage/backend-test-utils';
import { IncidentCondition } from '../permissions/conditions';
import { createTestDatabases } from '../__testUtils__/databases';
import {
  ANA,
  BOB,
  CAROL,
  CHECKOUT,
  LEDGER,
  PAYMENTS,
  PAYMENTS_SUB,
  RANGE,
  SEARCH,
  SEARCH_TEAM,
  SECRET_TEAM,
} from './__testUtils__/history';
import {
  counts,
  distribution,
  historyDatabase,
  insightsOver,
  notSecret,
} from './__testUtils__/insightsService';
import { InsightsCatalog, InsightsService } from './InsightsService';

jest.setTimeout(120_000);

/** The catalog of the history: payments has a sub-team; Bob says where he lives. */
const catalog: InsightsCatalog = {
  teamTree: async ref => (ref === PAYMENTS ? [PAYMENTS, PAYMENTS_SUB] : [ref]),
  ownedBy: async ref =>
    ({
      [PAYMENTS]: [PAYMENTS, CHECKOUT],
      [PAYMENTS_SUB]: [PAYMENTS_SUB, LEDGER],
      [SEARCH_TEAM]: [SEARCH_TEAM, SEARCH],
    }[ref] ?? [ref]),
  partsOf: async ref => [ref],
  downstreamOf: async () => new Map(),
  userAnnotations: async refs =>
    new Map(
      refs
        .filter(ref => ref === BOB)
        .map(ref => [ref, { 'lookout.dev/time-zone': 'America/New_York' }]),
    ),
};

const weeks = [
  '2026-03-02',
  '2026-03-09',
  '2026-03-16',
  '2026-03-23',
  '2026-03-30',
];

describe('InsightsService', () => {
  const databases = createTestDatabases();

  async function createService(
    databaseId: TestDatabaseId,
    condition?: IncidentCondition,
  ) {
    const knex = await historyDatabase(databases, databaseId);
    return insightsOver(knex, catalog, condition);
  }

  describe.each(databases.eachSupportedId())('on %p', databaseId => {
    it('computes every figure of the hand-built history exactly', async () => {
      const service = await createService(databaseId);
      const insights = await service.insights(RANGE, mockCredentials.user());

      expect(insights.query).toEqual(RANGE);
      expect(insights.incidents).toEqual({
        n: 6,
        weekly: [1, 1, 2, 1, 1].map((n, i) => ({ week: weeks[i], n })),
      });

      // [30, 60, 120, 180, 600, 732600]: p90 at 4.5 lies halfway between 600 and 732600
      expect(insights.response.firstPage).toMatchObject({
        median: 150,
        p90: 366600,
        n: 6,
        targetSeconds: 300,
      });
      expect(insights.response.firstPage.weekly[0]).toEqual({
        week: '2026-03-02',
        median: 180,
        p90: 180,
        n: 1,
      });
      // A's alert came two minutes before it was declared: triage 150 s after the alert
      expect(distribution(insights.response.triageReady)).toEqual([
        150, 150, 1,
      ]);
      // [60, 240, 300, 600, 1200]
      expect(distribution(insights.response.acknowledged)).toEqual([
        300, 960, 5,
      ]);
      // [1800, 3600, 3600, 7200]
      expect(insights.resolve.resolved).toMatchObject({
        median: 3600,
        p90: 6120,
        n: 4,
        targetSeconds: 7200,
      });
      // triage: [600, 1800, 1800, 3600]; C and H never left it and do not count
      expect(distribution(insights.resolve.inStatus.triage)).toEqual([
        1800, 3060, 4,
      ]);
      expect(distribution(insights.resolve.inStatus.investigating)).toEqual([
        2400, 2880, 2,
      ]);
      expect(insights.resolve.inStatus.monitoring).toMatchObject({
        median: 3480,
        n: 1,
      });
      expect(distribution(insights.resolve.inStatus.identified)).toEqual([
        null,
        null,
        0,
      ]);

      expect(insights.customersNotified.statusPage).toMatchObject({
        share: 4 / 6,
        numerator: 4,
        denominator: 6,
        target: 0.98,
      });

      expect(insights.automation).toMatchObject({
        share: 0.5,
        numerator: 15,
        denominator: 30,
        target: 0.85,
      });
      expect(
        insights.automation.steps.map(({ step, automated, manual }) => [
          step,
          automated,
          manual,
        ]),
      ).toEqual([
        ['opened', 2, 4],
        ['paged', 8, 1],
        ['triaged', 1, 1],
        ['drafted', 2, 2],
        ['timeline', 2, 7],
      ]);

      // C's predecessor exactly 30 days before counts; H's, a minute further, only within 90;
      // X repeats A's confirmed cause
      expect(counts(insights.recurrence.within30Days)).toEqual([5, 6]);
      expect(insights.recurrence.within90Days).toMatchObject({
        numerator: 6,
        denominator: 6,
        share: 1,
      });
      expect(insights.recurrence.actionItems).toMatchObject({
        done: 1,
        open: 1,
        overdue: 1,
      });

      // Ana is in Berlin by her schedule, across its change to summer time; Bob in New York
      // by his annotation; Carol has no zone and gets the default
      expect(insights.onCallLoad.people).toEqual([
        {
          userRef: ANA,
          timeZone: 'Europe/Berlin',
          business: 3,
          off: 0,
          sleep: 2,
          total: 5,
          nightsWithPage: 1,
        },
        {
          userRef: BOB,
          timeZone: 'America/New_York',
          business: 0,
          off: 1,
          sleep: 2,
          total: 3,
          nightsWithPage: 2,
        },
        {
          userRef: CAROL,
          timeZone: 'UTC',
          business: 1,
          off: 0,
          sleep: 0,
          total: 1,
          nightsWithPage: 0,
        },
      ]);
      expect(insights.onCallLoad.teams).toEqual([
        {
          teamRef: PAYMENTS,
          business: 3,
          off: 0,
          sleep: 2,
          total: 5,
          nightsWithPage: 1,
        },
        {
          teamRef: SEARCH_TEAM,
          business: 0,
          off: 1,
          sleep: 2,
          total: 3,
          nightsWithPage: 2,
        },
        {
          teamRef: SECRET_TEAM,
          business: 1,
          off: 0,
          sleep: 0,
          total: 1,
          nightsWithPage: 0,
        },
      ]);

      expect(counts(insights.changeFailure.rate)).toEqual([3, 5]);
      // [5400, 7200, 86400]
      expect(distribution(insights.changeFailure.timeToRecover)).toEqual([
        7200, 70560, 3,
      ]);
    });

    it('leaves out the incidents the reader may not read', async () => {
      const service = await createService(databaseId, notSecret);
      const insights = await service.insights(RANGE, mockCredentials.user());

      expect(insights.incidents.n).toBe(5);
      // [60, 120, 180, 600, 732600]
      expect(distribution(insights.response.firstPage)).toEqual([
        180, 439800, 5,
      ]);
      // [240, 300, 600, 1200]
      expect(distribution(insights.response.acknowledged)).toEqual([
        450, 1020, 4,
      ]);
      // [3600, 3600, 7200]
      expect(distribution(insights.resolve.resolved)).toEqual([3600, 6480, 3]);
      expect(distribution(insights.resolve.inStatus.triage)).toEqual([
        1800, 3240, 3,
      ]);
      expect(counts(insights.automation)).toEqual([13, 26]);
      expect(counts(insights.recurrence.within30Days)).toEqual([4, 5]);
      expect(insights.onCallLoad.people.map(p => p.userRef)).toEqual([
        ANA,
        BOB,
      ]);
      expect(insights.onCallLoad.teams.map(t => t.teamRef)).toEqual([
        PAYMENTS,
        SEARCH_TEAM,
      ]);
      // the deploy before X still counts as a deploy, but not as a failure
      expect(counts(insights.changeFailure.rate)).toEqual([2, 5]);
      // [7200, 86400]
      expect(distribution(insights.changeFailure.timeToRecover)).toEqual([
        46800, 78480, 2,
      ]);
    });

    it('aggregates a team with its sub-teams, and narrows by severity and source', async () => {
      const service = await createService(databaseId);
      const team = await service.insights(
        { ...RANGE, groupRef: 'Group:default/payments' },
        mockCredentials.user(),
      );
      // A and B on checkout, H on the sub-team's ledger
      expect(team.query.groupRef).toBe(PAYMENTS);
      expect(team.incidents.n).toBe(3);
      expect(team.onCallLoad.people.map(p => p.userRef)).toEqual([ANA]);
      expect(counts(team.changeFailure.rate)).toEqual([1, 2]);

      const fromAlerts = await service.insights(
        { ...RANGE, source: ['alert'], severity: ['SEV2'] },
        mockCredentials.user(),
      );
      // A and D
      expect(fromAlerts.incidents.n).toBe(2);
      expect(fromAlerts.response.acknowledged).toMatchObject({
        median: 270,
        n: 2,
      });
    });
  });

  it('refuses a range that ends before it starts', async () => {
    const service = new InsightsService({
      store: {} as any,
      authorizer: { readCondition: async () => undefined },
      catalog,
      settings: { changeFailureWindowHours: 24, defaultTimeZone: 'UTC' },
    });
    await expect(
      service.insights(
        { from: RANGE.to, to: RANGE.from },
        mockCredentials.user(),
      ),
    ).rejects.toThrow('from: must be before to');
  });
});
