import {
  Incident,
  IncidentLink,
  IncidentRole,
  IncidentSource,
  IncidentStatus,
  Severity,
  TimelineEvent,
  TimelineEventType,
} from '@lookout/plugin-incidents-common';
import { PageCursor } from '../lib/cursor';
import { IncidentCondition } from '../permissions/conditions';

/** What the service hands the store to create an incident; refs are already normalized. */
export interface NewIncident {
  title: string;
  description: string;
  severity: Severity;
  status: IncidentStatus;
  entityRef: string;
  impactedEntityRefs: string[];
  ownerRef: string | null;
  source: IncidentSource;
  customerImpact?: string;
  labels?: Record<string, string>;
  links?: IncidentLink[];
  roles?: Partial<Record<IncidentRole, string>>;
  createdBy: string;
  declaredAt: string;
}

export interface NewTimelineEvent {
  type: TimelineEventType;
  actor: string;
  at: string;
  /** The status entered, on events that change it; the derived timestamps read this. */
  status?: IncidentStatus;
  data?: Record<string, unknown>;
}

/** The fields an update may change; absent ones stay as they are. */
export interface IncidentFieldChanges {
  /** A new origin; the entity index follows. */
  entityRef?: string;
  ownerRef?: string | null;
  title?: string;
  description?: string;
  severity?: Severity;
  status?: IncidentStatus;
  customerImpact?: string;
  labels?: Record<string, string>;
  links?: IncidentLink[];
  impactedEntityRefs?: string[];
  roles?: Partial<Record<IncidentRole, string | null>>;
  mergedInto?: number;
}

export interface IncidentUpdate {
  changes: IncidentFieldChanges;
  events: NewTimelineEvent[];
}

/** Keyset position in the list order (declared_at desc, seq desc): `at` is declared_at, `id` the seq. */
export type IncidentCursor = PageCursor;

export interface IncidentFilter {
  /** Origin or impacted entity, lowercased. */
  entityRef?: string;
  /** Origin or impacted entity among these (an owner's or a system's entities). */
  entityRefs?: string[];
  status?: IncidentStatus[];
  severity?: Severity[];
  from?: string;
  to?: string;
  /** Free text in title or description. */
  text?: string;
  /** A permission condition the rows must meet. */
  condition?: IncidentCondition;
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
  getIncidents(seqs: number[]): Promise<Incident[]>;
  /**
   * Read-modify-write under a row lock: `compute` sees the current incident (it may throw to
   * refuse), and its changes and events commit together with a version bump. Concurrent
   * writers queue, so none loses a write. Resolves to undefined for an unknown incident.
   */
  updateIncident(
    seq: number,
    compute: (current: Incident) => IncidentUpdate,
  ): Promise<Incident | undefined>;
  /** Appends events that change nothing else (notes). */
  appendEvents(
    seq: number,
    events: NewTimelineEvent[],
  ): Promise<TimelineEvent[]>;
  /**
   * Appends events that change nothing else to several incidents in one write (the alerts
   * one delivery attached to their incidents).
   */
  appendEventsToMany(
    entries: Array<{ seq: number; event: NewTimelineEvent }>,
  ): Promise<void>;
  listIncidents(
    filter: IncidentFilter,
  ): Promise<{ items: Incident[]; last?: IncidentCursor }>;
  /** The incident's events and those of every incident merged into it, oldest first. */
  listTimeline(seq: number): Promise<TimelineEvent[]>;
  deleteIncident(seq: number): Promise<boolean>;
  countIncidents(): Promise<number>;
}
