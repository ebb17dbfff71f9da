import {
  DurationFigure,
  IncidentInsights,
  ShareFigure,
} from '@lookout/plugin-incidents-common';

const weeks = ['2026-03-02', '2026-03-09'];

const duration = (
  median: number | null,
  p90: number | null,
  n: number,
  targetSeconds?: number,
): DurationFigure => ({
  median,
  p90,
  n,
  definition: 'From the first alert to the first page delivered to a person.',
  ...(targetSeconds !== undefined ? { targetSeconds } : {}),
  weekly: [
    { week: weeks[0], median, p90, n },
    { week: weeks[1], median: null, p90: null, n: 0 },
  ],
});

const share = (
  numerator: number,
  denominator: number,
  target?: number,
): ShareFigure => ({
  share: denominator ? numerator / denominator : null,
  numerator,
  denominator,
  definition: 'Notices delivered ÷ notices due.',
  ...(target !== undefined ? { target } : {}),
  weekly: [
    { week: weeks[0], share: numerator / denominator, numerator, denominator },
    { week: weeks[1], share: null, numerator: 0, denominator: 0 },
  ],
});

/** Insights as the backend answers them, small enough to read in a test. */
export function insightsFixture(
  overrides: Partial<IncidentInsights> = {},
): IncidentInsights {
  return {
    query: { from: '2026-03-02T00:00:00.000Z', to: '2026-03-16T00:00:00.000Z' },
    incidents: {
      n: 6,
      weekly: [
        { week: weeks[0], n: 6 },
        { week: weeks[1], n: 0 },
      ],
    },
    response: {
      firstPage: duration(150, 366600, 6, 300),
      triageReady: duration(150, 150, 1, 300),
      acknowledged: duration(300, 960, 5, 300),
    },
    resolve: {
      resolved: duration(3600, 6120, 4, 7200),
      inStatus: {
        triage: duration(1800, 3060, 4),
        investigating: duration(2400, 2880, 2),
        identified: duration(null, null, 0),
        monitoring: duration(3480, 3480, 1),
      },
    },
    customersNotified: {
      statusPage: share(4, 6, 0.98),
      supportReporters: share(1, 2, 0.98),
      all: share(5, 8, 0.98),
    },
    automation: {
      ...share(15, 30, 0.85),
      steps: [
        { step: 'opened', counts: 'Incidents opened', automated: 2, manual: 4 },
        { step: 'paged', counts: 'Pages', automated: 8, manual: 1 },
        { step: 'triaged', counts: 'Triage', automated: 1, manual: 1 },
        { step: 'drafted', counts: 'Drafts', automated: 2, manual: 2 },
        {
          step: 'timeline',
          counts: 'Timeline entries',
          automated: 2,
          manual: 7,
        },
      ],
    },
    recurrence: {
      within30Days: share(5, 6),
      within90Days: share(6, 6),
      actionItems: {
        definition: 'Action items behind repeats.',
        done: 1,
        open: 1,
        overdue: 1,
      },
    },
    onCallLoad: {
      definition: 'Pages by the hour on each person’s own clock.',
      people: [
        {
          userRef: 'user:default/ana',
          timeZone: 'Europe/Berlin',
          business: 3,
          off: 0,
          sleep: 2,
          total: 5,
          nightsWithPage: 1,
        },
      ],
      teams: [
        {
          teamRef: 'group:default/payments',
          business: 3,
          off: 0,
          sleep: 2,
          total: 5,
          nightsWithPage: 1,
        },
      ],
    },
    changeFailure: {
      windowHours: 24,
      rate: share(3, 5),
      timeToRecover: duration(7200, 70560, 3),
    },
    ...overrides,
  };
}
