import { BlastRadius, ImpactedEntity } from '@lookout/plugin-incidents-common';
import { toGraphModel } from './graphModel';

const root = 'resource:default/postgres-main';

function radius(impacted: ImpactedEntity[]): BlastRadius {
  return {
    entityRef: root,
    direction: 'downstream',
    maxDepth: 6,
    limit: 1000,
    impacted,
    total: impacted.length,
    hidden: 0,
    systems: [],
    domains: [],
    owners: [],
    customerFacing: [],
    missing: [],
    cutoff: false,
  };
}

const orders: ImpactedEntity = {
  entityRef: 'component:default/orders',
  kind: 'component',
  distance: 1,
  path: [{ entityRef: 'component:default/orders', relation: 'dependencyOf' }],
  customerFacing: false,
};

describe('toGraphModel', () => {
  it('draws the root, each entity, and every hop of their paths once', () => {
    const api: ImpactedEntity = {
      entityRef: 'api:default/orders-api',
      kind: 'api',
      distance: 2,
      path: [
        orders.path[0],
        { entityRef: 'api:default/orders-api', relation: 'providesApi' },
      ],
      customerFacing: true,
    };
    const model = toGraphModel(radius([orders, api]));

    expect(model.nodes.map(n => [n.id, n.distance, n.customerFacing])).toEqual([
      [root, 0, false],
      ['component:default/orders', 1, false],
      ['api:default/orders-api', 2, true],
    ]);
    expect(model.edges).toEqual([
      {
        from: root,
        to: 'component:default/orders',
        relation: 'dependencyOf',
        label: 'dependency of',
      },
      {
        from: 'component:default/orders',
        to: 'api:default/orders-api',
        relation: 'providesApi',
        label: 'provides',
      },
    ]);
    expect(model.omitted).toBe(0);
  });

  it('keeps a path whole through an entity the reader may not see', () => {
    const web: ImpactedEntity = {
      entityRef: 'component:default/web',
      kind: 'component',
      distance: 2,
      path: [
        { entityRef: null, relation: 'dependencyOf' },
        { entityRef: 'component:default/web', relation: 'dependencyOf' },
      ],
      customerFacing: false,
    };
    const model = toGraphModel(radius([web]));

    const hidden = model.nodes.find(node => node.entityRef === undefined)!;
    expect(hidden.distance).toBe(1);
    expect(model.edges.map(e => [e.from, e.to])).toEqual([
      [root, hidden.id],
      [hidden.id, 'component:default/web'],
    ]);
  });

  it('shows only the nearest entities and leaves labels off a big graph', () => {
    const many = Array.from({ length: 60 }, (_, i) => ({
      ...orders,
      entityRef: `component:default/c${i}`,
      path: [
        {
          entityRef: `component:default/c${i}`,
          relation: 'dependencyOf' as const,
        },
      ],
    }));
    const model = toGraphModel(radius(many), 50);

    expect(model.nodes).toHaveLength(51);
    expect(model.nodes.at(-1)!.id).toBe('component:default/c49');
    expect(model.omitted).toBe(10);
    expect(model.edges.every(edge => edge.label === undefined)).toBe(true);
  });
});
