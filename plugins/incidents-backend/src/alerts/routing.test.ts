import { mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { testEntities } from './__testUtils__/backend';
import { EntityRouter, routeCandidates } from './routing';

const none = { entityRef: null, groupRef: null };

describe('routeCandidates', () => {
  const rules = [
    {
      match: { job: 'node', env: 'prod' },
      entityRef: 'component:default/network-probe',
    },
  ];

  it('puts the integration first, then named refs, rules, component labels and the group', () => {
    expect(
      routeCandidates(
        { entityRef: 'component:default/a', groupRef: 'group:default/team' },
        {
          entityRef: 'Component:default/B',
          labels: {
            backstage_entity: 'resource:default/db',
            job: 'node',
            env: 'prod',
            component: 'checkout',
            service: 'payments/api',
          },
        },
        rules,
      ),
    ).toEqual([
      'component:default/a',
      'component:default/b',
      'resource:default/db',
      'component:default/network-probe',
      'component:default/checkout',
      'component:payments/api',
      'group:default/team',
    ]);
  });

  it('needs every label of a rule, and skips what is not a ref', () => {
    expect(
      routeCandidates(
        none,
        { labels: { job: 'node', backstage_entity: 'no-kind' } },
        rules,
      ),
    ).toEqual([]);
    expect(
      routeCandidates(none, { labels: { component: 'team/' } }, rules),
    ).toEqual([]);
  });
});

describe('EntityRouter', () => {
  it('routes a whole delivery with one catalog lookup, under its own credentials', async () => {
    const catalog = catalogServiceMock({ entities: testEntities });
    const lookup = jest.spyOn(catalog, 'getEntitiesByRefs');
    const router = new EntityRouter({
      catalog,
      auth: mockServices.auth(),
      rules: [
        {
          match: { team: 'blue' },
          entityRef: 'component:default/storefront-web',
        },
      ],
    });
    const routes = await router.route(none, [
      { labels: { component: 'mysql' } },
      { labels: { service: 'ghost', team: 'blue' } },
      { labels: { component: 'ghost' } },
      { labels: {}, entityRef: 'component:default/checkout-service' },
    ]);
    expect(routes).toEqual([
      {
        entityRef: 'component:default/mysql',
        ownerRef: 'group:default/data-team',
      },
      {
        entityRef: 'component:default/storefront-web',
        ownerRef: 'group:default/web-team',
      },
      undefined,
      {
        entityRef: 'component:default/checkout-service',
        ownerRef: 'group:default/checkout-team',
      },
    ]);
    expect(lookup).toHaveBeenCalledTimes(1);
    expect(
      (lookup.mock.calls[0][1] as any)?.credentials?.principal,
    ).toMatchObject({
      type: 'service',
    });
  });
});
