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

/** The query of `GET /incidents`. */
export interface ListIncidentsQuery {
  entityRef?: string;
  status?: IncidentStatus[];
  severity?: Severity[];
  cursor?: string;
  limit?: number;
}

/** The kinds of timeline event. The postmortem timeline and all metrics derive from these. */
export type TimelineEventType =
  | 'declared'
  | 'status_changed'
  | 'severity_changed'
  | 'acknowledged'
  | 'note'
  | 'role_assigned';

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
