import { Severity } from './types';

/**
 * The live status of an entity, in the Statuspage vocabulary, from best to worst. The order is
 * the one rollups use: a system takes the worst status of its parts.
 */
export const LIVE_STATUSES = [
  'operational',
  'under_maintenance',
  'degraded_performance',
  'partial_outage',
  'major_outage',
] as const;
export type LiveStatus = (typeof LIVE_STATUSES)[number];

/** What an open incident of each severity does to the entities it names. */
export const SEVERITY_LIVE_STATUS: Record<Severity, LiveStatus> = {
  SEV1: 'major_outage',
  SEV2: 'partial_outage',
  SEV3: 'degraded_performance',
  SEV4: 'degraded_performance',
};

/** Ranks statuses for comparison: 0 is operational, higher is worse. */
export function liveStatusRank(status: LiveStatus): number {
  return LIVE_STATUSES.indexOf(status);
}

/**
 * `downstream`: what an incident on the entity hurts. `upstream`: where the cause of a problem
 * on the entity may be.
 */
export const BLAST_RADIUS_DIRECTIONS = ['downstream', 'upstream'] as const;
export type BlastRadiusDirection = (typeof BLAST_RADIUS_DIRECTIONS)[number];

/**
 * The catalog relation each hop of a blast-radius path follows, named from the entity the hop
 * leaves: `dependencyOf` means "is depended on by the next entity".
 */
export const IMPACT_RELATIONS = [
  'dependencyOf',
  'providesApi',
  'apiConsumedBy',
  'partOf',
  'dependsOn',
  'consumesApi',
  'apiProvidedBy',
] as const;
export type ImpactRelation = (typeof IMPACT_RELATIONS)[number];

/**
 * One hop of a path from the root. `entityRef` is the entity the hop reaches, or null when the
 * caller may not see that entity (the hop is shown, the entity is not).
 */
export interface ImpactPathStep {
  entityRef: string | null;
  relation: ImpactRelation;
}

/**
 * One hop of the walk's shortest paths, as an answer carries it: the entity the hop reaches,
 * the relation it follows, and the hop before it. Each hop names its predecessor once instead
 * of every entry repeating its whole path, so an answer grows with its entries, not with
 * entries times depth; `impactPath` rebuilds a path.
 */
export interface ImpactHop {
  /** Null when the caller may not see the entity (the hop is shown, the entity is not). */
  entityRef: string | null;
  /** The relation from the hop before (or from the root) to this entity. */
  relation: ImpactRelation;
  /**
   * The hop before this one: an index into `impacted` followed by `through` (an index of
   * `impacted.length + i` is `through[i]`), or -1 when the hop leaves the root.
   */
  via: number;
}

/** An entity inside a blast radius. */
export interface ImpactedEntity extends ImpactHop {
  entityRef: string;
  /** Lowercased kind, as in the ref. */
  kind: string;
  /**
   * Hops from the root; the root itself is at 0 and is not listed. The path `impactPath`
   * rebuilds from `via` has this length and ends at this entity.
   */
  distance: number;
  customerFacing: boolean;
}

/** The answer of `GET /blast-radius`. */
export interface BlastRadius {
  entityRef: string;
  direction: BlastRadiusDirection;
  maxDepth: number;
  limit: number;
  /** Nearest first: the first `limit` entities the walk reached, less those you may not see. */
  impacted: ImpactedEntity[];
  /**
   * Hops that paths pass through but that are not entries: an entity you may not see (its
   * ref null), or an entity reached again in full after it was first reached rolled up into
   * (its entry has the shorter distance of the rollup).
   */
  through: ImpactHop[];
  /** Every entity the walk reached within `maxDepth`, whether listed, hidden or past `limit`. */
  total: number;
  /** Of the first `limit` entities reached, how many you may not see; they are left out. */
  hidden: number;
  /** Systems among the root and the listed entities. */
  systems: string[];
  /** Domains among the root and the listed entities. */
  domains: string[];
  /** Owners (`ownedBy`) of the root and of every listed entity: the teams to inform. */
  owners: string[];
  /** Customer-facing entities among the root and the listed entities. */
  customerFacing: string[];
  /** Refs the walk met in relations that are not in the catalog; the walk stops at them. */
  missing: string[];
  /** True when `maxDepth` stopped the walk or more than `limit` entities were reached. */
  cutoff: boolean;
}

/**
 * Why an entity has its status.
 * - `incident`: an open incident names the entity as its origin or as impacted.
 * - `upstream`: the entity is in the downstream blast radius of an open incident's origin.
 * - `maintenance`: an active maintenance window covers the entity.
 * `via` is set when the reason was carried up from a part (systems, domains) or from an owned
 * entity (groups): it names the entity that has the status itself.
 */
export type EntityStatusReason = IncidentStatusReason | MaintenanceStatusReason;

export interface IncidentStatusReason {
  type: 'incident' | 'upstream';
  status: LiveStatus;
  incidentId: string;
  /** The incident's origin entity. */
  entityRef: string;
  severity: Severity;
  /** For `upstream`: one shortest path from the incident's origin. */
  path?: ImpactPathStep[];
  via?: string;
  /** For people, for example "degraded_performance: upstream INC-12 on resource:default/postgres-main". */
  message: string;
}

export interface MaintenanceStatusReason {
  type: 'maintenance';
  status: 'under_maintenance';
  maintenanceId: string;
  via?: string;
  message: string;
}

/** The live status of one entity with its reasons, worst first. */
export interface EntityStatus {
  entityRef: string;
  status: LiveStatus;
  reasons: EntityStatusReason[];
}

/** The answer of `GET /entity-status`. */
export interface EntityStatusResponse {
  items: EntityStatus[];
}

/**
 * The blast radius an incident had when it was declared, small enough for a timeline event
 * (`blast_radius`).
 */
export interface BlastRadiusSummary {
  entityRef: string;
  direction: BlastRadiusDirection;
  total: number;
  hidden: number;
  /** Listed entities per lowercased kind. */
  byKind: Record<string, number>;
  systems: string[];
  owners: string[];
  customerFacing: string[];
  cutoff: boolean;
  /** The first listed refs, nearest first. */
  refs: string[];
}

/** Defaults and caps of `GET /blast-radius`. */
export const BLAST_RADIUS_LIMITS = {
  defaultMaxDepth: 6,
  maxDepth: 20,
  defaultLimit: 1000,
  limit: 100_000,
} as const;

/** What `GET /blast-radius` takes; left-out fields take the defaults above, downstream. */
export interface BlastRadiusQuery {
  entityRef: string;
  direction?: BlastRadiusDirection;
  maxDepth?: number;
  limit?: number;
}

/** How many entities one `GET /entity-status` call may name. */
export const MAX_STATUS_REFS = 200;
