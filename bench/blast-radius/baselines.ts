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
 * carries the caller's token, as catalog-graph's requests carry the user's. Returns the refs
 * it reached (the root not among them), and how many of those before the last level it read
 * (an entity the token may not read comes back as null and is not followed).
 */
export async function byRefsWalk(
  catalog: Pick<CatalogApi, 'getEntitiesByRefs'>,
  root: string,
  maxDepth: number,
  options?: CatalogRequestOptions,
): Promise<{ reached: string[]; read: number }> {
  const seen = new Set([root]);
  let read = 0;
  let frontier = [root];
  for (let depth = 0; depth < maxDepth && frontier.length > 0; depth++) {
    const { items } = await catalog.getEntitiesByRefs(
      { entityRefs: frontier },
      options,
    );
    const next: string[] = [];
    if (depth > 0) read += items.filter(Boolean).length;
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
  seen.delete(root);
  return { reached: [...seen], read };
}

/** How many refs `by-refs` takes in one request, as the catalog's clients send them. */
const BY_REFS_CHUNK = 1_000;

/**
 * (a') The same answer as Lookout's for a caller who may not read everything. A walk under the
 * caller's token stops at the first entity they may not read, so it cannot reach what lies
 * beyond it; to list what the caller may see downstream of such an entity, a plugin must walk
 * with its own service token and then ask the catalog, under the caller's token, which of the
 * reached refs the caller may read. Returns how many of them the caller may read.
 */
export async function byRefsWalkThenFilter(
  catalog: Pick<CatalogApi, 'getEntitiesByRefs'>,
  root: string,
  maxDepth: number,
  tokens: { service: string; caller: string },
): Promise<number> {
  const { reached } = await byRefsWalk(catalog, root, maxDepth, {
    token: tokens.service,
  });
  let readable = 0;
  for (let i = 0; i < reached.length; i += BY_REFS_CHUNK) {
    const { items } = await catalog.getEntitiesByRefs(
      {
        entityRefs: reached.slice(i, i + BY_REFS_CHUNK),
        fields: ['kind', 'metadata.namespace', 'metadata.name'],
      },
      { token: tokens.caller },
    );
    readable += items.filter(Boolean).length;
  }
  return readable;
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
