import { mockCredentials } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  GRAPH_FIELDS,
  loadCatalogGraph,
  loadEntitiesInto,
} from './loadCatalogGraph';
import { EDGE } from './relations';
import { entity, shop, withBothSides } from './__testUtils__/entities';

/** The test catalog, recording every request the loader makes. */
function recordingCatalog(entities = withBothSides(shop())) {
  const inner = catalogServiceMock({ entities });
  const calls: Array<{ method: string; request: any; credentials: any }> = [];
  return {
    calls,
    catalog: {
      queryEntities: async (request: any, options: any) => {
        calls.push({
          method: 'queryEntities',
          request,
          credentials: options.credentials,
        });
        return inner.queryEntities(request, options);
      },
      getEntitiesByRefs: async (request: any, options: any) => {
        calls.push({
          method: 'getEntitiesByRefs',
          request,
          credentials: options.credentials,
        });
        return inner.getEntitiesByRefs(request, options);
      },
    },
  };
}

describe('loadCatalogGraph', () => {
  const credentials = mockCredentials.service('plugin:incidents');

  it('reads the catalog in pages with a fields filter, under the credentials given', async () => {
    const hub = Array.from({ length: 2500 }, (_, i) =>
      entity(`component:default/c${i}`, [
        ['dependsOn', 'resource:default/hub'],
      ]),
    );
    const { catalog, calls } = recordingCatalog([
      entity('resource:default/hub'),
      ...hub,
    ]);
    const graph = await loadCatalogGraph(catalog, credentials);

    expect(graph.entityCount).toBe(2501);
    expect(
      graph.sources(graph.idOf('resource:default/hub')!, EDGE.dependsOn),
    ).toHaveLength(2500);
    // 2,501 entities are three pages: a bounded number of bulk requests, not one per entity
    expect(calls).toHaveLength(3);
    expect(calls[0].request).toEqual({
      limit: 1000,
      fields: GRAPH_FIELDS,
      totalItems: 'exclude',
    });
    expect(calls[1].request).toEqual({
      cursor: expect.any(String),
      limit: 1000,
      fields: GRAPH_FIELDS,
    });
    expect(calls.every(c => c.credentials === credentials)).toBe(true);
  });

  it('reads customer-facing from the annotation or a website type', async () => {
    const { catalog } = recordingCatalog([
      entity('component:default/web', [], { type: 'website' }),
      entity('api:default/public', [], { customerFacing: true }),
      entity('component:default/batch', [], { type: 'service' }),
    ]);
    const graph = await loadCatalogGraph(catalog, credentials);
    const facing = [
      'component:default/web',
      'api:default/public',
      'component:default/batch',
    ].map(ref => graph.isCustomerFacing(graph.idOf(ref)!));
    expect(facing).toEqual([true, true, false]);
  });

  it('loads entities it has not seen on demand, in one request, with their relations', async () => {
    const before = recordingCatalog(shop());
    const graph = await loadCatalogGraph(before.catalog, credentials);
    expect(graph.idOf('component:default/mobile-bff')).toBeUndefined();

    const later = recordingCatalog([
      ...shop(),
      entity('component:default/mobile-bff', [
        ['consumesApi', 'api:default/orders-api'],
        ['partOf', 'system:default/mobile'],
      ]),
      entity('component:default/mobile-web'),
    ]);
    const merged = await loadEntitiesInto(
      graph,
      later.catalog,
      [
        'component:default/mobile-bff',
        'component:default/mobile-web',
        'component:default/nope',
      ],
      credentials,
    );
    expect(later.calls).toEqual([
      {
        method: 'getEntitiesByRefs',
        request: {
          entityRefs: [
            'component:default/mobile-bff',
            'component:default/mobile-web',
            'component:default/nope',
          ],
          fields: GRAPH_FIELDS,
        },
        credentials,
      },
    ]);
    const bff = merged!.idOf('component:default/mobile-bff')!;
    expect(merged!.inCatalog(bff)).toBe(true);
    expect(
      merged!.inCatalog(merged!.idOf('component:default/mobile-web')!),
    ).toBe(true);
    expect(merged!.idOf('component:default/nope')).toBeUndefined();
    expect(merged!.inCatalog(merged!.idOf('system:default/mobile')!)).toBe(
      false,
    );
    expect(merged!.targets(bff, EDGE.consumesApi)).toHaveLength(1);

    expect(
      await loadEntitiesInto(
        graph,
        later.catalog,
        ['component:default/nope'],
        credentials,
      ),
    ).toBeUndefined();
  });
});
