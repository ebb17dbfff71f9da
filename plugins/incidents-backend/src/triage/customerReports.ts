import {
  CustomerImpact,
  Incident,
  Severity,
  SeveritySuggestion,
} from '@lookout/plugin-incidents-common';
import { Gaps } from './gaps';

/** Who reported incidents through the helpdesks (the support domain's `DatabaseCustomerReach`). */
export interface CustomerReportsLookup {
  of(incidentIds: string[]): Promise<CustomerReports[]>;
}

/** An incident's linked customer reports, counted; never a ticket's contents. */
export type CustomerReports = Omit<CustomerImpact, 'coverage'>;

/**
 * "Badly degraded for many customers" is SEV2 in the published definitions: this many
 * organisations, or this many customers when tickets name no organisation, are many.
 */
const MANY_ORGANIZATIONS = 5;
const MANY_CUSTOMERS = 10;
/** Customers telling us is a fact seen, not inferred from the catalog: the suggestion is firm. */
const REPORTED_SCORE = 0.8;
const NAMED_ORGANIZATIONS = 3;

const clock = (iso: string) => `${iso.slice(11, 16)} UTC`;

/** The incident's customer reports, or null without the support domain or when it fails. */
export async function readCustomerReports(
  lookup: CustomerReportsLookup | undefined,
  incident: Incident,
  gaps: Gaps,
): Promise<CustomerReports | null> {
  if (!lookup) return null;
  return gaps.soft(
    'customer reports',
    lookup.of([incident.id]).then(found => found[0] ?? null),
    null,
  );
}

/**
 * Customer reports as evidence for the severity: their count is a reason, and customers
 * reporting it means customers are hurt whatever the catalog says, so the suggestion is at
 * least SEV3 (customers feel a degradation), and SEV2 when many customers do.
 */
export function weighCustomerReports(
  severity: SeveritySuggestion,
  reported: CustomerReports | null,
): SeveritySuggestion {
  if (!reported || reported.reports === 0) return severity;
  const many =
    reported.organizations.length >= MANY_ORGANIZATIONS ||
    reported.customers >= MANY_CUSTOMERS;
  const floor: Severity = many ? 'SEV2' : 'SEV3';
  // SEV1 is the worst: a level above the floor sorts after it
  const raised = severity.severity > floor;
  const text = `${describeReports(reported)}${
    raised ? `: customers are hurt, so at least ${floor}` : ''
  }`;
  return {
    ...severity,
    severity: raised ? floor : severity.severity,
    score: raised ? Math.max(severity.score, REPORTED_SCORE) : severity.score,
    reasons: [...severity.reasons, { text, weight: many ? 2 : 1 }],
  };
}

/** "12 customer reports from 7 organisations (Acme, Globex, Initech and 4 more) since 10:02 UTC". */
export function describeReports(reported: CustomerReports): string {
  const { reports, customers, organizations } = reported;
  const orgs = organizations.length;
  const from =
    orgs > 0
      ? `${orgs} organisation${orgs === 1 ? '' : 's'} (${organizations
          .slice(0, NAMED_ORGANIZATIONS)
          .join(', ')}${
          orgs > NAMED_ORGANIZATIONS
            ? ` and ${orgs - NAMED_ORGANIZATIONS} more`
            : ''
        })`
      : `${customers} customer${customers === 1 ? '' : 's'}`;
  const first = reported.firstReportAt;
  const latest = reported.latestReportAt;
  const since = first ? ` since ${clock(first)}` : '';
  const until =
    latest && first && clock(latest) !== clock(first)
      ? `, the latest at ${clock(latest)}`
      : '';
  return `${reports} customer report${
    reports === 1 ? '' : 's'
  } from ${from}${since}${until}`;
}
