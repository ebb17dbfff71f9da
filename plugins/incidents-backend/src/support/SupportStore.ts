import { Knex } from 'knex';
import { PageCursor } from '../lib/cursor';
import {
  SupportNotice,
  SupportNoticeKind,
  SupportNoticeStatus,
  SupportProvider,
  SupportReport,
  SupportReportStatus,
  SupportSuggestion,
  TicketEvent,
} from './types';

/** The outcome of recording one delivery. */
export interface RecordedEvent {
  report: SupportReport;
  /** The same event was recorded before: nothing changed. */
  duplicate: boolean;
  /** The delivery opened a new report. */
  created: boolean;
}

export interface ReportFilter {
  status?: SupportReportStatus[];
  entityRef?: string;
  incidentId?: string;
  organization?: string;
  after?: PageCursor<string>;
  limit: number;
}

export interface NewNotice {
  reportId: string;
  incidentId: string;
  kind: SupportNoticeKind;
  updateKey: string;
  body: string;
}

/** A notice with what sending it needs. */
export interface NoticeToSend extends SupportNotice {
  body: string;
  requester: string | null;
}

/** One linked report with its resolution notice, for the support figures. */
export interface LinkedReportOutcome {
  reportId: string;
  incidentId: string;
  linkedAt: string;
  /** Null until the incident resolves and a resolution notice is scheduled. */
  resolutionStatus: SupportNoticeStatus | null;
  resolutionDeliveredAt: string | null;
}

/** Persistence of support reports, the deliveries that made them, and the notices sent back. */
export interface SupportStore {
  /**
   * Records a delivery once (per integration and event key) and applies it to its ticket's
   * report, unless a newer event of that ticket was applied already.
   */
  recordEvent(
    integration: { id: string; provider: SupportProvider },
    event: TicketEvent,
    payload: unknown,
    now: string,
  ): Promise<RecordedEvent>;
  getReport(id: string): Promise<SupportReport | undefined>;
  listReports(
    filter: ReportFilter,
  ): Promise<{ items: SupportReport[]; last?: PageCursor<string> }>;
  /** Stores what matching found; leaves a linked report's link alone. */
  setMatch(
    id: string,
    match: { entityRefs: string[]; suggestions: SupportSuggestion[] },
    now: string,
  ): Promise<void>;
  /**
   * Links a report to an incident. With `onlyIfOpen` it applies only to a report still open
   * (an auto-link never overrides an agent). Returns the report as it is afterwards, and
   * whether this call changed it.
   */
  link(
    id: string,
    link: {
      incidentId: string;
      linkedBy: string;
      status: SupportReportStatus;
      onlyIfOpen: boolean;
    },
    now: string,
  ): Promise<{ report: SupportReport; changed: boolean } | undefined>;
  /** Every report linked to these incidents. */
  reportsOfIncidents(incidentIds: string[]): Promise<SupportReport[]>;
  /**
   * Adds notices (one per report, kind and update however often asked) and, in the same
   * transaction, runs `schedule` with the ones that are new, so a notice is never recorded
   * without its delivery being queued.
   */
  addNotices(
    notices: NewNotice[],
    now: string,
    schedule: (added: SupportNotice[], trx: Knex.Transaction) => Promise<void>,
  ): Promise<SupportNotice[]>;
  getNotice(id: string): Promise<NoticeToSend | undefined>;
  setNotice(
    id: string,
    update: {
      status: SupportNoticeStatus;
      attempts: number;
      lastError: string | null;
      deliveredAt: string | null;
    },
  ): Promise<void>;
  /** The incident's notices to the reports still linked to it, oldest first. */
  noticesOfIncident(
    incidentId: string,
    kind?: SupportNoticeKind,
  ): Promise<SupportNotice[]>;
  /** Failed notices of the incident back to pending, with `schedule` run in the same transaction. */
  resetFailed(
    incidentId: string,
    schedule: (reset: SupportNotice[], trx: Knex.Transaction) => Promise<void>,
  ): Promise<SupportNotice[]>;
  /** Reports linked in [from, to) with their resolution notice, for the figures. */
  linkedOutcomes(from: string, to: string): Promise<LinkedReportOutcome[]>;
}
