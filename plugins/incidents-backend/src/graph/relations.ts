import {
  RELATION_API_CONSUMED_BY,
  RELATION_API_PROVIDED_BY,
  RELATION_CONSUMES_API,
  RELATION_DEPENDENCY_OF,
  RELATION_DEPENDS_ON,
  RELATION_HAS_PART,
  RELATION_OWNED_BY,
  RELATION_OWNER_OF,
  RELATION_PART_OF,
  RELATION_PROVIDES_API,
} from '@backstage/catalog-model';
import {
  IMPACT_RELATIONS,
  ImpactRelation,
} from '@lookout/plugin-incidents-common';

/**
 * The relations the graph keeps. The catalog writes every relation on both of its entities
 * (A dependsOn B, B dependencyOf A); the graph stores each once, in the direction named here,
 * and reads the other direction from a reverse index. Storing one direction also makes the
 * graph whole when only one side is present (a target missing from the catalog, a test double).
 */
export const EDGE_TYPES = [
  RELATION_DEPENDS_ON,
  RELATION_PROVIDES_API,
  RELATION_CONSUMES_API,
  RELATION_PART_OF,
  RELATION_OWNED_BY,
] as const;
export type EdgeType = (typeof EDGE_TYPES)[number];

/** Index of each edge type in the graph's per-type arrays. */
export const EDGE = {
  dependsOn: 0,
  providesApi: 1,
  consumesApi: 2,
  partOf: 3,
  ownedBy: 4,
} as const satisfies Record<EdgeType, number>;

/** A catalog relation type as an edge: its type and whether it points against the stored direction. */
export const CATALOG_RELATIONS: ReadonlyMap<
  string,
  { edge: number; reversed: boolean }
> = new Map([
  [RELATION_DEPENDS_ON, { edge: EDGE.dependsOn, reversed: false }],
  [RELATION_DEPENDENCY_OF, { edge: EDGE.dependsOn, reversed: true }],
  [RELATION_PROVIDES_API, { edge: EDGE.providesApi, reversed: false }],
  [RELATION_API_PROVIDED_BY, { edge: EDGE.providesApi, reversed: true }],
  [RELATION_CONSUMES_API, { edge: EDGE.consumesApi, reversed: false }],
  [RELATION_API_CONSUMED_BY, { edge: EDGE.consumesApi, reversed: true }],
  [RELATION_PART_OF, { edge: EDGE.partOf, reversed: false }],
  [RELATION_HAS_PART, { edge: EDGE.partOf, reversed: true }],
  [RELATION_OWNED_BY, { edge: EDGE.ownedBy, reversed: false }],
  [RELATION_OWNER_OF, { edge: EDGE.ownedBy, reversed: true }],
]);

/** Compact codes of the relations a path hop may follow, for typed arrays. */
export const IMPACT_RELATION_CODE = Object.fromEntries(
  IMPACT_RELATIONS.map((relation, code) => [relation, code]),
) as Record<ImpactRelation, number>;

/** A module-local copy: an imported binding may be read through a getter on every access. */
const RELATION_BY_CODE: readonly ImpactRelation[] = [...IMPACT_RELATIONS];

export function impactRelation(code: number): ImpactRelation {
  return RELATION_BY_CODE[code];
}
