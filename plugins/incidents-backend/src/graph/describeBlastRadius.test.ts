import { BlastRadius, impactPath } from '@lookout/plugin-incidents-common';
import { CatalogGraph } from './CatalogGraph';
import {
  BlastRadiusOptions,
  collectBlastRadius,
  describeBlastRadius,
} from './describeBlastRadius';
import { entity, graphOf, shop } from './__testUtils__/entities';

const downstream: BlastRadiusOptions = {
  direction: 'downstream',
  maxDepth: 6,
  limit: 1000,
};

function radius(
  graph: CatalogGraph,
  root: string,
  options: Partial<BlastRadiusOptions> = {},
  visible: (ref: string) => boolean = () => true,
): BlastRadius {
  const id = graph.idOf(root);
  if (id === undefined) throw new Error(`no ${root}`);
  return describeBlastRadius(
    collectBlastRadius(graph, id, { ...downstream, ...options }),
    node => visible(graph.refOf(node)),
  );
}

const refsAt = (r: BlastRadius) =>
  r.impacted.map(i => `${i.distance} ${i.entityRef}`);

describe('blast radius', () => {
  it('follows dependents, provided APIs and their consumers, and rolls up into systems and domains', () => {
    const r = radius(graphOf(shop()), 'resource:default/postgres-orders');
    expect(refsAt(r)).toEqual([
      '1 component:default/orders-service',
      '1 system:default/orders',
      '2 api:default/orders-api',
      '2 domain:default/commerce',
      '3 component:default/checkout-service',
      '4 component:default/storefront-web',
      '4 system:default/checkout',
      '5 system:default/storefront',
    ]);
    // a sibling part of the rolled-up system is not hurt
    expect(refsAt(r).join()).not.toMatch(/orders-worker/);
    expect(r.impacted[4]).toEqual({
      entityRef: 'component:default/checkout-service',
      kind: 'component',
      distance: 3,
      relation: 'apiConsumedBy',
      // the hop before: orders-api, the entry at 2
      via: 2,
      customerFacing: false,
    });
    expect(impactPath(r, 4)).toEqual([
      {
        entityRef: 'component:default/orders-service',
        relation: 'dependencyOf',
      },
      { entityRef: 'api:default/orders-api', relation: 'providesApi' },
      {
        entityRef: 'component:default/checkout-service',
        relation: 'apiConsumedBy',
      },
    ]);
    expect(r.through).toEqual([]);
    expect(r).toMatchObject({
      entityRef: 'resource:default/postgres-orders',
      direction: 'downstream',
      total: 8,
      hidden: 0,
      systems: [
        'system:default/orders',
        'system:default/checkout',
        'system:default/storefront',
      ],
      domains: ['domain:default/commerce'],
      owners: [
        'group:default/platform',
        'group:default/orders-team',
        'group:default/commerce-team',
        'group:default/checkout-team',
        'group:default/web-team',
      ],
      customerFacing: ['component:default/storefront-web'],
      missing: [],
      cutoff: false,
    });
  });

  it('walks upstream through dependencies and consumed APIs to their providers', () => {
    const r = radius(graphOf(shop()), 'component:default/storefront-web', {
      direction: 'upstream',
    });
    expect(refsAt(r)).toEqual([
      '1 component:default/checkout-service',
      '2 api:default/orders-api',
      '3 component:default/orders-service',
      '4 resource:default/postgres-orders',
    ]);
    expect(impactPath(r, 3).map(p => p.relation)).toEqual([
      'dependsOn',
      'consumesApi',
      'apiProvidedBy',
      'dependsOn',
    ]);
    expect(r.systems).toEqual([]);
    expect(r.owners).toEqual([
      'group:default/web-team',
      'group:default/checkout-team',
      'group:default/orders-team',
      'group:default/platform',
    ]);
  });

  it('does not carry impact from a rolled-up system to what depends on the system', () => {
    // R is part of S, and T depends on S: an incident on R reaches S only as a rollup. Q depends
    // on R, and S depends on Q, so S is also hurt in full, two hops away: then T is hurt.
    const graph = graphOf([
      entity('component:default/r', [['partOf', 'system:default/s']]),
      entity('system:default/s'),
      entity('component:default/t', [['dependsOn', 'system:default/s']]),
      entity('component:default/u', [['dependsOn', 'system:default/s']]),
    ]);
    expect(refsAt(radius(graph, 'component:default/r'))).toEqual([
      '1 system:default/s',
    ]);

    const both = graphOf([
      entity('component:default/r', [['partOf', 'system:default/s']]),
      entity('component:default/q', [['dependsOn', 'component:default/r']]),
      entity('system:default/s', [['dependsOn', 'component:default/q']]),
      entity('component:default/t', [['dependsOn', 'system:default/s']]),
    ]);
    const r = radius(both, 'component:default/r');
    expect(refsAt(r)).toEqual([
      '1 component:default/q',
      '1 system:default/s',
      '3 component:default/t',
    ]);
    // the path to T goes through S as a dependency, never through the rollup
    expect(impactPath(r, 2)).toEqual([
      { entityRef: 'component:default/q', relation: 'dependencyOf' },
      { entityRef: 'system:default/s', relation: 'dependencyOf' },
      { entityRef: 'component:default/t', relation: 'dependencyOf' },
    ]);
    // S's entry is its rollup (distance 1); the path passes S in full, listed once in `through`
    expect(r.through).toEqual([
      { entityRef: 'system:default/s', relation: 'dependencyOf', via: 0 },
    ]);
    expect(r.impacted[2].via).toBe(3);
    expect(r.total).toBe(3);
  });

  it('ends at cycles and ignores self-loops', () => {
    const graph = graphOf([
      entity('component:default/a', [
        ['dependsOn', 'component:default/b'],
        ['dependsOn', 'component:default/a'],
      ]),
      entity('component:default/b', [['dependsOn', 'component:default/c']]),
      entity('component:default/c', [['dependsOn', 'component:default/a']]),
      entity('component:default/lonely', [
        ['dependsOn', 'component:default/lonely'],
        ['dependencyOf', 'component:default/lonely'],
      ]),
    ]);
    expect(refsAt(radius(graph, 'component:default/a'))).toEqual([
      '1 component:default/c',
      '2 component:default/b',
    ]);
    expect(
      refsAt(radius(graph, 'component:default/b', { direction: 'upstream' })),
    ).toEqual(['1 component:default/c', '2 component:default/a']);
    const lonely = radius(graph, 'component:default/lonely');
    expect(lonely.impacted).toEqual([]);
    expect(lonely.cutoff).toBe(false);
  });

  it('reports refs missing from the catalog and does not walk through them', () => {
    const graph = graphOf([
      entity('component:default/svc', [
        ['dependsOn', 'resource:default/ghost-db'],
        ['dependsOn', 'resource:default/db'],
        ['partOf', 'system:default/ghost-system'],
        // written only on svc: an app nobody registered depends on it
        ['dependencyOf', 'component:default/ghost-app'],
      ]),
      entity('resource:default/db'),
      // depends on the unregistered app; reaching it would mean walking through a ghost
      entity('component:default/other', [
        ['dependsOn', 'component:default/ghost-app'],
      ]),
    ]);
    const up = radius(graph, 'component:default/svc', {
      direction: 'upstream',
    });
    expect(refsAt(up)).toEqual(['1 resource:default/db']);
    expect(up.missing).toEqual(['resource:default/ghost-db']);
    expect(up.total).toBe(1);

    const down = radius(graph, 'resource:default/db');
    expect(refsAt(down)).toEqual(['1 component:default/svc']);
    expect(down.missing).toEqual([
      'component:default/ghost-app',
      'system:default/ghost-system',
    ]);
    expect(down.total).toBe(1);
  });

  it('lists a hub with 10,000 dependents up to the limit and counts them all', () => {
    const dependents = Array.from({ length: 10_000 }, (_, i) =>
      entity(`component:default/dependent-${i}`, [
        ['dependsOn', 'resource:default/hub'],
      ]),
    );
    const graph = graphOf([entity('resource:default/hub'), ...dependents]);

    const first = radius(graph, 'resource:default/hub');
    expect(first.impacted).toHaveLength(1000);
    expect(first.total).toBe(10_000);
    expect(first.cutoff).toBe(true);
    expect(first.impacted.every(i => i.distance === 1)).toBe(true);

    const all = radius(graph, 'resource:default/hub', { limit: 100_000 });
    expect(all.impacted).toHaveLength(10_000);
    expect(new Set(all.impacted.map(i => i.entityRef)).size).toBe(10_000);
    expect(all.cutoff).toBe(false);

    const up = radius(graph, 'component:default/dependent-42', {
      direction: 'upstream',
    });
    expect(refsAt(up)).toEqual(['1 resource:default/hub']);
  });

  it('stops at the depth cap and says so only when something was left', () => {
    const chain = Array.from({ length: 10 }, (_, i) =>
      entity(
        `component:default/c${i}`,
        i > 0 ? [['dependsOn', `component:default/c${i - 1}`]] : [],
      ),
    );
    const graph = graphOf(chain);
    const capped = radius(graph, 'component:default/c0', { maxDepth: 3 });
    expect(refsAt(capped)).toEqual([
      '1 component:default/c1',
      '2 component:default/c2',
      '3 component:default/c3',
    ]);
    expect(capped.cutoff).toBe(true);
    expect(capped.total).toBe(3);

    const exact = radius(graph, 'component:default/c0', { maxDepth: 9 });
    expect(exact.total).toBe(9);
    expect(exact.cutoff).toBe(false);
    expect(impactPath(exact, 8)).toHaveLength(9);
  });

  it('sets cutoff when the size limit leaves entities out', () => {
    const r = radius(graphOf(shop()), 'resource:default/postgres-orders', {
      limit: 3,
    });
    expect(r.impacted.map(i => i.entityRef)).toEqual([
      'component:default/orders-service',
      'system:default/orders',
      'api:default/orders-api',
    ]);
    expect(r.total).toBe(8);
    expect(r.cutoff).toBe(true);
    // summaries cover what is listed
    expect(r.systems).toEqual(['system:default/orders']);
  });

  it('leaves out what the caller may not see, and hides it inside paths', () => {
    const graph = graphOf([
      ...shop(),
      entity('component:default/secret-consumer', [
        ['consumesApi', 'api:default/orders-api'],
        ['partOf', 'system:default/secret-system'],
      ]),
      entity('component:default/after-secret', [
        ['dependsOn', 'component:default/secret-consumer'],
        ['ownedBy', 'group:default/late-team'],
      ]),
      entity('resource:default/cache', [
        ['dependsOn', 'component:default/orders-service'],
      ]),
    ]);
    const hidden = new Set([
      'component:default/orders-service',
      'component:default/secret-consumer',
    ]);
    const r = radius(
      graph,
      'resource:default/postgres-orders',
      {},
      ref => !hidden.has(ref),
    );
    const listed = r.impacted.map(i => i.entityRef);
    expect(listed).toContain('resource:default/cache');
    expect(r.hidden).toBe(2);
    expect(r.total).toBe(11);
    const after = r.impacted.find(
      i => i.entityRef === 'component:default/after-secret',
    )!;
    expect(impactPath(r, r.impacted.indexOf(after))).toEqual([
      { entityRef: null, relation: 'dependencyOf' },
      { entityRef: 'api:default/orders-api', relation: 'providesApi' },
      { entityRef: null, relation: 'apiConsumedBy' },
      { entityRef: 'component:default/after-secret', relation: 'dependencyOf' },
    ]);
    // neither the hidden entities nor a missing ref only they name leak anywhere
    expect(r.missing).toEqual([]);
    expect(JSON.stringify(r)).not.toMatch(
      /orders-service|secret-consumer|secret-system/,
    );
    expect(r.owners).toContain('group:default/late-team');
  });

  it('names the predecessor of each entry once, so the answer grows with its entries and not with their depth', () => {
    const chain = (length: number) =>
      graphOf(
        Array.from({ length }, (_, i) =>
          entity(
            `component:default/c${i}`,
            i > 0 ? [['dependsOn', `component:default/c${i - 1}`]] : [],
          ),
        ),
      );
    const bytesPerEntry = (length: number) => {
      const r = radius(chain(length), 'component:default/c0', {
        maxDepth: 20,
      });
      expect(r.impacted).toHaveLength(length - 1);
      return JSON.stringify(r.impacted).length / r.impacted.length;
    };
    // entries 20 hops deep cost what entries 5 hops deep cost, give or take the digits
    expect(bytesPerEntry(21)).toBeLessThan(bytesPerEntry(6) * 1.2);
    const r = radius(chain(21), 'component:default/c0', { maxDepth: 20 });
    expect(r.impacted.map(i => i.via)).toEqual(
      Array.from({ length: 20 }, (_, i) => i - 1),
    );
    expect(impactPath(r, 19).map(step => step.entityRef)).toEqual(
      Array.from({ length: 20 }, (_, i) => `component:default/c${i + 1}`),
    );
  });
});
