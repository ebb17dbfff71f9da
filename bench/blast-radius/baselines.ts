/*
 * The two walks the engine is measured against, over the same catalog and the same roots.
 */
import { CatalogApi, CatalogRequestOptions } from '@backstage/catalog-client';
import { CatalogGraph } from '../../plugins/incidents-backend/src/graph/CatalogGraph';
import { EDGE } from '../../plugins/incidents-backend/src/graph/relations';

const DOWNSTREAM_RELATIONS = new Set([
  'dependencyOf',
  'providesApi',
  'apiConsumedBy',
  'partOf',
]);
/**
 * (a) How Backstage's catalog graph walks: level by level, one `POST /entities/by-refs`
 * request over the frontier per level through CatalogClient, getting full entities back and
 * following the relations each carries. The same relation types as the engine's downstream
 * walk (without its rollup rule, which only makes the engine's walk smaller). `options`
 * carries the caller's token, as catalog-graph's requests carry the user's. Returns how many
 * entities it reached.
 */
export async function byRefsWalk(
  catalog: Pick<CatalogApi, 'getEntitiesByRefs'>,
  root: string,
  maxDepth: number,
  options?: CatalogRequestOptions,
): Promise<number> {
  const seen = new Set([root]);
  let frontier = [root];
  for (let depth = 0; depth < maxDepth && frontier.length > 0; depth++) {
    const { items } = await catalog.getEntitiesByRefs(
      { entityRefs: frontier },
      options,
    );
    const next: string[] = [];
    for (const entity of items) {
      for (const relation of entity?.relations ?? []) {
        if (
          DOWNSTREAM_RELATIONS.has(relation.type) &&
          !seen.has(relation.targetRef)
        ) {
          seen.add(relation.targetRef);
          next.push(relation.targetRef);
        }
      }
    }
    frontier = next;
  }
  return seen.size - 1;
}

/**
 * (b) The floor: a bare breadth-first search over the engine's own typed arrays, with one
 * visited array and a queue: no rollup rule, no paths, no answer.
 */
export function bareBfs(
  graph: CatalogGraph,
  visited: Int32Array,
  queue: Int32Array,
  stamp: number,
  root: number,
  maxDepth: number,
): number {
  const adjacency = [
    graph.reverse(EDGE.dependsOn),
    graph.forward(EDGE.providesApi),
    graph.reverse(EDGE.consumesApi),
    graph.forward(EDGE.partOf),
  ];
  visited[root] = stamp;
  queue[0] = root;
  let head = 0;
  let tail = 1;
  for (let depth = 0; depth < maxDepth && head < tail; depth++) {
    const levelEnd = tail;
    while (head < levelEnd) {
      const node = queue[head++];
      for (const { offsets, targets } of adjacency) {
        for (let i = offsets[node]; i < offsets[node + 1]; i++) {
          const next = targets[i];
          if (visited[next] !== stamp) {
            visited[next] = stamp;
            queue[tail++] = next;
          }
        }
      }
    }
  }
  return tail - 1;
}
