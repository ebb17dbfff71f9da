import { BlastRadiusDirection } from '@lookout/plugin-incidents-common';
import { CatalogGraph, Csr, IN_CATALOG } from './CatalogGraph';
import { EDGE, IMPACT_RELATION_CODE } from './relations';

/**
 * A module-local copy of the flag the hot loop tests: compiled to CommonJS, an imported
 * binding is read through a getter on every access.
 */
const IN_CATALOG_FLAG = IN_CATALOG;

/** The hardest depth cap a walk accepts (distances are kept in bytes). */
const DEPTH_CEILING = 255;

/**
 * A node reached in full carries impact on along every relation of the direction. A node
 * reached by `partOf` (a system, a parent component, a domain) is rolled up: it is hurt, but
 * it only rolls further up, so an incident on one part never spreads to its sibling parts.
 */
const FULL = 0;
const ROLLED_UP = 1;

interface Step {
  edge: number;
  /** Follow the relation from target to source (the reverse index). */
  reverse: boolean;
  relation: number;
  /** May a rolled-up node take this step? */
  fromRolledUp: boolean;
  /** The mode of the node it reaches. */
  to: typeof FULL | typeof ROLLED_UP;
}

/** What an incident on X hurts. */
const DOWNSTREAM: Step[] = [
  // Y dependsOn X: Y is hurt
  {
    edge: EDGE.dependsOn,
    reverse: true,
    relation: IMPACT_RELATION_CODE.dependencyOf,
    fromRolledUp: false,
    to: FULL,
  },
  // X provides API P: P is hurt
  {
    edge: EDGE.providesApi,
    reverse: false,
    relation: IMPACT_RELATION_CODE.providesApi,
    fromRolledUp: false,
    to: FULL,
  },
  // C consumes API P: C is hurt
  {
    edge: EDGE.consumesApi,
    reverse: true,
    relation: IMPACT_RELATION_CODE.apiConsumedBy,
    fromRolledUp: false,
    to: FULL,
  },
  // X is part of S: S is hurt, rolled up
  {
    edge: EDGE.partOf,
    reverse: false,
    relation: IMPACT_RELATION_CODE.partOf,
    fromRolledUp: true,
    to: ROLLED_UP,
  },
];

/** Where a problem on X may come from. */
const UPSTREAM: Step[] = [
  {
    edge: EDGE.dependsOn,
    reverse: false,
    relation: IMPACT_RELATION_CODE.dependsOn,
    fromRolledUp: false,
    to: FULL,
  },
  {
    edge: EDGE.consumesApi,
    reverse: false,
    relation: IMPACT_RELATION_CODE.consumesApi,
    fromRolledUp: false,
    to: FULL,
  },
  {
    edge: EDGE.providesApi,
    reverse: true,
    relation: IMPACT_RELATION_CODE.apiProvidedBy,
    fromRolledUp: false,
    to: FULL,
  },
];

/**
 * A breadth-first walk, as states in the order they were reached. State 0 is the root. A node
 * has at most two states, rolled up and in full, because reaching a system through one of its
 * parts and reaching it through a dependency are different things; each state keeps its own
 * shortest path.
 */
export interface BlastRadiusWalk {
  root: number;
  nodes: Int32Array;
  distances: Uint8Array;
  /** The IMPACT_RELATIONS code of the hop that reached each state (0 for the root). */
  relations: Uint8Array;
  /** The state the hop came from; -1 for the root. */
  parents: Int32Array;
  /** The state of each node's first (so shortest) reach, nearest first, without the root. */
  reached: Int32Array;
  /** True when a node at `maxDepth` had neighbours the walk did not take. */
  depthCutoff: boolean;
}

/**
 * Buffers reused by every walk on one graph, so a walk allocates only its result. "Seen" marks
 * are stamped with a walk number instead of being cleared, so a small walk on a big graph
 * costs only what it touches. Walks are synchronous, so two never share the buffers.
 */
class WalkScratch {
  epoch = 0;
  readonly seenFull: Int32Array;
  readonly seenRolledUp: Int32Array;
  readonly nodes: Int32Array;
  readonly modes: Uint8Array;
  readonly distances: Uint8Array;
  readonly relations: Uint8Array;
  readonly parents: Int32Array;
  readonly reached: Int32Array;

