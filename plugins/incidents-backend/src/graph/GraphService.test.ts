import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { Incident } from '@lookout/plugin-incidents-common';
import { IncidentFilter } from '../incidents/IncidentsStore';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { GraphService } from './GraphService';
import { entity, shop, withBothSides } from './__testUtils__/entities';
import {
  catalogCondition,
  ReadDecision,
  readPolicy,
} from './__testUtils__/readPolicy';

/**
 * A catalog whose entities can change between calls, that counts its requests, and that hides
 * some entities from users (not from the plugin's own service credentials).
 */
function changingCatalog(initial: Entity[], hiddenFromUsers: string[] = []) {
  let inner = catalogServiceMock({ entities: initial });
  const calls: Record<string, number> = {};
  const byRefsSizes: number[] = [];
  const count = (method: string) => {
    calls[method] = (calls[method] ?? 0) + 1;
  };
  const isUser = (options: any) =>
    options?.credentials?.principal?.type === 'user';
  const catalog = {
    queryEntities: async (request: any, options: any) => {
      count('queryEntities');
      return inner.queryEntities(request, options);
    },
    getEntitiesByRefs: async (request: any, options: any) => {
      count(isUser(options) ? 'userByRefs' : 'ownByRefs');
      if (isUser(options)) byRefsSizes.push(request.entityRefs.length);
      const answer = await inner.getEntitiesByRefs(request, options);
      return {
        items: answer.items.map((item, i) =>
          isUser(options) && hiddenFromUsers.includes(request.entityRefs[i])
            ? undefined
            : item,
        ),
      };
    },
  };
  return {
    catalog: catalog as any,
    calls,
    byRefsSizes,
    replace: (entities: Entity[]) => {
      inner = catalogServiceMock({ entities });
    },
  };
}

function incident(id: number, entityRef: string, severity = 'SEV2'): Incident {
  return {
    id: `INC-${id}`,
    severity,
    entityRef,
    impactedEntityRefs: [],
  } as unknown as Incident;
}

/**
 * A rule of a catalog module the graph does not know: the graph leaves every entity to the
 * catalog, which (in these tests) hides what `changingCatalog` hides from users.
 */
const moduleRule: ReadDecision = catalogCondition('IS_IN_PROJECT', {
  project: 'x',
});

function service(
  catalog: any,
  options: {
    incidents?: Incident[];
    readCondition?: any;
    policy?: (user: string) => ReadDecision | Promise<ReadDecision>;
  } = {},
) {
  const filters: IncidentFilter[] = [];
  const incidents = options.incidents ?? [];
  const policy = readPolicy(options.policy ?? (() => moduleRule));
  const graph = new GraphService({
    catalog,
    auth: mockServices.auth(),
    permissions: policy.service,
    logger: mockServices.logger.mock(),
    incidents: {
      // pages of the given size, the way the store pages with its cursor
      listIncidents: async filter => {
        filters.push(filter);
        const start = filter.after ? filter.after.id : 0;
        const items = incidents.slice(start, start + filter.limit);
        const more = start + filter.limit < incidents.length;
        return {
          items,
          last: more
            ? { at: '2026-01-01T00:00:00Z', id: start + filter.limit }
            : undefined,
        };
      },
    },
    authorizer: { readCondition: async () => options.readCondition },
  });
  return { graph, filters, asked: policy.asked };
}

const user = mockCredentials.user();

