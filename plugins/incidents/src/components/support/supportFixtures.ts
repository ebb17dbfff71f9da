import {
  CustomerImpact,
  SupportFigures,
  SupportReport,
} from '@lookout/plugin-incidents-common';

export function reportFixture(
  overrides: Partial<SupportReport> = {},
): SupportReport {
  return {
    id: 'r-1',
    provider: 'zendesk',
    integrationId: 'int-1',
    ticketId: '35436',
    ticketUrl: null,
    subject: 'Payments fail at checkout',
    description: 'Card payments time out',
    requester: 'ann@acme.test',
    organization: 'Acme',
    product: null,
    tags: [],
    entityRefs: ['component:default/checkout-service'],
    status: 'open',
    incidentId: null,
    linkedBy: null,
    linkedAt: null,
    suggestions: [],
    ticketStatus: 'open',
    reportedAt: '2026-11-01T10:05:00.000Z',
    updatedAt: '2026-11-01T10:05:00.000Z',
    ...overrides,
  };
}

export function impactFixture(
  overrides: Partial<CustomerImpact> = {},
): CustomerImpact {
  return {
    incidentId: 'INC-7',
    reports: 42,
    customers: 40,
    organizations: ['Acme', 'Globex'],
    firstReportAt: '2026-11-01T10:05:00.000Z',
    latestReportAt: '2026-11-01T11:00:00.000Z',
    coverage: {
      total: 42,
      told: 41,
      pending: 0,
      failed: [
        {
          reportId: 'r-9',
          ticketId: '999',
          provider: 'zendesk',
          error: 'PUT /api/v2/tickets/999 answered 404',
        },
      ],
    },
    ...overrides,
  };
}

export const figuresFixture: SupportFigures = {
  from: '2026-10-04T00:00:00.000Z',
  to: '2026-11-01T00:00:00.000Z',
  customersNotified: { share: 41 / 42, numerator: 41, denominator: 42 },
  escalationResolutionSeconds: { median: 2700, p90: 7200, n: 41 },
  byTeam: [
    {
      groupRef: 'group:default/checkout-team',
      customersNotified: { share: 30 / 31, numerator: 30, denominator: 31 },
      escalationResolutionSeconds: { median: 3600, p90: 7200, n: 30 },
    },
    {
      groupRef: null,
      customersNotified: { share: 1, numerator: 11, denominator: 11 },
      escalationResolutionSeconds: { median: 900, p90: 1800, n: 11 },
    },
  ],
  weekly: [
    {
      weekStart: '2026-10-26T00:00:00.000Z',
      customersNotified: { share: null, numerator: 0, denominator: 0 },
      escalationResolutionSeconds: { median: null, p90: null, n: 0 },
    },
    {
      weekStart: '2026-11-02T00:00:00.000Z',
      customersNotified: { share: 41 / 42, numerator: 41, denominator: 42 },
      escalationResolutionSeconds: { median: 2700, p90: 7200, n: 41 },
    },
  ],
};
