import { mockCredentials } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { createHash } from 'node:crypto';
import { CatalogGraph } from './CatalogGraph';
import { CatalogMirror } from './CatalogMirror';
import { EDGE } from './relations';
import { entity, graphOf, withBothSides } from './__testUtils__/entities';

/** Entities as the catalog serves them: every version with an etag of its own. */
function versioned(entities: Entity[]): Entity[] {
  return entities.map(e => ({
    ...e,
    metadata: {
      ...e.metadata,
      etag: createHash('sha1').update(JSON.stringify(e)).digest('hex'),
    },
  }));
}

/** The test catalog, whose entities can change between calls, recording every request. */
function changingCatalog(initial: Entity[]) {
  let inner = catalogServiceMock({ entities: versioned(initial) });
  const calls: Array<{ method: string; request: any }> = [];
  return {
    calls,
    replace: (entities: Entity[]) => {
      inner = catalogServiceMock({ entities: versioned(entities) });
    },
    catalog: {
      queryEntities: async (request: any, options: any) => {
        calls.push({ method: 'queryEntities', request });
        return inner.queryEntities(request, options);
      },
      getEntitiesByRefs: async (request: any, options: any) => {
        calls.push({ method: 'getEntitiesByRefs', request });
        return inner.getEntitiesByRefs(request, options);
      },
    },
  };
}

/** Every entity and edge, by ref: equal for equal graphs whatever their node ids. */
function contents(graph: CatalogGraph): string[] {
  const items: string[] = [];
  for (let id = 0; id < graph.size; id++) {
    if (graph.inCatalog(id)) items.push(`${graph.refOf(id)} is an entity`);
    for (const [name, edge] of Object.entries(EDGE)) {
      for (const target of graph.targets(id, edge)) {
        items.push(`${graph.refOf(id)} ${name} ${graph.refOf(target)}`);
      }
    }
  }
  return items.sort();
}

const credentials = mockCredentials.service('plugin:incidents');

const before = withBothSides([
  entity('component:default/orders', [
    ['dependsOn', 'resource:default/orders-db'],
    ['providesApi', 'api:default/orders-api'],
  ]),
  entity('resource:default/orders-db'),
  entity('api:default/orders-api'),
  entity('component:default/checkout', [
    ['consumesApi', 'api:default/orders-api'],
  ]),
  entity('component:default/legacy', [
    ['dependsOn', 'resource:default/orders-db'],
  ]),
]);

const after = withBothSides([
  // changed: now also depends on a cache
  entity('component:default/orders', [
    ['dependsOn', 'resource:default/orders-db'],
    ['dependsOn', 'resource:default/cache'],
    ['providesApi', 'api:default/orders-api'],
  ]),
  entity('resource:default/orders-db'),
  entity('api:default/orders-api'),
  entity('component:default/checkout', [
    ['consumesApi', 'api:default/orders-api'],
  ]),
  // added
  entity('resource:default/cache'),
  entity('component:default/mobile-bff', [
    ['consumesApi', 'api:default/orders-api'],
  ]),
  // component:default/legacy was removed
]);

describe('CatalogMirror', () => {
  it('refreshes by listing etags and reading only what was added or changed', async () => {
    const source = changingCatalog(before);
    const mirror = new CatalogMirror();
    await mirror.load(source.catalog, credentials);
    expect(contents(mirror.build())).toEqual(contents(graphOf(before)));

    source.calls.length = 0;
    expect(await mirror.refresh(source.catalog, credentials)).toEqual({
      added: 0,
      changed: 0,
      removed: 0,
    });
    // nothing changed: one small page of versions, and no entity read
    expect(source.calls).toEqual([
      {
        method: 'queryEntities',
        request: {
          limit: 1000,
          fields: [
            'kind',
            'metadata.namespace',
            'metadata.name',
            'metadata.etag',
          ],
          totalItems: 'exclude',
        },
      },
    ]);

    source.replace(after);
    source.calls.length = 0;
    expect(await mirror.refresh(source.catalog, credentials)).toEqual({
      added: 2,
      // orders gained a dependency, orders-db lost legacy's, orders-api gained a consumer
      changed: 3,
      removed: 1,
    });
    const reads = source.calls.filter(c => c.method === 'getEntitiesByRefs');
    expect(reads).toHaveLength(1);
    // the changed and the added entities only; checkout is not read again
    expect([...reads[0].request.entityRefs].sort()).toEqual([
      'api:default/orders-api',
      'component:default/mobile-bff',
      'component:default/orders',
      'resource:default/cache',
      'resource:default/orders-db',
    ]);
    const refreshed = mirror.build();
    // the same graph a full read of the catalog gives
    expect(contents(refreshed)).toEqual(contents(graphOf(after)));
    const legacy = refreshed.idOf('component:default/legacy');
    expect(legacy === undefined || !refreshed.inCatalog(legacy)).toBe(true);
  });

  it('reads an entity without an etag again on every refresh, so it cannot go stale', async () => {
    const plain = [
      entity('component:default/a', [['dependsOn', 'resource:default/b']]),
    ];
    let inner = catalogServiceMock({ entities: plain });
    const catalog = {
      queryEntities: (r: any, o: any) => inner.queryEntities(r, o),
      getEntitiesByRefs: (r: any, o: any) => inner.getEntitiesByRefs(r, o),
    };
    const mirror = new CatalogMirror();
    await mirror.load(catalog, credentials);
    inner = catalogServiceMock({
      entities: [
        entity('component:default/a', [['dependsOn', 'resource:default/c']]),
      ],
    });
    expect(await mirror.refresh(catalog, credentials)).toEqual({
      added: 0,
      changed: 1,
      removed: 0,
    });
    const graph = mirror.build();
    expect(
      graph.targets(graph.idOf('component:default/a')!, EDGE.dependsOn),
    ).toEqual(Int32Array.of(graph.idOf('resource:default/c')!));
  });

  it('reads entities by ref into the mirror, answering only those the catalog has', async () => {
    const source = changingCatalog(before);
    const mirror = new CatalogMirror();
    await mirror.load(source.catalog, credentials);
    source.replace(after);
    const found = await mirror.read(
      source.catalog,
      ['component:default/mobile-bff', 'component:default/nowhere'],
      credentials,
    );
    expect(found.map(e => e.ref)).toEqual(['component:default/mobile-bff']);
    expect(mirror.size).toBe(before.length + 1);
  });
});
