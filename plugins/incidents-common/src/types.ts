/** Incident severity, `SEV1` the worst. Names and descriptions are configurable; the codes are not. */
export const SEVERITIES = ['SEV1', 'SEV2', 'SEV3', 'SEV4'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** The status machine of an incident; `declined` and `merged` are terminal. */
export const INCIDENT_STATUSES = [
  'triage',
  'investigating',
  'identified',
  'monitoring',
  'resolved',
  'closed',
  'declined',
  'merged',
] as const;
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];

/** The roles a responder can hold on an incident; each is held by one User entity. */
export const INCIDENT_ROLES = [
  'commander',
  'communications',
  'scribe',
] as const;
export type IncidentRole = (typeof INCIDENT_ROLES)[number];

/** A link attached to an incident: a dashboard, a chat channel, a ticket. */
export interface IncidentLink {
  title: string;
  url: string;
}

/** Where an incident came from. */
export type IncidentSource = 'manual' | 'alert' | 'support';

/** An incident as the REST API returns it. Timestamps are ISO 8601 strings. */
export interface Incident {
  /** The human id, for example `INC-42`. */
  id: string;
  title: string;
  description: string;
  severity: Severity;
  status: IncidentStatus;
  /** The entity where the incident started (its origin), a full entity ref. */
  entityRef: string;
  /** Other entities listed as impacted, full entity refs. */
  impactedEntityRefs: string[];
  source: IncidentSource;
  /** What customers experience, in plain words. */
  customerImpact: string;
  labels: Record<string, string>;
  links: IncidentLink[];
  /** The origin's owner when the incident was declared: the team that answers for it. */
  ownerRef: string | null;
  /** User entity refs by role; a role nobody holds is absent. */
  roles: Partial<Record<IncidentRole, string>>;
  /** The primary incident's id when this one was merged into it. */
  mergedInto: string | null;
  /** The user or service that declared the incident. */
  createdBy: string;
  /** Optimistic concurrency: every update must name the version it read. */
  version: number;
  declaredAt: string;
  acknowledgedAt: string | null;
  mitigatedAt: string | null;
  resolvedAt: string | null;
  closedAt: string | null;
  updatedAt: string;
}

/** A page of a list, with the cursor of the next page when there is one. */
export interface Page<T> {
  items: T[];
  nextCursor?: string;
}

/** The body of `POST /incidents`. */
export interface DeclareIncidentRequest {
  title: string;
  severity: Severity;
  entityRef: string;
  description?: string;
  impactedEntityRefs?: string[];
}

/** The query of `GET /incidents`. Every filter narrows the list; none is required. */
export interface ListIncidentsQuery {
  /** Incidents that started on or were listed as impacting this entity. */
  entityRef?: string;
  /** Incidents on any entity this group owns. */
  ownerRef?: string;
  /** Incidents on any entity that is part of this system or domain. */
  systemRef?: string;
  status?: IncidentStatus[];
  severity?: Severity[];
  /** Declared at or after this ISO time. */
  from?: string;
  /** Declared before this ISO time. */
  to?: string;
  /** Free text, matched against title and description. */
  q?: string;
  cursor?: string;
  limit?: number;
}

/** The body of `PATCH /incidents/:id`; `version` must be the one the caller read. */
export interface UpdateIncidentRequest {
  version: number;
  /** Moves the origin; the owner follows and the new blast radius is recorded. */
  entityRef?: string;
  title?: string;
  description?: string;
  severity?: Severity;
  customerImpact?: string;
  labels?: Record<string, string>;
  links?: IncidentLink[];
  impactedEntityRefs?: string[];
}

/** The body of `POST /incidents/:id/transition`. */
export interface TransitionIncidentRequest {
  to: IncidentStatus;
  version?: number;
  /** An optional note recorded with the change. */
  note?: string;
}

/** Response times over a window, in seconds, derived from timelines. */
export interface ResponseTimes {
  count: number;
  /** Mean time from declared to acknowledged, over the acknowledged ones. */
  mttaSeconds: number | null;
  /** Mean time from declared to resolved, over the resolved ones. */
  mttrSeconds: number | null;
}

/** The answer of `GET /metrics`. */
export interface IncidentMetrics extends ResponseTimes {
  from: string;
  to: string;
  bySeverity: Record<Severity, ResponseTimes>;
}

/** The kinds of timeline event. The postmortem timeline and all metrics derive from these. */
export type TimelineEventType =
  | 'declared'
  | 'status_changed'
  | 'severity_changed'
  | 'updated'
  | 'acknowledged'
  | 'note'
  | 'role_assigned'
  | 'merged'
  | 'blast_radius'
  /** An alert joined the incident (or opened it); `data.reopened` when it fired again. */
  | 'alert_attached'
  /** One of the incident's alerts stopped firing. */
  | 'alert_resolved'
  /** A public status-page update was published from the incident. */
  | 'status_update_published'
  /** A runbook checklist step was ticked or unticked; `data` is a RunbookStepEventData. */
  | 'runbook_step'
  /** Someone was paged: `data` has userRef, level, round, reason and channels. */
  | 'page_sent';

/** One entry of an incident's append-only timeline. */
export interface TimelineEvent {
  id: string;
  incidentId: string;
  type: TimelineEventType;
  /** Entity ref of the user or service that acted. */
  actor: string;
  at: string;
  data: Record<string, unknown>;
}
