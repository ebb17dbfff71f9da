import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { CatalogGraph, EntityFactRows } from './CatalogGraph';
import { entityFacts } from './entityFacts';
import { GraphBuilder, GraphEntity } from './GraphBuilder';
import {
  GRAPH_FIELDS,
  GRAPH_PAGE_SIZE,
  GraphCatalog,
  isCustomerFacing,
} from './loadCatalogGraph';
import { CATALOG_RELATIONS } from './relations';

/** What a refresh lists of every entity: enough to tell whether it changed. */
const VERSION_FIELDS = [
  'kind',
  'metadata.namespace',
  'metadata.name',
  'metadata.etag',
];

/** The fields of a full read: the graph's, and the version the next refresh compares. */
const MIRROR_FIELDS = [...GRAPH_FIELDS, 'metadata.etag'];

/** Relation types the graph keeps, by a one-byte code. */
const RELATION_TYPES = [...CATALOG_RELATIONS.keys()];
const RELATION_CODE = new Map(RELATION_TYPES.map((type, code) => [type, code]));
const RELATIONS = RELATION_TYPES.map(type => CATALOG_RELATIONS.get(type)!);

/** One entity as the mirror keeps it: compact, with its relations' refs shared. */
interface MirroredEntity {
  /** The catalog's `metadata.etag`; an entity without one is read again every refresh. */
  etag: string | undefined;
  kind: string;
  customerFacing: boolean;
  relationCodes: Uint8Array;
  relationTargets: string[];
  /** What the catalog's permission rules read of it (see entityFacts). */
  facts: EntityFactRows;
}

/** What a refresh found changed in the catalog since the one before. */
export interface MirrorChanges {
  added: number;
  changed: number;
  removed: number;
}

/**
 * The graph's own copy of the catalog's entities (only what the graph reads), so that a
 * refresh costs what changed rather than a re-read of every relation. A refresh lists every
 * entity with only its etag (small pages), reads in bulk just the entities that are new or
 * whose etag changed, forgets those the catalog no longer has, and rebuilds the graph from
 * memory, which takes no catalog requests beyond those.
 */
export class CatalogMirror {
  private readonly entities = new Map<string, MirroredEntity>();
  /** Refs and kinds as given, and lowercased, to their one lowercased string. */
  private readonly strings = new Map<string, string>();

  get size(): number {
    return this.entities.size;
  }

  /** Reads the whole catalog in pages with the graph's fields filter. */
  async load(
    catalog: GraphCatalog,
    credentials: BackstageCredentials,
    pageSize = GRAPH_PAGE_SIZE,
  ): Promise<void> {
    this.entities.clear();
    this.strings.clear();
    for await (const entity of pages(
      catalog,
      credentials,
      MIRROR_FIELDS,
      pageSize,
    )) {
      this.put(entity);
    }
  }

  /**
   * Brings the mirror up to date: one listing of versions, then one bulk read per
   * `pageSize` entities that are new or changed.
   */
  async refresh(
    catalog: GraphCatalog,
    credentials: BackstageCredentials,
    pageSize = GRAPH_PAGE_SIZE,
  ): Promise<MirrorChanges> {
    const listed = new Set<string>();
    const stale: string[] = [];
    let added = 0;
    for await (const entity of pages(
      catalog,
      credentials,
      VERSION_FIELDS,
      pageSize,
    )) {
      const ref = this.lowered(stringifyEntityRef(entity));
      listed.add(ref);
      const known = this.entities.get(ref);
      if (!known) added++;
      const etag = entity.metadata.etag;
      if (!known || !etag || known.etag !== etag) {
        stale.push(stringifyEntityRef(entity));
      }
    }
    let removed = 0;
    for (const ref of [...this.entities.keys()]) {
      if (!listed.has(ref)) {
        this.entities.delete(ref);
        removed++;
      }
    }
    const read = await this.read(catalog, stale, credentials, pageSize);
    return { added, changed: read.length - added, removed };
  }

  /**
   * Reads entities by ref (ones registered since the last refresh) into the mirror, and
   * answers those the catalog has.
   */
  async read(
    catalog: GraphCatalog,
    refs: string[],
    credentials: BackstageCredentials,
    pageSize = GRAPH_PAGE_SIZE,
  ): Promise<GraphEntity[]> {
    const found: GraphEntity[] = [];
    for (let i = 0; i < refs.length; i += pageSize) {
      const { items } = await catalog.getEntitiesByRefs(
        { entityRefs: refs.slice(i, i + pageSize), fields: MIRROR_FIELDS },
        { credentials },
      );
      for (const entity of items) {
        if (entity) found.push(this.put(entity));
      }
    }
    return found;
  }

  /** The graph of everything the mirror holds. */
  build(): CatalogGraph {
    const builder = new GraphBuilder();
    for (const [ref, entity] of this.entities) {
      const id = builder.addNode(
        ref,
        entity.kind,
        entity.customerFacing,
        entity.facts,
      );
      const { relationCodes, relationTargets } = entity;
      for (let i = 0; i < relationCodes.length; i++) {
        const { edge, reversed } = RELATIONS[relationCodes[i]];
        const other = builder.intern(relationTargets[i]);
        if (reversed) builder.addEdge(edge, other, id);
        else builder.addEdge(edge, id, other);
      }
    }
    return builder.build();
  }

  private put(entity: Entity): GraphEntity {
    const ref = this.lowered(stringifyEntityRef(entity));
    const codes: number[] = [];
    const targets: string[] = [];
    for (const relation of entity.relations ?? []) {
      const code = RELATION_CODE.get(relation.type);
      if (code === undefined) continue;
      codes.push(code);
      targets.push(this.lowered(relation.targetRef));
    }
    const mirrored: MirroredEntity = {
      etag: entity.metadata.etag,
      kind: this.lowered(entity.kind),
      customerFacing: isCustomerFacing(entity),
      relationCodes: Uint8Array.from(codes),
      relationTargets: targets,
      facts: entityFacts(entity, target => this.lowered(target)),
    };
    this.entities.set(ref, mirrored);
    return {
      ref,
      kind: mirrored.kind,
      customerFacing: mirrored.customerFacing,
      facts: mirrored.facts,
      relations: targets.map((targetRef, k) => ({
        type: RELATION_TYPES[codes[k]],
        targetRef,
      })),
    };
  }

  /**
   * The lowercased form of a ref or kind, one string per distinct value: the same refs
   * recur in thousands of relations, so this is a map lookup instead of a lowercasing, and
   * every relation naming a ref shares its one string.
   */
  private lowered(value: string): string {
    let known = this.strings.get(value);
    if (known === undefined) {
      const lower = value.toLocaleLowerCase('en-US');
      known = this.strings.get(lower) ?? lower;
      this.strings.set(value, known);
      this.strings.set(known, known);
    }
    return known;
  }
}

async function* pages(
  catalog: GraphCatalog,
  credentials: BackstageCredentials,
  fields: string[],
  limit: number,
): AsyncGenerator<Entity> {
  let cursor: string | undefined;
  do {
    const page = await catalog.queryEntities(
      cursor
        ? { cursor, limit, fields }
        : // the count is never read, so spare the catalog computing it
          { limit, fields, totalItems: 'exclude' },
      { credentials },
    );
    yield* page.items;
    cursor = page.pageInfo.nextCursor;
  } while (cursor);
}
