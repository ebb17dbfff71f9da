import {
  EntityStatus,
  EntityStatusReason,
  LiveStatus,
  liveStatusRank,
  SEVERITY_LIVE_STATUS,
  Severity,
} from '@lookout/plugin-incidents-common';
import { CatalogGraph } from './CatalogGraph';
import { BLAST_RADIUS_LIMITS } from './describeBlastRadius';
import { EDGE, impactRelation } from './relations';
import { BlastRadiusWalk, pathTo, walkBlastRadius } from './walkBlastRadius';

/** What live status needs of an open incident; refs lowercased. */
export interface OpenIncident {
  id: string;
  severity: Severity;
  entityRef: string;
  impactedEntityRefs: string[];
}

/**
 * An active maintenance window. Lookout has no maintenance windows yet; when it does, their
 * service hands the active ones to computeLiveStatus (see GraphService's `maintenance`
 * option) and the rule below already applies them.
 */
export interface ActiveMaintenance {
  id: string;
  entityRefs: string[];
}

/** How far an open incident's impact spreads downstream: the blast radius's default depth. */
export const STATUS_PROPAGATION_DEPTH = BLAST_RADIUS_LIMITS.defaultMaxDepth;

/** Kinds whose status is the worst of their parts, and of what they own. */
const ROLLS_UP_PARTS = new Set(['system', 'domain']);
const ROLLS_UP_OWNED = new Set(['group']);

/** A reason before it is shaped for a reader: paths are only built for what is asked. */
type Seed =
  | {
      type: 'incident' | 'upstream';
      status: LiveStatus;
      incident: OpenIncident;
      walk?: BlastRadiusWalk;
      state?: number;
      via?: string;
    }
  | {
      type: 'maintenance';
      status: 'under_maintenance';
      maintenance: ActiveMaintenance;
      via?: string;
    };

const seedKey = (seed: Seed) =>
  seed.type === 'maintenance'
    ? `maintenance:${seed.maintenance.id}`
    : `incident:${seed.incident.id}`;

/** Worst first; an incident on the entity before impact from upstream; then by id. */
function compareSeeds(a: Seed, b: Seed): number {
  return (
    liveStatusRank(b.status) - liveStatusRank(a.status) ||
    (a.type === 'upstream' ? 1 : 0) - (b.type === 'upstream' ? 1 : 0) ||
    seedKey(a).localeCompare(seedKey(b), 'en-US', { numeric: true })
  );
}

/**
 * The live status of every entity, from a graph, the open incidents and the active
 * maintenance windows (DESIGN.md, "Live status"):
 * - an open incident gives its origin and the entities it lists as impacted the status of its
 *   severity (SEV1 major_outage, SEV2 partial_outage, SEV3 and SEV4 degraded_performance);
 * - every other entity in the downstream blast radius of its origin is at most
 *   degraded_performance, with the incident and one shortest path as the reason;
 * - an active maintenance window gives under_maintenance unless something is worse;
 * - systems and domains take the worst status of their parts, groups the worst of what they
 *   own, with the reasons carried up and `via` naming the entity that has the status.
 * Each entity keeps one reason per incident (its worst). Pure: it reads nothing.
 */
export class LiveStatusIndex {
  private readonly direct: Array<{ incident: OpenIncident; refs: Set<string> }>;
  /** Per incident, the walk from its origin and the state+1 of each node it reached. */
  private readonly spread: Array<{
    incident: OpenIncident;
    walk: BlastRadiusWalk;
    stateOf: Int32Array;
  }> = [];
  private readonly maintenance: Array<{
    window: ActiveMaintenance;
    refs: Set<string>;
  }>;
  private readonly rolledUp = new Map<string, Map<string, Seed>>();

  constructor(
    private readonly graph: CatalogGraph,
    incidents: OpenIncident[],
    maintenance: ActiveMaintenance[] = [],
  ) {
    this.direct = incidents.map(incident => ({
      incident,
      refs: new Set([incident.entityRef, ...incident.impactedEntityRefs]),
    }));
    for (const incident of incidents) {
      const origin = graph.idOf(incident.entityRef);
      if (origin === undefined || !graph.inCatalog(origin)) continue;
      const walk = walkBlastRadius(graph, origin, {
        direction: 'downstream',
        maxDepth: STATUS_PROPAGATION_DEPTH,
      });
      const stateOf = new Int32Array(graph.size);
      for (const state of walk.reached) stateOf[walk.nodes[state]] = state + 1;
      this.spread.push({ incident, walk, stateOf });
    }
    this.maintenance = maintenance.map(window => ({
      window,
      refs: new Set(window.entityRefs),
    }));
  }

