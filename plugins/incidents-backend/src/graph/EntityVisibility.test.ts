import { mockCredentials } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { DECISION_TTL_MS, EntityVisibility } from './EntityVisibility';
import { entity, graphOf, shop } from './__testUtils__/entities';
import {
  catalogCondition,
  ReadDecision,
  readPolicy,
} from './__testUtils__/readPolicy';

const graph = graphOf([
  ...shop(),
  entity('component:default/ghost-user', [
    ['dependsOn', 'component:default/not-registered'],
  ]),
]);
const node = (ref: string) => graph.idOf(ref)!;
const all = Array.from({ length: graph.size }, (_, id) => id);

function visibility(decide: (user: string) => ReadDecision) {
  let now = 0;
  const policy = readPolicy(decide);
  const asked: string[][] = [];
  const visible = new EntityVisibility({
    permissions: policy.service,
    catalog: {
      getEntitiesByRefs: async request => {
        asked.push(request.entityRefs);
        // the catalog's word on what the graph cannot decide: only orders-service
        return {
          items: request.entityRefs.map(ref =>
            ref === 'component:default/orders-service'
              ? ({} as any)
              : undefined,
          ),
        };
      },
    },
    now: () => now,
  });
  return {
    visible,
    decisions: policy.asked,
    catalogAsked: asked,
    later: (ms: number) => {
      now += ms;
    },
  };
}

describe('EntityVisibility', () => {
  it('shows every catalog entity on an allow, and never a ref missing from the catalog', async () => {
    const { visible, catalogAsked } = visibility(() => AuthorizeResult.ALLOW);
    const test = await visible.visibleAmong(graph, all, mockCredentials.user());
    expect(test(node('component:default/checkout-service'))).toBe(true);
    expect(test(node('component:default/not-registered'))).toBe(false);
    expect(catalogAsked).toEqual([]);
  });

  it('keeps a caller’s decision and verdicts for a few seconds, and asks again after', async () => {
    const { visible, decisions, catalogAsked, later } = visibility(() => ({
      anyOf: [
        catalogCondition('IS_ENTITY_KIND', { kinds: ['system'] }),
        catalogCondition('IS_IN_PROJECT', { project: 'x' }),
      ],
    }));
    const alice = mockCredentials.user('user:default/alice');
    const nodes = [
      node('system:default/orders'),
      node('component:default/orders-service'),
      node('component:default/checkout-service'),
    ];
    const first = await visible.visibleAmong(graph, nodes, alice);
    expect(nodes.map(first)).toEqual([true, true, false]);
    expect(catalogAsked).toEqual([
      [
        'component:default/orders-service',
        'component:default/checkout-service',
      ],
    ]);
    await visible.visibleAmong(graph, nodes, alice);
    expect(decisions).toHaveLength(1);
    expect(catalogAsked).toHaveLength(1);

    // another caller is decided on their own
    await visible.visibleAmong(
      graph,
      nodes,
      mockCredentials.user('user:default/bob'),
    );
    expect(decisions).toHaveLength(2);

    later(DECISION_TTL_MS + 1);
    await visible.visibleAmong(graph, nodes, alice);
    expect(decisions).toHaveLength(3);
    expect(catalogAsked).toHaveLength(3);
  });

  it('hides everything on a deny', async () => {
    const { visible } = visibility(() => AuthorizeResult.DENY);
    const test = await visible.visibleAmong(graph, all, mockCredentials.user());
    expect(all.some(test)).toBe(false);
  });
});
