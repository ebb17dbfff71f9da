import {
  BlastRadius,
  BlastRadiusDirection,
  ImpactedEntity,
  ImpactPathStep,
} from '@lookout/plugin-incidents-common';
import { CatalogGraph, CUSTOMER_FACING } from './CatalogGraph';
import { EDGE, impactRelation } from './relations';
import { BlastRadiusWalk, walkBlastRadius } from './walkBlastRadius';

export { BLAST_RADIUS_LIMITS } from '@lookout/plugin-incidents-common';

export interface BlastRadiusOptions {
  direction: BlastRadiusDirection;
  maxDepth: number;
  limit: number;
}

/** A walk and the part of it an answer lists, before anyone's permissions are applied. */
export interface BlastRadiusCandidates {
  graph: CatalogGraph;
  walk: BlastRadiusWalk;
  options: BlastRadiusOptions;
  /** States of the first `limit` entities reached, nearest first. */
  listed: number[];
  /** States of the first `limit` refs reached that are not in the catalog. */
  missing: number[];
  /** Every entity reached within `maxDepth`. */
  total: number;
  cutoff: boolean;
}

// Module-local copies of what the answer's loops read: compiled to CommonJS, an imported
// binding is read through a getter on every access.
const CUSTOMER_FACING_FLAG = CUSTOMER_FACING;
const OWNED_BY = EDGE.ownedBy;

/** Walks from `root` and picks what the answer lists. */
export function collectBlastRadius(
  graph: CatalogGraph,
  root: number,
  options: BlastRadiusOptions,
): BlastRadiusCandidates {
  const walk = walkBlastRadius(graph, root, options);
  const listed: number[] = [];
  const missing: number[] = [];
  let total = 0;
  for (const state of walk.reached) {
    if (graph.inCatalog(walk.nodes[state])) {
      total++;
      if (listed.length < options.limit) listed.push(state);
    } else if (missing.length < options.limit) {
      missing.push(state);
    }
  }
  return {
    graph,
    walk,
    options,
    listed,
    missing,
    total,
    cutoff: walk.depthCutoff || total > options.limit,
  };
}

/** The nodes whose visibility decides the answer: the root and every listed entity. */
export function candidateNodes(candidates: BlastRadiusCandidates): number[] {
  const { walk, listed } = candidates;
  return [walk.root, ...listed.map(state => walk.nodes[state])];
}

/** The path of the root's direct neighbours starts from nothing. */
const NO_STEPS: ImpactPathStep[] = [];

/** Per graph: which walk states have a path built, stamped per answer instead of cleared. */
class PathScratch {
  epoch = 0;
  readonly stamps: Int32Array;
  readonly slots: Int32Array;

  constructor(states: number) {
    this.stamps = new Int32Array(states);
    this.slots = new Int32Array(states);
  }
}

const pathScratches = new WeakMap<CatalogGraph, PathScratch>();

/**
 * Paths to states, built only for the states an answer lists (and the states they pass
 * through), each from its parent's path: neighbours in a big radius share most of their
 * path, so each hop object is made once and reused by every path through it (JSON writes it
 * out in each). Which states have a path is kept in typed arrays reused by every answer on
 * the graph, so an answer allocates nothing per state it does not list.
 */
class SharedPaths {
  private readonly scratch: PathScratch;
  private readonly epoch: number;
  private readonly built: ImpactPathStep[][] = [];

  constructor(
    private readonly graph: CatalogGraph,
    private readonly walk: BlastRadiusWalk,
    private readonly visible: (node: number) => boolean,
  ) {
    let scratch = pathScratches.get(graph);
    // a walk has at most two states per node (see walkBlastRadius)
    if (!scratch || scratch.stamps.length < walk.nodes.length) {
      scratch = new PathScratch(Math.max(2 * graph.size, walk.nodes.length));
      pathScratches.set(graph, scratch);
    }
    if (++scratch.epoch === 0x7fffffff) {
      scratch.stamps.fill(0);
      scratch.epoch = 1;
    }
    this.scratch = scratch;
    this.epoch = scratch.epoch;
  }

  to(state: number): ImpactPathStep[] {
    const { stamps, slots } = this.scratch;
    if (stamps[state] === this.epoch) return this.built[slots[state]];
    const parent = this.walk.parents[state];
    const base = parent > 0 ? this.to(parent) : NO_STEPS;
    const path = new Array<ImpactPathStep>(base.length + 1);
    for (let i = 0; i < base.length; i++) path[i] = base[i];
    const node = this.walk.nodes[state];
    path[base.length] = {
      entityRef: this.visible(node) ? this.graph.refOf(node) : null,
      relation: impactRelation(this.walk.relations[state]),
    };
    stamps[state] = this.epoch;
    slots[state] = this.built.length;
    this.built.push(path);
    return path;
  }
}

/**
 * The answer, given which nodes the caller may see. Entities the caller may not see are left
 * out and counted in `hidden`; where a path runs through one, that hop shows its relation but
 * not its ref; a missing ref is only reported when the caller may see the entity that names
 * it. The summaries (systems, domains, owners, customer-facing) cover the root and the listed
 * entities.
 */
export function describeBlastRadius(
  candidates: BlastRadiusCandidates,
  visible: (node: number) => boolean,
): BlastRadius {
  const { graph, walk, options, listed } = candidates;
  const root = walk.root;
  const { kindNames, kinds, flags, refs } = graph.contents;
  const systemKind = kindNames.indexOf('system');
  const domainKind = kindNames.indexOf('domain');
  const owned = graph.forward(OWNED_BY);
  const paths = new SharedPaths(graph, walk, visible);

  const impacted: ImpactedEntity[] = [];
  const systems: string[] = [];
  const domains: string[] = [];
  const customerFacing: string[] = [];
  const ownerIds = new Set<number>();
  // the root and every listed entity the caller may see, in one pass
  const show = (node: number) => {
    const kind = kinds[node];
    if (kind === systemKind) systems.push(refs[node]);
    else if (kind === domainKind) domains.push(refs[node]);
    if (flags[node] & CUSTOMER_FACING_FLAG) customerFacing.push(refs[node]);
    for (let i = owned.offsets[node]; i < owned.offsets[node + 1]; i++) {
      ownerIds.add(owned.targets[i]);
    }
  };
  show(root);
  for (let k = 0; k < listed.length; k++) {
    const state = listed[k];
    const node = walk.nodes[state];
    if (!visible(node)) continue;
    show(node);
    impacted.push({
      entityRef: refs[node],
      kind: kindNames[kinds[node]],
      distance: walk.distances[state],
      path: paths.to(state),
      customerFacing: (flags[node] & CUSTOMER_FACING_FLAG) !== 0,
    });
  }
  const owners: string[] = [];
  ownerIds.forEach(id => owners.push(refs[id]));

  const missing: string[] = [];
  for (const state of candidates.missing) {
    if (visible(walk.nodes[walk.parents[state]])) {
      missing.push(refs[walk.nodes[state]]);
    }
  }

  return {
    entityRef: refs[root],
    direction: options.direction,
    maxDepth: options.maxDepth,
    limit: options.limit,
    impacted,
    total: candidates.total,
    hidden: listed.length - impacted.length,
    systems,
    domains,
    owners,
    customerFacing,
    missing,
    cutoff: candidates.cutoff,
  };
}
