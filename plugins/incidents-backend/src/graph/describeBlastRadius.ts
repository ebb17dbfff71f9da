import {
  BlastRadius,
  BlastRadiusDirection,
  ImpactedEntity,
  ImpactPathStep,
} from '@lookout/plugin-incidents-common';
import { CatalogGraph } from './CatalogGraph';
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
  const paths = sharedPaths(graph, walk, visible);
  const impacted: ImpactedEntity[] = [];
  const shown = [root];
  for (const state of listed) {
    const node = walk.nodes[state];
    if (!visible(node)) continue;
    shown.push(node);
    impacted.push({
      entityRef: graph.refOf(node),
      kind: graph.kindOf(node),
      distance: walk.distances[state],
      path: paths(state),
      customerFacing: graph.isCustomerFacing(node),
    });
  }

  const ofKind = (kind: string) =>
    shown.filter(node => graph.kindOf(node) === kind).map(n => graph.refOf(n));
  const owners = new Set<string>();
  for (const node of shown) {
    for (const owner of graph.targets(node, EDGE.ownedBy)) {
      owners.add(graph.refOf(owner));
    }
  }

  return {
    entityRef: graph.refOf(root),
    direction: options.direction,
    maxDepth: options.maxDepth,
    limit: options.limit,
    impacted,
    total: candidates.total,
    hidden: listed.length - impacted.length,
    systems: ofKind('system'),
    domains: ofKind('domain'),
    owners: [...owners],
    customerFacing: shown
      .filter(node => graph.isCustomerFacing(node))
      .map(node => graph.refOf(node)),
    missing: candidates.missing
      .filter(state => visible(walk.nodes[walk.parents[state]]))
      .map(state => graph.refOf(walk.nodes[state])),
    cutoff: candidates.cutoff,
  };
}

/**
 * Paths to states, built once per state from the parent's path: neighbours in a big radius
 * share most of their path, so each hop object is made once and reused by every path through
 * it (JSON writes it out in each).
 */
function sharedPaths(
  graph: CatalogGraph,
  walk: BlastRadiusWalk,
  visible: (node: number) => boolean,
): (state: number) => ImpactPathStep[] {
  const paths: Array<ImpactPathStep[] | undefined> = [];
  const pathOf = (state: number): ImpactPathStep[] => {
    let path = paths[state];
    if (!path) {
      const parent = walk.parents[state];
      path = parent > 0 ? pathOf(parent).slice() : [];
      const node = walk.nodes[state];
      path.push({
        entityRef: visible(node) ? graph.refOf(node) : null,
        relation: impactRelation(walk.relations[state]),
      });
      paths[state] = path;
    }
    return path;
  };
  return pathOf;
}
