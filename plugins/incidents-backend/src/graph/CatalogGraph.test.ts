import { CatalogGraph } from './CatalogGraph';
import { GraphBuilder } from './GraphBuilder';
import { toGraphEntity } from './loadCatalogGraph';
import { EDGE } from './relations';
import { entity, graphOf, shop, withBothSides } from './__testUtils__/entities';

const refs = (graph: CatalogGraph, ids: Int32Array) =>
  [...ids].map(id => graph.refOf(id));

describe('CatalogGraph', () => {
  it('stores a relation written on both entities once, and reads it from either end', () => {
    const oneSide = graphOf(shop());
    const bothSides = graphOf(withBothSides(shop()));
    expect(bothSides.edgeCount).toBe(oneSide.edgeCount);

    const svc = bothSides.idOf('component:default/orders-service')!;
    const db = bothSides.idOf('resource:default/postgres-orders')!;
    expect(refs(bothSides, bothSides.targets(svc, EDGE.dependsOn))).toEqual([
      'resource:default/postgres-orders',
    ]);
    expect(refs(bothSides, bothSides.sources(db, EDGE.dependsOn))).toEqual([
      'component:default/orders-service',
    ]);
    const system = bothSides.idOf('system:default/orders')!;
    expect(
      refs(bothSides, bothSides.sources(system, EDGE.partOf)).sort(),
    ).toEqual([
      'api:default/orders-api',
      'component:default/orders-service',
      'component:default/orders-worker',
      'resource:default/postgres-orders',
    ]);
  });

  it('completes a relation written only on its target', () => {
    const graph = graphOf([
      entity('resource:default/db', [['dependencyOf', 'component:default/a']]),
      entity('component:default/a'),
    ]);
    const a = graph.idOf('component:default/a')!;
    expect(refs(graph, graph.targets(a, EDGE.dependsOn))).toEqual([
      'resource:default/db',
    ]);
  });

  it('keeps kinds, customer-facing flags and refs missing from the catalog', () => {
    const graph = graphOf([
      entity(
        'Component:Default/Web',
        [['dependsOn', 'Resource:default/Ghost']],
        {
          type: 'website',
        },
      ),
      entity('api:default/public', [], { customerFacing: true }),
      entity('component:default/internal', [], { type: 'service' }),
    ]);
    const web = graph.idOf('component:default/web')!;
    expect(graph.kindOf(web)).toBe('component');
    expect(graph.isCustomerFacing(web)).toBe(true);
    expect(graph.isCustomerFacing(graph.idOf('api:default/public')!)).toBe(
      true,
    );
    expect(
      graph.isCustomerFacing(graph.idOf('component:default/internal')!),
    ).toBe(false);
    const ghost = graph.idOf('resource:default/ghost')!;
    expect(graph.inCatalog(ghost)).toBe(false);
    expect(graph.kindOf(ghost)).toBe('');
    expect(graph.entityCount).toBe(3);
    expect(graph.size).toBe(4);
  });

  it('drops self-loops and duplicate relations', () => {
    const graph = graphOf([
      entity('component:default/a', [
        ['dependsOn', 'component:default/a'],
        ['dependsOn', 'component:default/b'],
        ['dependsOn', 'component:default/b'],
      ]),
      entity('component:default/b', [['dependencyOf', 'component:default/a']]),
    ]);
    expect(graph.edgeCount).toBe(1);
  });

  it('tells an identical graph from a changed one', () => {
    const same = graphOf(shop());
    expect(graphOf(shop()).sameAs(same)).toBe(true);
    const moved = shop();
    moved[9] = entity('component:default/storefront-web', [
      ['partOf', 'system:default/storefront'],
    ]);
    expect(graphOf(moved).sameAs(same)).toBe(false);
    const relabelled = shop();
    relabelled[9] = { ...relabelled[9], spec: { type: 'service' } };
    expect(graphOf(relabelled).sameAs(same)).toBe(false);
    expect(CatalogGraph.empty().sameAs(same)).toBe(false);
  });

  it('extends a graph with a new entity, keeping every id and edge', () => {
    const graph = graphOf(shop());
    const builder = GraphBuilder.from(graph);
    builder.addEntity(
      toGraphEntity(
        entity('component:default/mobile-app', [
          ['consumesApi', 'api:default/orders-api'],
        ]),
      ),
    );
    const extended = builder.build();
    for (let id = 0; id < graph.size; id++) {
      expect(extended.refOf(id)).toBe(graph.refOf(id));
    }
    expect(extended.edgeCount).toBe(graph.edgeCount + 1);
    const api = extended.idOf('api:default/orders-api')!;
    expect(
      refs(extended, extended.sources(api, EDGE.consumesApi)).sort(),
    ).toEqual([
      'component:default/checkout-service',
      'component:default/mobile-app',
    ]);
    expect(GraphBuilder.from(graph).build().sameAs(graph)).toBe(true);
  });
});
