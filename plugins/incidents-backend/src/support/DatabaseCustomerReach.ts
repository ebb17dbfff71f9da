import { Knex } from 'knex';
import { toIso } from '../database/timestamps';
import { CustomerImpact } from './types';

/** Who reported an incident: its customer impact without the notices sent back. */
export type CustomerReach = Omit<CustomerImpact, 'coverage'>;

/**
 * Counts each incident's linked reports in SQL (reports, distinct customers and organisations,
 * first and latest report). The Support page, the triage assistant and the status page's draft
 * read it, and an outage with thousands of tickets is counted without loading their texts.
 */
export class DatabaseCustomerReach {
  static create(options: { knex: Knex }): DatabaseCustomerReach {
    return new DatabaseCustomerReach(options.knex);
  }

  private constructor(private readonly db: Knex) {}

  /** One entry per incident id, in order; an incident nobody reported counts zero. */
  async of(incidentIds: string[]): Promise<CustomerReach[]> {
    if (incidentIds.length === 0) return [];
    const [counts, organizations] = await Promise.all([
      this.db('support_reports')
        .whereIn('incident_id', incidentIds)
        .groupBy('incident_id')
        .select(
          'incident_id',
          this.db.raw('count(*) as reports'),
          // a report without a requester is a customer of its own
          this.db.raw(
            'count(distinct requester) + sum(case when requester is null then 1 else 0 end) as customers',
          ),
          this.db.raw('min(reported_at) as first_report_at'),
          this.db.raw('max(reported_at) as latest_report_at'),
        ),
      this.db('support_reports')
        .whereIn('incident_id', incidentIds)
        .whereNotNull('organization')
        .distinct('incident_id', 'organization'),
    ]);
    const byIncident = new Map(counts.map(row => [row.incident_id, row]));
    return incidentIds.map(incidentId => {
      const row = byIncident.get(incidentId);
      return {
        incidentId,
        reports: Number(row?.reports ?? 0),
        customers: Number(row?.customers ?? 0),
        organizations: organizations
          .filter(o => o.incident_id === incidentId)
          .map(o => String(o.organization))
          .sort(),
        firstReportAt: toIso(row?.first_report_at),
        latestReportAt: toIso(row?.latest_report_at),
      };
    });
  }
}
