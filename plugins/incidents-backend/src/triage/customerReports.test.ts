import { SeveritySuggestion } from '@lookout/plugin-incidents-common';
import {
  CustomerReports,
  describeReports,
  weighCustomerReports,
} from './customerReports';

const suggestion = (
  severity: SeveritySuggestion['severity'],
): SeveritySuggestion => ({
  id: 'severity',
  severity,
  current: 'SEV4',
  score: 0.4,
  reasons: [{ text: 'no customer-facing entity is reached', weight: 0 }],
  facts: {
    impactedCount: 0,
    customerFacing: [],
    bestTier: null,
    alertLevel: null,
  },
});

const reports = (over: Partial<CustomerReports> = {}): CustomerReports => ({
  incidentId: 'INC-7',
  reports: 2,
  customers: 2,
  organizations: ['Acme'],
  firstReportAt: '2026-12-01T10:02:00.000Z',
  latestReportAt: '2026-12-01T10:40:00.000Z',
  ...over,
});

describe('customer reports in triage', () => {
  it('leaves the severity alone when nobody reported the incident', () => {
    const before = suggestion('SEV4');
    expect(weighCustomerReports(before, null)).toBe(before);
    expect(weighCustomerReports(before, reports({ reports: 0 }))).toBe(before);
  });

  it('a few reports make a customer-unseen SEV4 a SEV3, with the count as the reason', () => {
    const weighed = weighCustomerReports(suggestion('SEV4'), reports());
    expect(weighed.severity).toBe('SEV3');
    expect(weighed.score).toBe(0.8);
    expect(weighed.reasons).toEqual([
      { text: 'no customer-facing entity is reached', weight: 0 },
      {
        text: '2 customer reports from 1 organisation (Acme) since 10:02 UTC, the latest at 10:40 UTC: customers are hurt, so at least SEV3',
        weight: 1,
      },
    ]);
  });

  it('many organisations or many customers call for SEV2; a worse suggestion stays', () => {
    const many = reports({
      reports: 12,
      customers: 9,
      organizations: ['Acme', 'Globex', 'Initech', 'Hooli', 'Umbrella'],
    });
    const weighed = weighCustomerReports(suggestion('SEV3'), many);
    expect(weighed.severity).toBe('SEV2');
    expect(weighed.reasons[1]).toEqual({
      text: '12 customer reports from 5 organisations (Acme, Globex, Initech and 2 more) since 10:02 UTC, the latest at 10:40 UTC: customers are hurt, so at least SEV2',
      weight: 2,
    });
    const manyCustomers = reports({
      reports: 10,
      customers: 10,
      organizations: [],
    });
    expect(
      weighCustomerReports(suggestion('SEV4'), manyCustomers).severity,
    ).toBe('SEV2');

    const sev1 = weighCustomerReports(suggestion('SEV1'), many);
    expect(sev1.severity).toBe('SEV1');
    expect(sev1.score).toBe(0.4);
    // the evidence is still named, without claiming it raised anything
    expect(sev1.reasons[1].text).not.toContain('at least');
  });

  it('says who reported without naming anyone when tickets name no organisation', () => {
    expect(
      describeReports(
        reports({
          reports: 1,
          customers: 1,
          organizations: [],
          latestReportAt: '2026-12-01T10:02:00.000Z',
        }),
      ),
    ).toBe('1 customer report from 1 customer since 10:02 UTC');
  });
});
