/** The helpdesks a support report can come from; `generic` is Lookout's own JSON. */
export const SUPPORT_PROVIDERS = [
  'zendesk',
  'intercom',
  'freshdesk',
  'generic',
] as const;
export type SupportProvider = (typeof SUPPORT_PROVIDERS)[number];

/**
 * Where a report stands: `open` waits in the Support inbox, `linked` belongs to an incident
 * (by an agent or by Lookout above the auto-link confidence), `escalated` opened its own.
 */
export const SUPPORT_REPORT_STATUSES = ['open', 'linked', 'escalated'] as const;
export type SupportReportStatus = (typeof SUPPORT_REPORT_STATUSES)[number];

/** An open incident a report probably belongs to, with why Lookout thinks so. */
export interface SupportSuggestion {
  incidentId: string;
  title: string;
  /** 0 to 1; at or above the configured auto-link confidence the report is linked by Lookout. */
  confidence: number;
  /** Plain sentences: "same entity", "downstream of …", "words in common", "opened 12 min before". */
  reasons: string[];
}

/** A customer's ticket, as `GET /support/reports` lists it. */
export interface SupportReport {
  id: string;
  provider: SupportProvider;
  integrationId: string;
  /** The helpdesk's own ticket or conversation id. */
  ticketId: string;
  ticketUrl: string | null;
  subject: string;
  description: string;
  /** Who reported: an email address or the helpdesk's user id. */
  requester: string | null;
  organization: string | null;
  /** The product or service the customer named, if any. */
  product: string | null;
  tags: string[];
  /** Catalog entities the report names, best match first. */
  entityRefs: string[];
  status: SupportReportStatus;
  /** The incident it is linked to, or null. */
  incidentId: string | null;
  /** `auto`, `agent` or `escalation`; null while open. */
  linkedBy: string | null;
  linkedAt: string | null;
  suggestions: SupportSuggestion[];
  /** The helpdesk's status of the ticket (open, pending, solved…). */
  ticketStatus: string | null;
  reportedAt: string;
  updatedAt: string;
}

/** The query of `GET /support/reports`. */
export interface ListSupportReportsQuery {
  status?: SupportReportStatus[];
  entityRef?: string;
  incidentId?: string;
  organization?: string;
  cursor?: string;
  limit?: number;
}

/** The body of `POST /support/reports/:id/link`. */
export interface LinkSupportReportRequest {
  incidentId: string;
}

/** The body of `POST /support/reports/:id/escalate`. */
export interface EscalateSupportReportRequest {
  /** The entity the incident is declared on; defaults to the report's best match. */
  entityRef?: string;
  /** Defaults to SEV3. */
  severity?: 'SEV1' | 'SEV2' | 'SEV3' | 'SEV4';
  /** Defaults to the ticket's subject. */
  title?: string;
}

/** What Lookout sends to a linked ticket: status updates as internal notes, the resolution as a reply. */
export type SupportNoticeKind = 'note' | 'resolution';
export type SupportNoticeStatus = 'pending' | 'delivered' | 'failed';

/** One message to one ticket, as recorded. */
export interface SupportNotice {
  id: string;
  reportId: string;
  ticketId: string;
  provider: SupportProvider;
  incidentId: string;
  kind: SupportNoticeKind;
  status: SupportNoticeStatus;
  attempts: number;
  lastError: string | null;
  deliveredAt: string | null;
  createdAt: string;
}

/** Whether every reporter of an incident heard of its resolution. */
export interface SupportCoverage {
  /** Linked reports. */
  total: number;
  /** Reports whose resolution reply the helpdesk confirmed. */
  told: number;
  pending: number;
  failed: Array<{
    reportId: string;
    ticketId: string;
    provider: SupportProvider;
    error: string | null;
  }>;
}

/** `GET /support/impact`: who is hurt by one incident, from its linked reports. */
export interface CustomerImpact {
  incidentId: string;
  reports: number;
  customers: number;
  organizations: string[];
  firstReportAt: string | null;
  latestReportAt: string | null;
  coverage: SupportCoverage;
}

/** A duration figure, never a bare mean. */
export interface SupportDurationFigure {
  median: number | null;
  p90: number | null;
  n: number;
}

/** A share with its parts. */
export interface SupportShare {
  share: number | null;
  numerator: number;
  denominator: number;
}

/** `GET /support/figures`: the mission's two support figures, overall, per team and weekly. */
export interface SupportFigures {
  from: string;
  to: string;
  /** Linked reports with a confirmed resolution reply ÷ linked reports of resolved incidents. */
  customersNotified: SupportShare;
  /** Seconds from a report's link to its incident resolved and its reporter told. */
  escalationResolutionSeconds: SupportDurationFigure;
  byTeam: Array<{
    groupRef: string | null;
    customersNotified: SupportShare;
    escalationResolutionSeconds: SupportDurationFigure;
  }>;
  weekly: Array<{
    weekStart: string;
    customersNotified: SupportShare;
    escalationResolutionSeconds: SupportDurationFigure;
  }>;
}

/** Names the catalog entity a helpdesk's product field or tag stands for (comma-separated). */
export const ANNOTATION_SUPPORT_PRODUCT = 'lookout.dev/support-product';
