import { collectBlastRadius, describeBlastRadius } from './describeBlastRadius';
import { summarizeBlastRadius } from './summarizeBlastRadius';
import { graphOf, shop } from './__testUtils__/entities';

describe('summarizeBlastRadius', () => {
  const graph = graphOf(shop());
  const radius = describeBlastRadius(
    collectBlastRadius(graph, graph.idOf('resource:default/postgres-orders')!, {
      direction: 'downstream',
      maxDepth: 6,
      limit: 1000,
    }),
    () => true,
  );

  it('keeps counts, teams, systems and the nearest refs', () => {
    expect(summarizeBlastRadius(radius)).toEqual({
      entityRef: 'resource:default/postgres-orders',
      direction: 'downstream',
      total: 8,
      hidden: 0,
      byKind: { component: 3, system: 3, api: 1, domain: 1 },
      systems: [
        'system:default/orders',
        'system:default/checkout',
        'system:default/storefront',
      ],
      owners: [
        'group:default/platform',
        'group:default/orders-team',
        'group:default/commerce-team',
        'group:default/checkout-team',
        'group:default/web-team',
      ],
      customerFacing: ['component:default/storefront-web'],
      cutoff: false,
      refs: radius.impacted.map(i => i.entityRef),
    });
  });

  it('keeps at most the first refs asked for', () => {
    const summary = summarizeBlastRadius(radius, { refs: 2 });
    expect(summary.refs).toEqual([
      'component:default/orders-service',
      'system:default/orders',
    ]);
    expect(summary.total).toBe(8);
  });
});
