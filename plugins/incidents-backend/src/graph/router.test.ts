import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { createServiceFactory } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { impactPath } from '@lookout/plugin-incidents-common';
import request from 'supertest';
import { createTestDatabases, eachDatabase } from '../__testUtils__/databases';
import { incidentsPlugin } from '../plugin';
import { loadOpenApiDocument } from '../router';
import { createGraphRouter } from './router';
import { GRAPH_REFRESH_TASK } from './scheduleGraphRefresh';
import { entity, shop, withBothSides } from './__testUtils__/entities';
import { catalogCondition, readPolicy } from './__testUtils__/readPolicy';

jest.setTimeout(60_000);

/** The shop with relations on both sides, as the catalog serves them. */
const catalogEntities = withBothSides([
  ...shop(),
  entity('component:default/hidden-consumer', [
    ['consumesApi', 'api:default/orders-api'],
    ['ownedBy', 'group:default/secret-team'],
  ]),
  entity('component:default/after-hidden', [
    ['dependsOn', 'component:default/hidden-consumer'],
  ]),
]);

/**
 * The policy of these tests: users may not read what secret-team owns. The graph decides it
 * in memory; the catalog below hides the same from users, as Backstage's does under that
 * policy.
 */
const notSecretTeams = readPolicy(() => ({
  not: catalogCondition('IS_ENTITY_OWNER', {
    claims: ['group:default/secret-team'],
  }),
}));

/**
 * The test catalog, except that users may not see `hidden-consumer`: the catalog answers null
 * for it, as Backstage's does for an entity the permission policy hides. The plugin's own
 * service credentials see everything.
 */
