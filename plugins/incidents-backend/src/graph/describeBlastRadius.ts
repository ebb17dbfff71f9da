import {
  BlastRadius,
  BlastRadiusDirection,
  ImpactedEntity,
  ImpactHop,
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

/**
 * Per graph: the answer index given to each walk state, stamped per answer instead of
 * cleared, so an answer allocates nothing per state it does not list.
 */
class IndexScratch {
  epoch = 0;
  readonly stamps: Int32Array;
  readonly slots: Int32Array;

  constructor(states: number) {
    this.stamps = new Int32Array(states);
    this.slots = new Int32Array(states);
  }
}

const indexScratches = new WeakMap<CatalogGraph, IndexScratch>();

function indexScratchFor(graph: CatalogGraph, states: number): IndexScratch {
  let scratch = indexScratches.get(graph);
  // a walk has at most two states per node (see walkBlastRadius)
  if (!scratch || scratch.stamps.length < states) {
    scratch = new IndexScratch(Math.max(2 * graph.size, states));
    indexScratches.set(graph, scratch);
  }
  if (++scratch.epoch === 0x7fffffff) {
    scratch.stamps.fill(0);
    scratch.epoch = 1;
  }
  return scratch;
}

/**
 * The answer, given which nodes the caller may see. Entities the caller may not see are left
 * out and counted in `hidden`. Each entry names the hop before it (`via`) instead of carrying
 * its path, so the answer grows with its entries: a hop before an entry that is not an entry
 * itself (an entity the caller may not see, shown without its ref, or an entity reached again
 * in full after it was rolled up into) is listed once in `through`. A missing ref is only
 * reported when the caller may see the entity that names it. The summaries (systems, domains,
 * owners, customer-facing) cover the root and the listed entities.
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
  const { stamps, slots, epoch } = indexScratchFor(graph, walk.nodes.length);

  const impacted: ImpactedEntity[] = [];
  const entryStates: number[] = [];
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
    stamps[state] = epoch;
    slots[state] = impacted.length;
    entryStates.push(state);
    impacted.push({
      entityRef: refs[node],
      kind: kindNames[kinds[node]],
      distance: walk.distances[state],
      relation: impactRelation(walk.relations[state]),
      via: -1,
      customerFacing: (flags[node] & CUSTOMER_FACING_FLAG) !== 0,
    });
  }

  // the hop before each entry: an entry, the root (-1), or a hop listed once in `through`
  const through: ImpactHop[] = [];
  const indexOf = (state: number): number => {
    if (state === 0) return -1;
    if (stamps[state] === epoch) return slots[state];
    const node = walk.nodes[state];
    const hop: ImpactHop = {
      entityRef: visible(node) ? refs[node] : null,
      relation: impactRelation(walk.relations[state]),
      via: -1,
    };
    stamps[state] = epoch;
    slots[state] = impacted.length + through.length;
    through.push(hop);
    hop.via = indexOf(walk.parents[state]);
    return slots[state];
  };
  for (let k = 0; k < impacted.length; k++) {
    impacted[k].via = indexOf(walk.parents[entryStates[k]]);
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
    through,
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
