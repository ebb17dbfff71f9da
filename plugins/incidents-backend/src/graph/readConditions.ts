import {
  PermissionCondition,
  PermissionCriteria,
} from '@backstage/plugin-permission-common';
import {
  isAndCriteria,
  isNotCriteria,
  isOrCriteria,
} from '@backstage/plugin-permission-node';
import { CatalogGraph } from './CatalogGraph';
import { conditionFilter, SearchFilter } from './catalogRules';
import { isKnownSearchKey } from './entityFacts';

/** What the graph can say of a condition on one entity. */
export const VISIBLE = 1;
export const HIDDEN = 2;
/** The answer depends on a row or a rule the graph does not have: ask the catalog. */
export const UNDECIDED = 3;
export type Verdict = typeof VISIBLE | typeof HIDDEN | typeof UNDECIDED;

/** A compiled condition: decides it for one node of a graph. */
export type ReadCondition = (graph: CatalogGraph, node: number) => Verdict;

function not(verdict: Verdict): Verdict {
  if (verdict === UNDECIDED) return UNDECIDED;
  return verdict === VISIBLE ? HIDDEN : VISIBLE;
}

/**
 * The rows of a derived key: the catalog's `kind`, `metadata.namespace` and `metadata.name`
 * rows hold what the lowercased ref holds (`kind:namespace/name`).
 */
function derivedValue(
  graph: CatalogGraph,
  node: number,
  key: string,
): string | undefined {
  if (key === 'kind') return graph.kindOf(node);
  const ref = graph.refOf(node);
  const colon = ref.indexOf(':');
  const slash = ref.indexOf('/', colon + 1);
  if (key === 'metadata.namespace') return ref.slice(colon + 1, slash);
  if (key === 'metadata.name') return ref.slice(slash + 1);
  return undefined;
}

/** A leaf, decided on the node's rows as the catalog's SQL decides it on its search table. */
function compileLeaf(filter: {
  key: string;
  values?: string[];
}): ReadCondition {
  // lowercased as the catalog's SQL does (String.prototype.toLowerCase)
  const key = filter.key.toLowerCase();
  if (!isKnownSearchKey(key)) return () => UNDECIDED;
  // one value is matched as `= value`, several as `in (...)`, none as "the key exists"
  const values = filter.values?.map(v => String(v).toLowerCase());
  const wanted = values && new Set(values);
  const derived =
    key === 'kind' || key === 'metadata.namespace' || key === 'metadata.name';
  return (graph, node) => {
    if (derived) {
      const value = derivedValue(graph, node, key)!;
      return !wanted || wanted.has(value) ? VISIBLE : HIDDEN;
    }
    const rows = graph.factsOf(node);
    for (let i = 0; i < rows.length; i += 2) {
      if (rows[i] !== key) continue;
      if (!wanted) return VISIBLE;
      const value = rows[i + 1];
      if (value !== null && wanted.has(value)) return VISIBLE;
    }
    return HIDDEN;
  };
}

/** Every part holds; an empty list holds, as the catalog's `$all: []` (1 = 1) does. */
function allOf(parts: ReadCondition[]): ReadCondition {
  return (graph, node) => {
    let verdict: Verdict = VISIBLE;
    for (const part of parts) {
      const v = part(graph, node);
      if (v === HIDDEN) return HIDDEN;
      if (v === UNDECIDED) verdict = UNDECIDED;
    }
    return verdict;
  };
}

/** Some part holds; an empty list fails, as the catalog's `$any: []` (1 = 0) does. */
function anyOf(parts: ReadCondition[]): ReadCondition {
  return (graph, node) => {
    let verdict: Verdict = HIDDEN;
    for (const part of parts) {
      const v = part(graph, node);
      if (v === VISIBLE) return VISIBLE;
      if (v === UNDECIDED) verdict = UNDECIDED;
    }
    return verdict;
  };
}

function compileFilter(filter: SearchFilter): ReadCondition {
  if ('allOf' in filter) return allOf(filter.allOf.map(compileFilter));
  if ('anyOf' in filter) return anyOf(filter.anyOf.map(compileFilter));
  if ('not' in filter) {
    const inner = compileFilter(filter.not);
    return (graph, node) => not(inner(graph, node));
  }
  return compileLeaf(filter);
}

/** The criteria tree as the catalog's condition transformer walks it. */
function compileCriteria(
  criteria: PermissionCriteria<PermissionCondition>,
): ReadCondition {
  if (isAndCriteria(criteria)) {
    return allOf(criteria.allOf.map(compileCriteria));
  }
  if (isOrCriteria(criteria)) {
    return anyOf(criteria.anyOf.map(compileCriteria));
  }
  if (isNotCriteria(criteria)) {
    const inner = compileCriteria(criteria.not);
    return (graph, node) => not(inner(graph, node));
  }
  const filter = conditionFilter(criteria);
  return filter ? compileFilter(filter) : () => UNDECIDED;
}

/**
 * A conditional decision on `catalog.entity.read` compiled for the graph: for each entity,
 * VISIBLE or HIDDEN when the graph's rows decide it the way the catalog would, UNDECIDED when
 * it depends on a rule or a key the graph does not hold (a three-valued and/or/not, so an
 * undecidable part only matters when the rest does not settle the answer).
 */
export function compileReadConditions(
  conditions: PermissionCriteria<PermissionCondition>,
): ReadCondition {
  return compileCriteria(conditions);
}
