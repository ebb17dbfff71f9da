import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { ANNOTATION_CUSTOMER_FACING } from '@lookout/plugin-incidents-common';
import { CatalogGraph } from './CatalogGraph';
import { entityFacts, FACT_FIELDS } from './entityFacts';
import { GraphBuilder, GraphEntity } from './GraphBuilder';

/**
 * The only parts of an entity the graph reads; everything else stays in the catalog. Besides
 * the relations: annotations and `spec.type` for customer-facing, and what the catalog's
 * permission rules read (see entityFacts).
 */
export const GRAPH_FIELDS = [
  ...new Set([
    'kind',
    'metadata.namespace',
    'metadata.name',
    'metadata.annotations',
    'spec.type',
    ...FACT_FIELDS,
    'relations',
  ]),
];

export const GRAPH_PAGE_SIZE = 1000;

/** The catalog methods the graph uses, so a benchmark or test can supply just these. */
export type GraphCatalog = Pick<
  CatalogService,
  'queryEntities' | 'getEntitiesByRefs'
>;

const lower = (ref: string) => ref.toLocaleLowerCase('en-US');

/** Customer-facing: the Lookout annotation, or a website. */
export function isCustomerFacing(entity: Entity): boolean {
  return (
    entity.metadata.annotations?.[ANNOTATION_CUSTOMER_FACING] === 'true' ||
    entity.spec?.type === 'website'
  );
}

export function toGraphEntity(entity: Entity): GraphEntity {
  return {
    ref: lower(stringifyEntityRef(entity)),
    kind: lower(entity.kind),
    customerFacing: isCustomerFacing(entity),
    relations: (entity.relations ?? []).map(r => ({
      type: r.type,
      targetRef: lower(r.targetRef),
    })),
    facts: entityFacts(entity, lower),
  };
}

/**
 * Reads the whole catalog in pages of `pageSize` with a fields filter (a bounded number of
 * bulk requests, never one per entity) and builds the graph.
 */
export async function loadCatalogGraph(
  catalog: GraphCatalog,
  credentials: BackstageCredentials,
  options: { pageSize?: number } = {},
): Promise<CatalogGraph> {
  const limit = options.pageSize ?? GRAPH_PAGE_SIZE;
  const builder = new GraphBuilder();
  let cursor: string | undefined;
  do {
    const page = await catalog.queryEntities(
      cursor
        ? { cursor, limit, fields: GRAPH_FIELDS }
        : // the count is never read, so spare the catalog computing it
          { limit, fields: GRAPH_FIELDS, totalItems: 'exclude' },
      { credentials },
    );
    for (const entity of page.items) {
      builder.addEntity(toGraphEntity(entity));
    }
    cursor = page.pageInfo.nextCursor;
  } while (cursor);
  return builder.build();
}

/**
 * Loads entities the graph has not seen in the catalog (registered since the last refresh) and
 * returns a graph with them and their relations merged in, or undefined when the catalog has
 * none of them. One bulk request per 1,000 refs, with the same fields filter as a full load.
 * Their own relations are enough: the catalog writes every relation on both of its entities,
 * and the other sides are already in the graph.
 */
export async function loadEntitiesInto(
  graph: CatalogGraph,
  catalog: GraphCatalog,
  refs: string[],
  credentials: BackstageCredentials,
): Promise<CatalogGraph | undefined> {
  const found: Entity[] = [];
  for (let i = 0; i < refs.length; i += GRAPH_PAGE_SIZE) {
    const { items } = await catalog.getEntitiesByRefs(
      { entityRefs: refs.slice(i, i + GRAPH_PAGE_SIZE), fields: GRAPH_FIELDS },
      { credentials },
    );
    found.push(...items.filter((item): item is Entity => Boolean(item)));
  }
  if (found.length === 0) return undefined;
  const builder = GraphBuilder.from(graph);
  for (const entity of found) builder.addEntity(toGraphEntity(entity));
  return builder.build();
}
