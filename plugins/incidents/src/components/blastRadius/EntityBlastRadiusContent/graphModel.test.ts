import {
  BlastRadius,
  ImpactedEntity,
  ImpactHop,
} from '@lookout/plugin-incidents-common';
import { toGraphModel } from './graphModel';

const root = 'resource:default/postgres-main';

function radius(
  impacted: ImpactedEntity[],
  through: ImpactHop[] = [],
): BlastRadius {
  return {
    entityRef: root,
    direction: 'downstream',
    maxDepth: 6,
    limit: 1000,
    impacted,
    through,
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
  relation: 'dependencyOf',
  via: -1,
  customerFacing: false,
};

describe('toGraphModel', () => {
  it('draws the root, each entity, and every hop of their paths once', () => {
    const api: ImpactedEntity = {
      entityRef: 'api:default/orders-api',
      kind: 'api',
      distance: 2,
      // after orders, the entry at 0
      relation: 'providesApi',
      via: 0,
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
      // after a hop the reader may not see: through[0], index 1 after the one entry
      relation: 'dependencyOf',
      via: 1,
      customerFacing: false,
    };
    const model = toGraphModel(
      radius([web], [{ entityRef: null, relation: 'dependencyOf', via: -1 }]),
    );

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
    }));
    const model = toGraphModel(radius(many), 50);

    expect(model.nodes).toHaveLength(51);
    expect(model.nodes.at(-1)!.id).toBe('component:default/c49');
    expect(model.omitted).toBe(10);
    expect(model.edges.every(edge => edge.label === undefined)).toBe(true);
  });
});