describe('GraphService', () => {
  it('keeps its graph when a refresh finds nothing changed, and swaps it when something did', async () => {
    const source = changingCatalog(withBothSides(shop()));
    const { graph } = service(source.catalog);
    const first = await graph.graph();
    const again = await graph.refresh();
    expect(again.changed).toBe(false);
    expect(again.graph).toBe(first);

    source.replace(
      withBothSides([
        ...shop(),
        entity('component:default/mobile-bff', [
          ['consumesApi', 'api:default/orders-api'],
        ]),
      ]),
    );
    const changed = await graph.refresh();
    expect(changed.changed).toBe(true);
    expect(await graph.graph()).toBe(changed.graph);
    const radius = await graph.blastRadius(
      { entityRef: 'component:default/orders-service' },
      user,
    );
    expect(radius.impacted.map(i => i.entityRef)).toContain(
      'component:default/mobile-bff',
    );
  });

  it('answers owners for routing from the graph, reading only refs new to it', async () => {
    const source = changingCatalog(
      withBothSides([
        ...shop(),
        entity('component:default/payments', [
          ['ownedBy', 'group:default/payments-team'],
        ]),
      ]),
    );
    const { graph } = service(source.catalog);
    await graph.graph();
    const before = { ...source.calls };
    const owners = await graph.ownersOf([
      'component:default/payments',
      'component:default/orders-service',
    ]);
    expect(owners.get('component:default/payments')).toBe(
      'group:default/payments-team',
    );
    expect(owners.has('component:default/orders-service')).toBe(true);
    expect(source.calls).toEqual(before);

    // a ref the graph never met is read once from the catalog; one that is not there is left out
    source.replace(
      withBothSides([
        ...shop(),
        entity('component:default/fraud', [
          ['ownedBy', 'group:default/risk-team'],
        ]),
      ]),
    );
    const later = await graph.ownersOf([
      'component:default/fraud',
      'component:default/ghost',
    ]);
    expect([...later]).toEqual([
      ['component:default/fraud', 'group:default/risk-team'],
    ]);
    expect(source.calls.ownByRefs).toBe((before.ownByRefs ?? 0) + 1);
  });

  it('shares one catalog read between concurrent refreshes', async () => {
    const source = changingCatalog(shop());
    const { graph } = service(source.catalog);
    await Promise.all([graph.refresh(), graph.refresh(), graph.graph()]);
    expect(source.calls.queryEntities).toBe(1);
  });

  it('loads an entity registered since the last refresh on demand, and only that one', async () => {
    const source = changingCatalog(withBothSides(shop()));
    const { graph } = service(source.catalog);
    await graph.graph();
    source.replace(
      withBothSides([
        ...shop(),
        entity('component:default/mobile-bff', [
          ['consumesApi', 'api:default/orders-api'],
        ]),
      ]),
    );
    const radius = await graph.blastRadius(
      { entityRef: 'component:default/mobile-bff', direction: 'upstream' },
      user,
    );
    expect(radius.impacted.map(i => i.entityRef)).toEqual([
      'api:default/orders-api',
      'component:default/orders-service',
      'resource:default/postgres-orders',
    ]);
    expect(source.calls).toMatchObject({ queryEntities: 1, ownByRefs: 1 });
    // now it is in the graph: no second request for it
    await graph.blastRadius(
      { entityRef: 'component:default/mobile-bff' },
      user,
    );
    expect(source.calls.ownByRefs).toBe(1);
  });

  it('reads refs a walk meets that the graph has not loaded on demand, and asks once for those the catalog lacks', async () => {
    const web = () =>
      entity('component:default/web', [
        ['consumesApi', 'api:default/pay-api'],
        ['dependsOn', 'component:default/retired'],
      ]);
    const source = changingCatalog(withBothSides([web()]));
    const { graph } = service(source.catalog);
    await graph.graph();
    // registered since the last refresh: the API, its provider and what that depends on
    source.replace(
      withBothSides([
        web(),
        entity('api:default/pay-api'),
        entity('component:default/pay-service', [
          ['providesApi', 'api:default/pay-api'],
          ['dependsOn', 'resource:default/pay-db'],
        ]),
        entity('resource:default/pay-db'),
      ]),
    );
    const radius = await graph.blastRadius(
      { entityRef: 'component:default/web', direction: 'upstream' },
      user,
    );
    expect(radius.impacted.map(i => i.entityRef)).toEqual([
      'api:default/pay-api',
      'component:default/pay-service',
      'resource:default/pay-db',
    ]);
    expect(radius.missing).toEqual(['component:default/retired']);
    const asked = source.calls.ownByRefs;
    // what the catalog lacks is not asked for again until the next refresh
    await graph.blastRadius(
      { entityRef: 'component:default/web', direction: 'upstream' },
      user,
    );
    expect(source.calls.ownByRefs).toBe(asked);
  });

  it('answers 404 for a root that is not in the catalog or that the caller may not see, 400 for a bad ref', async () => {
    const source = changingCatalog(withBothSides(shop()), [
      'component:default/checkout-service',
    ]);
    const { graph } = service(source.catalog);
    await expect(
      graph.blastRadius({ entityRef: 'component:default/nope' }, user),
    ).rejects.toThrow(
      /Not in the catalog, or not visible to you: component:default\/nope/,
    );
    await expect(
      graph.blastRadius(
        { entityRef: 'component:default/checkout-service' },
        user,
      ),
    ).rejects.toMatchObject({ name: 'NotFoundError' });
    // the plugin itself sees it
    const own = await graph.blastRadius(
      { entityRef: 'component:default/checkout-service' },
      mockCredentials.service(),
    );
    expect(own.impacted.length).toBeGreaterThan(0);
    await expect(
      graph.blastRadius({ entityRef: 'no-kind' }, user),
    ).rejects.toMatchObject({
      name: 'InputError',
    });
  });

  it('checks what the caller may see in bulk, at most 1,000 refs a request', async () => {
    const dependents = Array.from({ length: 2500 }, (_, i) =>
      entity(`component:default/d${i}`, [
        ['dependsOn', 'resource:default/hub'],
      ]),
    );
    const source = changingCatalog(
      [entity('resource:default/hub'), ...dependents],
      ['component:default/d7'],
    );
    const { graph } = service(source.catalog);
    const radius = await graph.blastRadius(
      { entityRef: 'resource:default/hub', limit: 5000 },
      user,
    );
    expect(radius.total).toBe(2500);
    expect(radius.impacted).toHaveLength(2499);
    expect(radius.hidden).toBe(1);
    expect(source.byRefsSizes).toEqual([1000, 1000, 501]);
  });

  it('reads every open incident through the store, page by page, under the read condition', async () => {
    const many = Array.from({ length: 2100 }, (_, i) =>
      incident(i + 1, 'component:default/orders-worker', 'SEV4'),
    );
    many.push(incident(2101, 'resource:default/postgres-orders', 'SEV1'));
    const condition = { property: 'owner_ref', values: ['group:default/a'] };
    const source = changingCatalog(withBothSides(shop()));
    const { graph, filters } = service(source.catalog, {
      incidents: many,
      readCondition: condition,
    });
    const answer = await graph.entityStatus(
      ['component:default/checkout-service', 'Component:default/orders-worker'],
      user,
    );
    expect(filters).toHaveLength(3);
    expect(filters[0]).toMatchObject({
      status: ['triage', 'investigating', 'identified', 'monitoring'],
      condition,
    });
    expect(
      answer.items.map(i => [i.entityRef, i.status, i.reasons.length]),
    ).toEqual([
      ['component:default/checkout-service', 'degraded_performance', 1],
      ['component:default/orders-worker', 'degraded_performance', 2100],
    ]);
    await expect(
      graph.entityStatus(
        ['component:default/checkout-service', 'component:default/x'],
        user,
      ),
    ).rejects.toThrow(/component:default\/x/);
  });

  it('asks nothing of the catalog for a caller the policy allows unconditionally, and decides once per caller', async () => {
    const source = changingCatalog(withBothSides(shop()));
    const { graph, asked } = service(source.catalog, {
      policy: () => AuthorizeResult.ALLOW,
    });
    const first = await graph.blastRadius(
      { entityRef: 'resource:default/postgres-orders' },
      user,
    );
    await graph.blastRadius(
      { entityRef: 'component:default/orders-service' },
      user,
    );
    expect(first.hidden).toBe(0);
    expect(first.impacted).toHaveLength(8);
    expect(source.calls.userByRefs).toBeUndefined();
    expect(asked).toEqual(['catalog.entity.read']);
  });

  it('hides everything from a caller the policy denies', async () => {
    const source = changingCatalog(withBothSides(shop()));
    const { graph } = service(source.catalog, {
      policy: () => AuthorizeResult.DENY,
    });
    await expect(
      graph.blastRadius(
        { entityRef: 'resource:default/postgres-orders' },
        user,
      ),
    ).rejects.toMatchObject({ name: 'NotFoundError' });
    expect(source.calls.userByRefs).toBeUndefined();
  });

  it('decides conditions on the graph and asks the catalog, in bulk, only for what they leave undecided', async () => {
    const source = changingCatalog(withBothSides(shop()), [
      'component:default/checkout-service',
    ]);
    const { graph } = service(source.catalog, {
      // systems, domains and what orders-team owns are decided in memory; for the rest the
      // module's rule decides, which only the catalog knows
      policy: () => ({
        anyOf: [
          catalogCondition('IS_ENTITY_KIND', { kinds: ['System', 'DOMAIN'] }),
          catalogCondition('IS_ENTITY_OWNER', {
            claims: ['group:default/orders-team'],
          }),
          moduleRule as any,
        ],
      }),
    });
    const radius = await graph.blastRadius(
      { entityRef: 'resource:default/postgres-orders' },
      user,
    );
    expect(radius.impacted.map(i => i.entityRef)).toEqual([
      'component:default/orders-service',
      'system:default/orders',
      'api:default/orders-api',
      'domain:default/commerce',
      'component:default/storefront-web',
      'system:default/checkout',
      'system:default/storefront',
    ]);
    expect(radius.hidden).toBe(1);
    // the root, storefront-web and checkout-service were left undecided: one request for them
    expect(source.byRefsSizes).toEqual([3]);
    // decided once for the caller: a second answer asks the catalog nothing new
    await graph.blastRadius(
      { entityRef: 'resource:default/postgres-orders' },
      user,
    );
    expect(source.byRefsSizes).toEqual([3]);
  });

  it('turns a catalog or permission framework that cannot answer into ServiceUnavailableError, and remembers nothing of it', async () => {
    const failing = {
      queryEntities: async () => {
        throw new Error('read ECONNRESET');
      },
      getEntitiesByRefs: async () => {
        throw new Error('read ECONNRESET');
      },
    };
    await expect(
      service(failing, {
        policy: () => AuthorizeResult.ALLOW,
      }).graph.blastRadius(
        { entityRef: 'resource:default/postgres-orders' },
        user,
      ),
    ).rejects.toMatchObject({
      name: 'ServiceUnavailableError',
      message: expect.stringMatching(/catalog.*ECONNRESET/),
    });

    // the graph is loaded, then the catalog fails while the answer needs its word
    const source = changingCatalog(withBothSides(shop()));
    let catalogDown = false;
    const flaky = {
      ...source.catalog,
      getEntitiesByRefs: async (request: any, options: any) => {
        if (catalogDown) throw new Error('socket hang up');
        return source.catalog.getEntitiesByRefs(request, options);
      },
    };
    const { graph } = service(flaky);
    await graph.graph();
    catalogDown = true;
    await expect(
      graph.blastRadius(
        { entityRef: 'resource:default/postgres-orders' },
        user,
      ),
    ).rejects.toMatchObject({ name: 'ServiceUnavailableError' });
    catalogDown = false;
    const after = await graph.blastRadius(
      { entityRef: 'resource:default/postgres-orders' },
      user,
    );
    expect(after.impacted).toHaveLength(8);

    let permissionDown = true;
    const withPolicy = service(source.catalog, {
      policy: () => {
        if (permissionDown) throw new Error('permission backend is down');
        return AuthorizeResult.ALLOW;
      },
    }).graph;
    await expect(
      withPolicy.entityStatus(['resource:default/postgres-orders'], user),
    ).rejects.toMatchObject({ name: 'ServiceUnavailableError' });
    permissionDown = false;
    const status = await withPolicy.entityStatus(
      ['resource:default/postgres-orders'],
      user,
    );
    expect(status.items[0].status).toBe('operational');
  });
});
