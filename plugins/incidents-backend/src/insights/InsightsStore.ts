import {
  AutomationStep,
  Distribution,
  IncidentSource,
  InsightsStatus,
  OnCallLoad,
  Severity,
  Share,
  Weekly,
} from '@lookout/plugin-incidents-common';
import { IncidentCondition } from '../permissions/conditions';

/**
 * The incidents a figure is computed over: declared in [from, to), merged duplicates left
 * out, narrowed by the filters and by what the reader may read.
 */
export interface InsightsScope {
  from: string;
  to: string;
  /** Incidents whose origin or an impacted entity is one of these. */
  entityRefs?: string[];
  /** ...or, together with `entityRefs`, incidents owned by one of these groups when declared. */
  ownerRefs?: string[];
  severity?: Severity[];
  source?: IncidentSource[];
  /** The reader's `incident.read` condition; undefined when everything is readable. */
  condition?: IncidentCondition;
}

/** A duration per incident, from the incident's start (first alert or declaration) to an end. */
export type DurationMeasure =
  | 'firstPage'
  | 'triageReady'
  | 'acknowledged'
  | 'resolved'
  | InsightsStatus;

export interface Measured<T> {
  overall: T;
  weekly: Array<Weekly<T>>;
}

/** One slice of an on-call zone: from `fromSecond` (epoch) up to `toSecond` the offset holds. */
export interface ZoneSegment {
  userRef: string;
  fromSecond: number;
  toSecond: number;
  offsetSeconds: number;
}

export interface PageLoadRow extends OnCallLoad {
  userRef: string;
  teamRef: string | null;
}

/** The per-incident figures of the scope, all read in one pass over its incidents. */
export interface IncidentFigures {
  incidents: Measured<{ n: number }>;
  durations: Record<DurationMeasure, Measured<Distribution>>;
  statusPage: Measured<Share>;
  supportReporters: Measured<Share>;
  /** Response steps done by Lookout and by people, per step and per week. */
  automation: {
    steps: Array<{ step: AutomationStep; automated: number; manual: number }>;
    weekly: Array<Weekly<Share>>;
  };
  within30Days: Measured<Share>;
  within90Days: Measured<Share>;
  /**
   * Action items of the postmortems of the incidents that repeats within 90 days followed.
   */
  actionItems: { done: number; open: number; overdue: number };
}

export interface InsightsStore {
  /**
   * Every per-incident figure of the scope (counts, durations, shares, each per week) and the
   * action items behind its repeats, overdue as of `today` (YYYY-MM-DD).
   */
  incidentFigures(
    scope: InsightsScope,
    today: string,
  ): Promise<IncidentFigures>;
  /** Everyone who was sent a page for an incident in scope. */
  pagedPeople(scope: InsightsScope): Promise<string[]>;
  /**
   * Pages per person (teamRef null) and per team (userRef ''), read on each person's clock;
   * `zones` covers every paged person at every time.
   */
  pageLoad(
    scope: InsightsScope,
    zones: ZoneSegment[],
  ): Promise<{ people: PageLoadRow[]; teams: PageLoadRow[] }>;
  /** The zones of schedules each person is a member of, by person. */
  scheduleZones(userRefs: string[]): Promise<Map<string, string>>;
  /** Groups that owned an incident declared in [from, to), for the weekly digest. */
  teamsWithIncidents(from: string, to: string): Promise<string[]>;
  /** The entities deployed (with a change event) in the scope's range and entities. */
  deployedEntities(scope: InsightsScope): Promise<string[]>;
  /**
   * Deploys followed within the window by an incident on the deployed entity or on one
   * downstream of it (`downstream`: deployed ref → the refs that depend on it).
   */
  changeFailure(
    scope: InsightsScope,
    windowHours: number,
    downstream: Map<string, string[]>,
  ): Promise<{ rate: Measured<Share>; recover: Measured<Distribution> }>;
}