  /**
   * The status of a lowercased ref and its reasons. `visible` says which refs the reader may
   * see: a path hop through another shows its relation but not its ref, and `via` is left out.
   */
  describe(ref: string, visible: (ref: string) => boolean): EntityStatus {
    const seeds = [...this.seedsOf(ref, new Set()).values()].sort(compareSeeds);
    return {
      entityRef: ref,
      status: seeds[0]?.status ?? 'operational',
      reasons: seeds.map(seed => this.toReason(seed, visible)),
    };
  }

  /** Every ref the reasons of `ref` would show, so a caller can check them in one request. */
  refsShownBy(ref: string): string[] {
    const refs = new Set<string>();
    for (const seed of this.seedsOf(ref, new Set()).values()) {
      if (seed.via) refs.add(seed.via);
      if (seed.type !== 'maintenance' && seed.walk) {
        for (const hop of pathTo(seed.walk, seed.state!)) {
          refs.add(this.graph.refOf(hop.node));
        }
      }
    }
    return [...refs];
  }

  private seedsOf(ref: string, inProgress: Set<string>): Map<string, Seed> {
    const memo = this.rolledUp.get(ref);
    if (memo) return memo;
    const seeds = this.ownSeeds(ref);
    const node = this.graph.idOf(ref);
    if (node === undefined || inProgress.has(ref)) return seeds;

    inProgress.add(ref);
    const kind = this.graph.kindOf(node);
    const held = [
      ...(ROLLS_UP_PARTS.has(kind)
        ? this.graph.sources(node, EDGE.partOf)
        : []),
      ...(ROLLS_UP_OWNED.has(kind)
        ? this.graph.sources(node, EDGE.ownedBy)
        : []),
    ];
    for (const part of held) {
      const partRef = this.graph.refOf(part);
      for (const [key, seed] of this.seedsOf(partRef, inProgress)) {
        const carried = { ...seed, via: seed.via ?? partRef };
        const current = seeds.get(key);
        if (!current || compareSeeds(carried, current) < 0) {
          seeds.set(key, carried);
        }
      }
    }
    inProgress.delete(ref);
    this.rolledUp.set(ref, seeds);
    return seeds;
  }

  private ownSeeds(ref: string): Map<string, Seed> {
    const seeds = new Map<string, Seed>();
    const add = (seed: Seed) => {
      const current = seeds.get(seedKey(seed));
      if (!current || compareSeeds(seed, current) < 0) {
        seeds.set(seedKey(seed), seed);
      }
    };
    for (const { incident, refs } of this.direct) {
      if (refs.has(ref)) {
        add({
          type: 'incident',
          status: SEVERITY_LIVE_STATUS[incident.severity],
          incident,
        });
      }
    }
    const node = this.graph.idOf(ref);
    if (node !== undefined) {
      for (const { incident, walk, stateOf } of this.spread) {
        const state = stateOf[node] - 1;
        if (state >= 0) {
          add({
            type: 'upstream',
            status: 'degraded_performance',
            incident,
            walk,
            state,
          });
        }
      }
    }
    for (const { window, refs } of this.maintenance) {
      if (refs.has(ref)) {
        add({
          type: 'maintenance',
          status: 'under_maintenance',
          maintenance: window,
        });
      }
    }
    return seeds;
  }

  private toReason(
    seed: Seed,
    visible: (ref: string) => boolean,
  ): EntityStatusReason {
    const via = seed.via && visible(seed.via) ? seed.via : undefined;
    const suffix = via ? ` (via ${via})` : '';
    if (seed.type === 'maintenance') {
      return {
        type: 'maintenance',
        status: seed.status,
        maintenanceId: seed.maintenance.id,
        ...(via ? { via } : {}),
        message: `${seed.status}: maintenance ${seed.maintenance.id}${suffix}`,
      };
    }
    const { incident } = seed;
    const path =
      seed.walk &&
      pathTo(seed.walk, seed.state!).map(hop => {
        const ref = this.graph.refOf(hop.node);
        return {
          entityRef: visible(ref) ? ref : null,
          relation: impactRelation(hop.relation),
        };
      });
    return {
      type: seed.type,
      status: seed.status,
      incidentId: incident.id,
      entityRef: incident.entityRef,
      severity: incident.severity,
      ...(path ? { path } : {}),
      ...(via ? { via } : {}),
      message:
        seed.type === 'upstream'
          ? `${seed.status}: upstream ${incident.id} on ${incident.entityRef}${suffix}`
          : `${seed.status}: ${incident.id} (${incident.severity}) on ${incident.entityRef}${suffix}`,
    };
  }
}