function catalogHidingFromUsers(entities: Entity[], hidden: string[]) {
  const inner = catalogServiceMock({ entities });
  const isUser = (options: any) =>
    options?.credentials?.principal?.type === 'user';
  const hides = (options: any, ref: string) =>
    isUser(options) && hidden.includes(ref);
  const catalog = new Proxy(inner, {
    get(target, property) {
      if (property === 'getEntitiesByRefs') {
        return async (req: any, options: any) => {
          const answer = await target.getEntitiesByRefs(req, options);
          return {
            items: answer.items.map((item, i) =>
              hides(options, req.entityRefs[i]) ? undefined : item,
            ),
          };
        };
      }
      const value = (target as any)[property];
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return createServiceFactory({
    service: catalogServiceRef,
    deps: {},
    factory: () => catalog,
  });
}

const refsAt = (body: any) =>
  body.impacted.map((i: any) => `${i.distance} ${i.entityRef}`);

describe('graph routes', () => {
  const databases = createTestDatabases();

  eachDatabase(({ init }) => {
    async function start(extra: any[] = []) {
      const knex = await init();
      const { server } = await startTestBackend({
        features: [
          incidentsPlugin,
          mockServices.database.factory({ knex }),
          catalogHidingFromUsers(catalogEntities, [
            'component:default/hidden-consumer',
          ]),
          notSecretTeams.factory,
          ...extra,
        ],
      });
      return server;
    }

    const blastRadius = (server: any, query: object) =>
      request(server).get('/api/incidents/blast-radius').query(query);

    it('answers what an incident on an entity hurts, and where a problem may come from', async () => {
      const server = await start();
      const down = await blastRadius(server, {
        entityRef: 'resource:default/postgres-orders',
      });
      expect(down.status).toBe(200);
      expect(refsAt(down.body)).toEqual([
        '1 component:default/orders-service',
        '1 system:default/orders',
        '2 api:default/orders-api',
        '2 domain:default/commerce',
        '3 component:default/checkout-service',
        '4 component:default/storefront-web',
        '4 system:default/checkout',
        '4 component:default/after-hidden',
        '5 system:default/storefront',
      ]);
      expect(down.body).toMatchObject({
        entityRef: 'resource:default/postgres-orders',
        direction: 'downstream',
        maxDepth: 6,
        limit: 1000,
        total: 10,
        hidden: 1,
        domains: ['domain:default/commerce'],
        customerFacing: ['component:default/storefront-web'],
        missing: [],
        cutoff: false,
      });
      // the entity the user may not see is left out, of the list, the paths and the owners
      const afterHidden = down.body.impacted.find(
        (i: any) => i.entityRef === 'component:default/after-hidden',
      );
      expect(
        impactPath(down.body, down.body.impacted.indexOf(afterHidden))[2],
      ).toEqual({
        entityRef: null,
        relation: 'apiConsumedBy',
      });
      expect(JSON.stringify(down.body)).not.toMatch(
        /hidden-consumer|secret-team/,
      );

      const up = await blastRadius(server, {
        entityRef: 'component:default/storefront-web',
        direction: 'upstream',
      });
      expect(refsAt(up.body)).toEqual([
        '1 component:default/checkout-service',
        '2 api:default/orders-api',
        '3 component:default/orders-service',
        '4 resource:default/postgres-orders',
      ]);
    });

    it('stops at maxDepth and limit and says so', async () => {
      const server = await start();
      const shallow = await blastRadius(server, {
        entityRef: 'resource:default/postgres-orders',
        maxDepth: 1,
      });
      expect(refsAt(shallow.body)).toEqual([
        '1 component:default/orders-service',
        '1 system:default/orders',
      ]);
      expect(shallow.body.cutoff).toBe(true);
      const few = await blastRadius(server, {
        entityRef: 'resource:default/postgres-orders',
        limit: 2,
      });
      expect(few.body).toMatchObject({ total: 10, cutoff: true });
      expect(few.body.impacted).toHaveLength(2);
    });

    it('rejects bad input with 400 and an unknown or hidden root with 404', async () => {
      const server = await start();
      const bad: Array<[object, RegExp]> = [
        [{}, /entityRef/],
        [{ entityRef: 'no-kind' }, /not an entity ref/],
        [
          { entityRef: 'component:default/a', direction: 'sideways' },
          /direction/,
        ],
        [{ entityRef: 'component:default/a', maxDepth: 0 }, /maxDepth/],
        [{ entityRef: 'component:default/a', maxDepth: 21 }, /maxDepth/],
        [{ entityRef: 'component:default/a', limit: 100_001 }, /limit/],
        [{ entityRef: 'component:default/a', limit: 'many' }, /limit/],
      ];
      for (const [query, message] of bad) {
        const res = await blastRadius(server, query);
        expect(res.status).toBe(400);
        expect(res.body.error.message).toMatch(message);
      }
      for (const entityRef of [
        'component:default/nope',
        'component:default/hidden-consumer',
      ]) {
        const res = await blastRadius(server, { entityRef });
        expect(res.status).toBe(404);
        expect(res.body.error.message).toContain(entityRef);
      }
      const noAuth = await start([
        mockServices.httpAuth.factory({
          defaultCredentials: mockCredentials.none(),
        }),
      ]);
      await blastRadius(noAuth, {
        entityRef: 'resource:default/postgres-orders',
      }).expect(401);
    });

    it('gives live status from open incidents, spread downstream and rolled up', async () => {
      const server = await start();
      await request(server)
        .post('/api/incidents/incidents')
        .send({
          title: 'Orders database is down',
          severity: 'SEV1',
          entityRef: 'resource:default/postgres-orders',
        })
        .expect(201);
      await request(server)
        .post('/api/incidents/incidents')
        .send({
          title: 'Checkout is slow',
          severity: 'SEV3',
          entityRef: 'component:default/checkout-service',
        })
        .expect(201);

      const status = await request(server)
        .get('/api/incidents/entity-status')
        .query(
          'entityRef=resource:default/postgres-orders,component:default/storefront-web' +
            '&entityRef=system:default/orders&entityRef=group:default/web-team' +
            '&entityRef=component:default/orders-worker',
        );
      expect(status.status).toBe(200);
      expect(
        status.body.items.map((i: any) => [i.entityRef, i.status]),
      ).toEqual([
        ['resource:default/postgres-orders', 'major_outage'],
        ['component:default/storefront-web', 'degraded_performance'],
        ['system:default/orders', 'major_outage'],
        ['group:default/web-team', 'degraded_performance'],
        ['component:default/orders-worker', 'operational'],
      ]);
      const web = status.body.items[1];
      expect(web.reasons.map((r: any) => r.message)).toEqual([
        'degraded_performance: upstream INC-1 on resource:default/postgres-orders',
        'degraded_performance: upstream INC-2 on component:default/checkout-service',
      ]);
      expect(web.reasons[0].path.map((p: any) => p.relation)).toEqual([
        'dependencyOf',
        'providesApi',
        'apiConsumedBy',
        'dependencyOf',
      ]);

      // a resolved incident no longer counts
      await request(server)
        .post('/api/incidents/incidents/INC-1/transition')
        .send({ to: 'resolved' })
        .expect(200);
      const after = await request(server)
        .get('/api/incidents/entity-status')
        .query({ entityRef: 'resource:default/postgres-orders' });
      expect(after.body).toEqual({
        items: [
          {
            entityRef: 'resource:default/postgres-orders',
            status: 'operational',
            reasons: [],
          },
        ],
      });

      await request(server).get('/api/incidents/entity-status').expect(400);
      const unknown = await request(server)
        .get('/api/incidents/entity-status')
        .query({ entityRef: 'component:default/hidden-consumer' });
      expect(unknown.status).toBe(404);
    });
  });

  it('answers 503 with Retry-After, never 500, while the catalog cannot answer', async () => {
    const knex = await databases.init('SQLITE_3');
    let down = true;
    const inner = catalogServiceMock({ entities: catalogEntities });
    const failing = (method: 'queryEntities' | 'getEntitiesByRefs') =>
      (async (...args: any[]) => {
        if (down) throw new Error('request failed, reason: read ECONNRESET');
        return (inner[method] as any)(...args);
      }) as any;
    const { server } = await startTestBackend({
      features: [
        incidentsPlugin,
        mockServices.database.factory({ knex }),
        createServiceFactory({
          service: catalogServiceRef,
          deps: {},
          factory: () => ({
            ...inner,
            queryEntities: failing('queryEntities'),
            getEntitiesByRefs: failing('getEntitiesByRefs'),
          }),
        }),
        notSecretTeams.factory,
      ],
    });
    for (const path of [
      '/api/incidents/blast-radius?entityRef=resource:default/postgres-orders',
      '/api/incidents/entity-status?entityRef=resource:default/postgres-orders',
    ]) {
      const res = await request(server).get(path);
      expect(res.status).toBe(503);
      expect(res.headers['retry-after']).toBe('5');
      expect(res.body.error.message).toMatch(/catalog.*ECONNRESET/);
    }
    // once the catalog is back, the same request is answered
    down = false;
    const back = await request(server)
      .get('/api/incidents/blast-radius')
      .query({ entityRef: 'resource:default/postgres-orders' });
    expect(back.status).toBe(200);
    expect(back.body.hidden).toBe(1);
  });

  it('refreshes the graph on the configured interval, on every replica', async () => {
    const knex = await databases.init('SQLITE_3');
    const scheduler = mockServices.scheduler.mock();
    await startTestBackend({
      features: [
        incidentsPlugin,
        mockServices.database.factory({ knex }),
        catalogServiceMock.factory({ entities: catalogEntities }),
        scheduler.factory,
        mockServices.rootConfig.factory({
          data: { incidents: { graph: { refreshInterval: 'PT2M' } } },
        }),
      ],
    });
    expect(scheduler.scheduleTask).toHaveBeenCalledWith(
      expect.objectContaining({
        id: GRAPH_REFRESH_TASK,
        scope: 'local',
        frequency: { minutes: 2 },
      }),
    );
  });

  it('describes every graph route in the OpenAPI document', () => {
    const document = loadOpenApiDocument() as {
      paths: Record<string, Record<string, unknown>>;
    };
    const router = createGraphRouter({} as any) as any;
    const routes: string[] = router.stack
      .filter((layer: any) => layer.route)
      .flatMap((layer: any) =>
        Object.keys(layer.route.methods).map(
          method => `${method} ${layer.route.path.replace(/:(\w+)/g, '{$1}')}`,
        ),
      );
    expect(routes).toEqual(['get /blast-radius', 'get /entity-status']);
    for (const route of routes) {
      const [method, path] = route.split(' ');
      expect(document.paths[path]?.[method]).toBeDefined();
    }
  });
});