  constructor(size: number) {
    this.seenFull = new Int32Array(size);
    this.seenRolledUp = new Int32Array(size);
    this.nodes = new Int32Array(2 * size);
    this.modes = new Uint8Array(2 * size);
    this.distances = new Uint8Array(2 * size);
    this.relations = new Uint8Array(2 * size);
    this.parents = new Int32Array(2 * size);
    this.reached = new Int32Array(size);
  }

  nextEpoch(): number {
    if (++this.epoch === 0x7fffffff) {
      this.seenFull.fill(0);
      this.seenRolledUp.fill(0);
      this.epoch = 1;
    }
    return this.epoch;
  }
}

const scratches = new WeakMap<CatalogGraph, WalkScratch>();

function scratchFor(graph: CatalogGraph): WalkScratch {
  let scratch = scratches.get(graph);
  if (!scratch) {
    scratch = new WalkScratch(graph.size);
    scratches.set(graph, scratch);
  }
  return scratch;
}

/**
 * Walks the blast radius of `root` breadth-first up to `maxDepth` hops. Pure and synchronous;
 * cycles end where a node was already reached, and refs missing from the catalog are reached
 * but not walked through (nothing is known of them).
 */
export function walkBlastRadius(
  graph: CatalogGraph,
  root: number,
  options: { direction: BlastRadiusDirection; maxDepth: number },
): BlastRadiusWalk {
  const steps = options.direction === 'upstream' ? UPSTREAM : DOWNSTREAM;
  const adjacency: Csr[] = steps.map(step =>
    step.reverse ? graph.reverse(step.edge) : graph.forward(step.edge),
  );
  const maxDepth = Math.max(0, Math.min(options.maxDepth, DEPTH_CEILING));
  const flags = graph.flags;
  const s = scratchFor(graph);
  const epoch = s.nextEpoch();
  const { seenFull, seenRolledUp, nodes, modes, distances, relations } = s;
  const { parents, reached } = s;

  nodes[0] = root;
  modes[0] = FULL;
  distances[0] = 0;
  relations[0] = 0;
  parents[0] = -1;
  seenFull[root] = epoch;
  let head = 0;
  let tail = 1;
  let reachedCount = 0;
  let depthCutoff = false;

  while (head < tail) {
    const state = head++;
    const node = nodes[state];
    if (state > 0 && (flags[node] & IN_CATALOG_FLAG) === 0) continue;
    const mode = modes[state];
    const distance = distances[state];
    const atLimit = distance >= maxDepth;
    // every later state is at the limit too, and one untaken neighbour is all we must know
    if (atLimit && depthCutoff) break;

    for (let k = 0; k < steps.length; k++) {
      const step = steps[k];
      if (mode === ROLLED_UP && !step.fromRolledUp) continue;
      const { offsets, targets } = adjacency[k];
      const toRolledUp = step.to === ROLLED_UP;
      for (let i = offsets[node], end = offsets[node + 1]; i < end; i++) {
        const next = targets[i];
        const fresh = seenFull[next] !== epoch && seenRolledUp[next] !== epoch;
        if (toRolledUp ? !fresh : seenFull[next] === epoch) continue;
        if (atLimit) {
          depthCutoff = true;
          break;
        }
        if (toRolledUp) seenRolledUp[next] = epoch;
        else seenFull[next] = epoch;
        if (fresh) reached[reachedCount++] = tail;
        nodes[tail] = next;
        modes[tail] = step.to;
        distances[tail] = distance + 1;
        relations[tail] = step.relation;
        parents[tail] = state;
        tail++;
      }
      if (atLimit && depthCutoff) break;
    }
  }

  return {
    root,
    nodes: nodes.slice(0, tail),
    distances: distances.slice(0, tail),
    relations: relations.slice(0, tail),
    parents: parents.slice(0, tail),
    reached: reached.slice(0, reachedCount),
    depthCutoff,
  };
}

/** The hops from the root to `state`, nearest first: each the node reached and the relation. */
export function pathTo(
  walk: BlastRadiusWalk,
  state: number,
): Array<{ node: number; relation: number }> {
  const hops: Array<{ node: number; relation: number }> = [];
  for (let s = state; s > 0; s = walk.parents[s]) {
    hops.push({ node: walk.nodes[s], relation: walk.relations[s] });
  }
  return hops.reverse();
}
