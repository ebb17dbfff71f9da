/*
 * An in-memory catalog with the methods the graph loader and a by-refs walk call. It does the
 * CPU work of Backstage's catalog and of the CatalogService client the plugin gets, and nothing
 * else: like the final_entities table it keeps each entity as JSON text and parses it for every
 * row it returns, applies the fields filter, and hands the answer over as the HTTP API does
 * (serialized, then parsed by the client). No SQL, no network, no sleeps, so it is a lower
 * bound on what a real catalog costs per request.
 */
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { createHash } from 'node:crypto';
import {
  CatalogService,
  CatalogServiceRequestOptions,
} from '@backstage/plugin-catalog-node';
import {
  GetEntitiesByRefsRequest,
  GetEntitiesByRefsResponse,
  QueryEntitiesRequest,
  QueryEntitiesResponse,
} from '@backstage/catalog-client';

type Catalog = Pick<CatalogService, 'queryEntities' | 'getEntitiesByRefs'>;

/** The answer as the client receives it: written as JSON by the catalog, parsed by the client. */
const overTheWire = <T>(body: T): T => JSON.parse(JSON.stringify(body));

function select(entity: any, fields: string[] | undefined): Entity {
  if (!fields?.length) return entity;
  const out: any = {};
  for (const field of fields) {
    const parts = field.split('.');
    let value = entity;
    for (const part of parts) value = value?.[part];
    if (value === undefined) continue;
    let target = out;
    for (const part of parts.slice(0, -1)) target = target[part] ??= {};
    target[parts[parts.length - 1]] = value;
  }
  return out;
}

export class InMemoryCatalog implements Catalog {
  private readonly order: string[] = [];
  private readonly rows = new Map<string, string>();
  requests = 0;

  constructor(entities: Entity[]) {
    for (const entity of entities) this.add(entity);
  }

  async queryEntities(
    request?: QueryEntitiesRequest,
    _options?: CatalogServiceRequestOptions,
  ): Promise<QueryEntitiesResponse> {
    this.requests++;
    const offset =
      request && 'cursor' in request
        ? JSON.parse(Buffer.from(request.cursor, 'base64url').toString()).offset
        : 0;
    const limit = request?.limit ?? 1000;
    const refs = this.order.slice(offset, offset + limit);
    const next = offset + limit;
    return overTheWire({
      items: refs.map(ref =>
        select(JSON.parse(this.rows.get(ref)!), request?.fields),
      ),
      totalItems: this.order.length,
      pageInfo: {
        nextCursor:
          next < this.order.length
            ? Buffer.from(JSON.stringify({ offset: next })).toString(
                'base64url',
              )
            : undefined,
      },
    });
  }

  async getEntitiesByRefs(
    request: GetEntitiesByRefsRequest,
    _options?: CatalogServiceRequestOptions,
  ): Promise<GetEntitiesByRefsResponse> {
    this.requests++;
    return overTheWire({
      items: request.entityRefs.map(ref => {
        const row = this.rows.get(ref);
        return row ? select(JSON.parse(row), request.fields as string[]) : null;
      }),
    }) as GetEntitiesByRefsResponse;
  }

  /**
   * Registers or replaces an entity, as if the catalog had just stitched it: like the
   * catalog, it gives each version of an entity an etag of its own.
   */
  add(entity: Entity) {
    const ref = stringifyEntityRef(entity);
    if (!this.rows.has(ref)) this.order.push(ref);
    const { etag: _old, ...metadata } = entity.metadata;
    const etag = createHash('sha1')
      .update(JSON.stringify({ ...entity, metadata }))
      .digest('hex');
    this.rows.set(
      ref,
      JSON.stringify({ ...entity, metadata: { ...metadata, etag } }),
    );
  }

  /** Removes an entity, as if its location had been unregistered. */
  remove(ref: string) {
    if (!this.rows.delete(ref)) return;
    this.order.splice(this.order.indexOf(ref), 1);
  }

  /** The entity as the catalog holds it now. */
  get(ref: string): Entity | undefined {
    const row = this.rows.get(ref);
    return row ? JSON.parse(row) : undefined;
  }
}
