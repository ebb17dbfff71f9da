import { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  RELATION_CHILD_OF,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { BLAST_RADIUS_LIMITS } from '@lookout/plugin-incidents-common';
import { entitiesByRef } from '../catalog/entitiesByRef';
import { CatalogGraph } from '../graph/CatalogGraph';
import { GraphService } from '../graph/GraphService';
import { walkBlastRadius } from '../graph/walkBlastRadius';
import { CatalogScopes } from '../incidents/CatalogScopes';
import { InsightsCatalog } from './InsightsService';

/** Sub-teams nest a few levels deep at most; a cycle stops at what was seen. */
const MAX_TEAM_DEPTH = 6;

/**
 * The catalog as insights read it: teams with their sub-teams, and the ownership and
 * `partOf` walks of {@link CatalogScopes}, with paged bulk queries, as the caller sees it.
 */
export function catalogInsights(
  catalog: CatalogService,
  graph?: Pick<GraphService, 'graph'>,
): InsightsCatalog {
  const scopes = new CatalogScopes(catalog);
  return {
    // the plugin's own graph, as blast radius walks it downstream; what the walk reaches only
    // decides which readable incidents count, and is never shown. Without a graph a deploy
    // counts the incidents on its own entity only.
    downstreamOf: async refs =>
      graph ? downstreamIn(await graph.graph(), refs) : new Map(),
    ownedBy: (groupRef, credentials) => scopes.ownedBy(groupRef, credentials),
    partsOf: (ref, credentials) => scopes.partsOf(ref, credentials),
    teamTree: async (groupRef, credentials) => {
      const seen = new Set([groupRef]);
      let frontier = [groupRef];
      for (let depth = 0; depth < MAX_TEAM_DEPTH && frontier.length; depth++) {
        const children = await childTeams(catalog, frontier, credentials);
        frontier = children.filter(child => !seen.has(child));
        frontier.forEach(child => seen.add(child));
      }
      return [...seen];
    },
    userAnnotations: async (userRefs, credentials) => {
      const users = await entitiesByRef(
        catalog,
        userRefs,
        ['kind', 'metadata.namespace', 'metadata.name', 'metadata.annotations'],
        credentials,
      );
      const annotations = new Map<string, Record<string, string>>();
      for (const [ref, user] of users) {
        annotations.set(ref, user.metadata.annotations ?? {});
      }
      return annotations;
    },
  };
}

/** Every entity the downstream walk from each of `refs` reaches; refs reaching none left out. */
export function downstreamIn(
  graph: CatalogGraph,
  refs: string[],
): Map<string, string[]> {
  const downstream = new Map<string, string[]>();
  for (const ref of refs) {
    const root = graph.idOf(ref);
    if (root === undefined || !graph.inCatalog(root)) continue;
    const walk = walkBlastRadius(graph, root, {
      direction: 'downstream',
      maxDepth: BLAST_RADIUS_LIMITS.maxDepth,
    });
    const reached = [...walk.reached].map(state =>
      graph.refOf(walk.nodes[state]),
    );
    if (reached.length > 0) downstream.set(ref, reached);
  }
  return downstream;
}

async function childTeams(
  catalog: CatalogService,
  parents: string[],
  credentials: BackstageCredentials,
): Promise<string[]> {
  const refs: string[] = [];
  let cursor: string | undefined;
  const fields = ['kind', 'metadata.namespace', 'metadata.name'];
  do {
    const page = await catalog.queryEntities(
      cursor
        ? { cursor, limit: 1000, fields }
        : {
            filter: {
              kind: 'group',
              [`relations.${RELATION_CHILD_OF}`]: parents,
            },
            limit: 1000,
            fields,
          },
      { credentials },
    );
    refs.push(
      ...page.items.map(e => stringifyEntityRef(e).toLocaleLowerCase('en-US')),
    );
    cursor = page.pageInfo.nextCursor;
  } while (cursor);
  return refs;
}
