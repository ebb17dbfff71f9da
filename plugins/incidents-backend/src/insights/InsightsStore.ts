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
  | { inStatus: InsightsStatus };

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

export interface InsightsStore {
  /** How many incidents are in scope, overall and per week. */
  countIncidents(scope: InsightsScope): Promise<Measured<{ n: number }>>;
  durations(
    scope: InsightsScope,
    measure: DurationMeasure,
  ): Promise<Measured<Distribution>>;
  statusPageDeliveries(scope: InsightsScope): Promise<Measured<Share>>;
  /** Response steps done by Lookout and by people, per step and per week. */
  automation(scope: InsightsScope): Promise<{
    steps: Array<{ step: AutomationStep; automated: number; manual: number }>;
    weekly: Array<Weekly<Share>>;
  }>;
  recurrence(
    scope: InsightsScope,
    windowDays: number,
  ): Promise<Measured<Share>>;
  /** Action items of the postmortems of the incidents that repeats within `windowDays` followed. */
  recurrenceActionItems(
    scope: InsightsScope,
    windowDays: number,
    today: string,
  ): Promise<{ done: number; open: number; overdue: number }>;
  /** Everyone who was sent a page for an incident in scope. */
  pagedPeople(scope: InsightsScope): Promise<string[]>;
  /**
   * Pages per person (`by: 'person'`, teamRef null) or per team (`by: 'team'`, userRef ''),
   * read on each person's clock; `zones` covers every paged person at every time.
   */
  pageLoad(
    scope: InsightsScope,
    zones: ZoneSegment[],
    by: 'person' | 'team',
  ): Promise<PageLoadRow[]>;
  /** The zones of schedules each person is a member of, by person. */
  scheduleZones(userRefs: string[]): Promise<Map<string, string>>;
  /** Groups that owned an incident declared in [from, to), for the weekly digest. */
  teamsWithIncidents(from: string, to: string): Promise<string[]>;
  changeFailure(
    scope: InsightsScope,
    windowHours: number,
  ): Promise<{ rate: Measured<Share>; recover: Measured<Distribution> }>;
}
