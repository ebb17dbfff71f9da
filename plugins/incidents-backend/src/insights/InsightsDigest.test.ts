import { mockServices } from '@backstage/backend-test-utils';
import { IncidentInsights } from '@lookout/plugin-incidents-common';
import { digestText } from './digestText';
import { InsightsDigest, scheduleInsightsDigest } from './InsightsDigest';

const duration = (
  median: number | null,
  n: number,
  targetSeconds?: number,
) => ({
  median,
  p90: median === null ? null : median * 2,
  n,
  definition: '',
  ...(targetSeconds !== undefined ? { targetSeconds } : {}),
  weekly: [],
});
const share = (numerator: number, denominator: number, target?: number) => ({
  share: denominator ? numerator / denominator : null,
  numerator,
  denominator,
  definition: '',
  ...(target !== undefined ? { target } : {}),
  weekly: [],
});

/** Insights with `n` incidents and a time to acknowledge of `ack` seconds. */
function insights(n: number, ack: number | null): IncidentInsights {
  const load = { business: 1, off: 0, sleep: 2, total: 3, nightsWithPage: 1 };
  return {
    query: { from: '', to: '' },
    incidents: { n, weekly: [] },
    response: {
      firstPage: duration(60, n, 300),
      triageReady: duration(30, n, 300),
      acknowledged: duration(ack, n, 300),
    },
    resolve: {
      resolved: duration(5400, n, 7200),
      inStatus: {
        triage: duration(null, 0),
        investigating: duration(null, 0),
        identified: duration(null, 0),
        monitoring: duration(null, 0),
      },
    },
    customersNotified: {
      statusPage: share(45, 46, 0.98),
      supportReporters: share(4, 4, 0.98),
      all: share(49, 50, 0.98),
    },
    automation: { ...share(3, 4, 0.85), steps: [] },
    recurrence: {
      within30Days: share(1, 4),
      within90Days: share(2, 4),
      actionItems: { definition: '', done: 0, open: 0, overdue: 0 },
    },
    onCallLoad: {
      definition: '',
      people: [],
      teams: [{ teamRef: 'group:default/payments', ...load }],
    },
    changeFailure: {
      windowHours: 24,
      rate: share(0, 0),
      timeToRecover: duration(null, 0),
    },
  };
}

describe('digestText', () => {
  it('sets each figure against last week and the mission’s target', () => {
    expect(digestText(insights(4, 150), insights(6, 750))).toBe(
      [
        'Incidents: 4 (last week 6)',
        'Time to first page: median 1m, p90 2m, n 4 (last week median 1m; target 5m)',
        'Time to acknowledge: median 2m 30s, p90 5m, n 4 (last week median 12m 30s; target 5m)',
        'Time to resolve: median 1h 30m, p90 3h, n 4 (last week median 1h 30m; target 2h)',
        'Customers notified: 98 % (49 of 50; last week 98 %; target 98 %)',
        'Automation coverage: 75 % (3 of 4; last week 75 %; target 85 %)',
        'Repeated within 30 days: 25 % (1 of 4; last week 25 %)',
        'Pages in sleep hours: 2, on 1 night(s)',
      ].join('\n'),
    );
  });
});

describe('InsightsDigest', () => {
  it('sends each team its week (Monday to Monday, UTC) and the week before, linked to its page', async () => {
    const asked: Array<{ from?: string; to?: string; groupRef?: string }> = [];
    const sent: any[] = [];
    const digest = new InsightsDigest({
      insights: {
        insights: async request => {
          asked.push(request);
          return insights(
            request.from === '2026-03-02T00:00:00.000Z' ? 4 : 6,
            150,
          );
        },
      },
      store: {
        teamsWithIncidents: async (from, to) => {
          expect([from, to]).toEqual([
            '2026-02-23T00:00:00.000Z',
            '2026-03-09T00:00:00.000Z',
          ]);
          return ['group:default/payments', 'group:default/search'];
        },
      },
      notifications: {
        send: async notification => void sent.push(notification),
      },
      auth: mockServices.auth(),
      logger: mockServices.logger.mock(),
      // a Wednesday: the week that ended is 03-02 to 03-09
      now: () => new Date('2026-03-11T15:00:00Z'),
    });

    expect(await digest.run()).toBe(2);
    expect(asked).toContainEqual({
      from: '2026-03-02T00:00:00.000Z',
      to: '2026-03-09T00:00:00.000Z',
      groupRef: 'group:default/payments',
    });
    expect(asked).toContainEqual({
      from: '2026-02-23T00:00:00.000Z',
      to: '2026-03-02T00:00:00.000Z',
      groupRef: 'group:default/payments',
    });
    expect(sent).toHaveLength(2);
    expect(sent[0]).toMatchObject({
      recipients: { type: 'entity', entityRef: 'group:default/payments' },
      payload: {
        title: 'Incident insights, week of 2026-03-02',
        link: '/incidents/insights?groupRef=group%3Adefault%2Fpayments',
        topic: 'lookout-insights',
        scope: 'lookout-insights:group:default/payments:2026-03-02',
      },
    });
    expect(sent[0].payload.description).toMatch(
      /^Incidents: 4 \(last week 6\)\n/,
    );
  });
});

describe('scheduleInsightsDigest', () => {
  const digest = {} as InsightsDigest;
  const scheduler = () => {
    const tasks: any[] = [];
    return {
      tasks,
      scheduleTask: async (task: any) => void tasks.push(task),
    } as any;
  };

  it('stays off unless switched on', async () => {
    const off = scheduler();
    expect(
      await scheduleInsightsDigest({
        config: mockServices.rootConfig({ data: {} }),
        scheduler: off,
        digest,
      }),
    ).toBe(false);
    expect(off.tasks).toEqual([]);
  });

  it('runs once across replicas on the configured schedule', async () => {
    const on = scheduler();
    await scheduleInsightsDigest({
      config: mockServices.rootConfig({
        data: {
          incidents: {
            insights: { digest: { enabled: true, schedule: '0 7 * * 1' } },
          },
        },
      }),
      scheduler: on,
      digest,
    });
    expect(on.tasks).toEqual([
      expect.objectContaining({
        id: 'incidents-insights-weekly-digest',
        scope: 'global',
        frequency: { cron: '0 7 * * 1' },
      }),
    ]);
  });
});
