import {
  Incident,
  IncidentSource,
  IncidentStatus,
  Page,
  Severity,
  TimelineEvent,
  TimelineEventType,
} from '@lookout/plugin-incidents-common';

/** What the service hands the store to create an incident; refs are already normalized. */
export interface NewIncident {
  title: string;
  description: string;
  severity: Severity;
  status: IncidentStatus;
  entityRef: string;
  impactedEntityRefs: string[];
  source: IncidentSource;
  createdBy: string;
  declaredAt: string;
  acknowledgedAt?: string | null;
  mitigatedAt?: string | null;
  resolvedAt?: string | null;
  closedAt?: string | null;
}

export interface NewTimelineEvent {
  type: TimelineEventType;
  actor: string;
  at: string;
  data?: Record<string, unknown>;
}

/** Keyset position in the list order (declared_at desc, seq desc). */
export interface IncidentCursor {
  declaredAt: string;
  seq: number;
}

export interface IncidentFilter {
  /** Origin or impacted entity, lowercased. */
  entityRef?: string;
  status?: IncidentStatus[];
  severity?: Severity[];
  after?: IncidentCursor;
  limit: number;
}

/** Persistence of incidents and their timelines. */
export interface IncidentsStore {
  /** Writes the incident, its entity index and its first timeline events in one transaction. */
  createIncident(
    incident: NewIncident,
    events: NewTimelineEvent[],
  ): Promise<Incident>;
  getIncident(seq: number): Promise<Incident | undefined>;
  listIncidents(
    filter: IncidentFilter,
  ): Promise<Page<Incident> & { last?: IncidentCursor }>;
  listTimeline(seq: number): Promise<TimelineEvent[]>;
  countIncidents(): Promise<number>;
}
