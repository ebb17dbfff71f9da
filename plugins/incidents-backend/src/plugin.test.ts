import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import {
  coreServices,
  createBackendModule,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import {
  AuthorizeResult,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { Incident } from '@lookout/plugin-incidents-common';
import {
  IncidentNotifier,
  incidentsNotifierExtensionPoint,
} from '@lookout/plugin-incidents-node';
import { actionsRegistryServiceRef } from '@backstage/backend-plugin-api/alpha';
import { actionsRegistryServiceMock } from '@backstage/backend-test-utils/alpha';
import { signalsServiceRef } from '@backstage/plugin-signals-node';
import request from 'supertest';
import { createTestDatabases } from './__testUtils__/databases';
import { incidentsPlugin } from './plugin';
import { createIncidentsRouter } from './incidents/router';
import { loadOpenApiDocument } from './router';

jest.setTimeout(60_000);

const ME = mockCredentials.user().principal.userEntityRef;

const entity = (kind: string, name: string, owner?: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind,
  metadata: { name, namespace: 'default' },
  spec: owner ? { type: 'service', owner } : {},
  relations: owner ? [{ type: 'ownedBy', targetRef: owner }] : [],
});

const partOf = (e: Entity, system: string): Entity => ({
  ...e,
  relations: [...(e.relations ?? []), { type: 'partOf', targetRef: system }],
});

const entities = [
  partOf(
    {
      ...entity('Component', 'checkout-service', 'group:default/checkout-team'),
      relations: [
        { type: 'ownedBy', targetRef: 'group:default/checkout-team' },
        { type: 'dependencyOf', targetRef: 'component:default/storefront-web' },
      ],
    },
    'system:default/checkout',
  ),
  partOf(entity('System', 'checkout'), 'domain:default/commerce'),
  entity('Domain', 'commerce'),
  entity('Component', 'storefront-web', 'group:default/web-team'),
  entity('User', 'mock'),
  entity('User', 'sam'),
];

/**
 * A restrictive policy: everyone may read and declare; only the incident's commander may
 * change or resolve it; nobody may delete.
 */
const commanderOnly = createServiceFactory({
  service: coreServices.permissions,
  deps: {},
  factory: () => {
    const decide = (name: string): PolicyDecision => {
      if (name === 'incident.read' || name === 'incident.create') {
        return { result: AuthorizeResult.ALLOW };
      }
      if (name === 'incident.delete') {
        return { result: AuthorizeResult.DENY };
      }
      return {
        result: AuthorizeResult.CONDITIONAL,
        pluginId: 'incidents',
        resourceType: 'incident',
        conditions: {
          rule: 'IS_COMMANDER',
          resourceType: 'incident',
          params: { claims: [ME] },
        },
      };
    };
    return {
      authorize: async (requests: any[]) =>
        requests.map(r => {
          const decision = decide(r.permission.name);
          return decision.result === AuthorizeResult.CONDITIONAL
            ? { result: AuthorizeResult.DENY }
            : decision;
        }),
      authorizeConditional: async (requests: any[]) =>
        requests.map(r => decide(r.permission.name)),
    } as any;
  },
});

describe('incidents backend', () => {
  const databases = createTestDatabases();

  describe.each(databases.eachSupportedId())('on %p', databaseId => {
    async function start(extra: any[] = []) {
      const knex = await databases.init(databaseId);
      const { server } = await startTestBackend({
        features: [
          incidentsPlugin,
          mockServices.database.factory({ knex }),
          catalogServiceMock.factory({ entities }),
          ...extra,
        ],
      });
      return server;
    }

    const declare = (server: any, body: object = {}) =>
      request(server)
        .post('/api/incidents/incidents')
        .send({
          title: 'Checkout returns 500s',
          severity: 'SEV2',
          entityRef: 'component:default/checkout-service',
          ...body,
        });

    it('answers health without credentials and nothing else', async () => {
      const server = await start([
        mockServices.httpAuth.factory({
          defaultCredentials: mockCredentials.none(),
        }),
      ]);
      await request(server)
        .get('/api/incidents/health')
        .expect(200, { status: 'ok' });
      const res = await request(server).get('/api/incidents/incidents');
      expect(res.status).toBe(401);
    });

    it('declares an incident and lists it on both of its entities', async () => {
      const server = await start();
      const res = await declare(server, {
        severity: 'SEV1',
        entityRef: 'Component:default/checkout-service',
        impactedEntityRefs: ['component:storefront-web'],
      });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        id: 'INC-1',
        severity: 'SEV1',
        status: 'triage',
        entityRef: 'component:default/checkout-service',
        impactedEntityRefs: ['component:default/storefront-web'],
        ownerRef: 'group:default/checkout-team',
        roles: { commander: ME },
        createdBy: ME,
        acknowledgedAt: null,
        version: 1,
      });

      for (const ref of [
        'component:default/checkout-service',
        'component:default/storefront-web',
      ]) {
        const list = await request(server)
          .get('/api/incidents/incidents')
          .query({ entityRef: ref });
        expect(list.body).toEqual({ items: [res.body] });
      }
      await request(server)
        .get('/api/incidents/incidents/INC-1')
        .expect(200, res.body);
    });

    it('records the blast radius when declared and when the origin moves', async () => {
      const server = await start();
      await declare(server).expect(201);
      const url = '/api/incidents/incidents/INC-1';
      const radius = async () =>
        (await request(server).get(`${url}/timeline`)).body.items
          .filter((e: any) => e.type === 'blast_radius')
          .map((e: any) => e.data);
      expect(await radius()).toEqual([
        expect.objectContaining({
          entityRef: 'component:default/checkout-service',
          total: expect.any(Number),
          refs: expect.arrayContaining(['component:default/storefront-web']),
          owners: expect.arrayContaining(['group:default/web-team']),
        }),
      ]);

      const moved = await request(server)
        .patch(url)
        .send({ version: 1, entityRef: 'component:default/storefront-web' });
      expect(moved.body).toMatchObject({
        entityRef: 'component:default/storefront-web',
        ownerRef: 'group:default/web-team',
      });
      const after = await radius();
      expect(after).toHaveLength(2);
      expect(after[1].entityRef).toBe('component:default/storefront-web');
      const onOld = await request(server)
        .get('/api/incidents/incidents')
        .query({ entityRef: 'component:default/checkout-service' });
      expect(onOld.body.items).toEqual([]);
    });

    it('runs the status machine, naming the allowed moves on an illegal one', async () => {
      const server = await start();
      await declare(server).expect(201);
      const incidents = '/api/incidents/incidents/INC-1';

      const ack = await request(server).post(`${incidents}/acknowledge`);
      expect(ack.status).toBe(200);
      expect(ack.body.acknowledgedAt).toEqual(expect.any(String));
      expect(ack.body.status).toBe('triage');
      // acknowledging again is a no-op
      const again = await request(server).post(`${incidents}/acknowledge`);
      expect(again.body.version).toBe(ack.body.version);

      const investigating = await request(server)
        .post(`${incidents}/transition`)
        .send({ to: 'investigating', version: ack.body.version });
      expect(investigating.status).toBe(200);

      const illegal = await request(server)
        .post(`${incidents}/transition`)
        .send({ to: 'closed' });
      expect(illegal.status).toBe(409);
      expect(illegal.body.error.message).toBe(
        'INC-1 cannot move from investigating to closed; allowed: identified, monitoring, resolved, merged',
      );

      const stale = await request(server)
        .post(`${incidents}/transition`)
        .send({ to: 'resolved', version: ack.body.version });
      expect(stale.status).toBe(409);
      expect(stale.body.error.message).toMatch(/has changed since version/);

      const resolved = await request(server)
        .post(`${incidents}/transition`)
        .send({ to: 'resolved', note: 'rolled back' });
      expect(resolved.body).toMatchObject({
        status: 'resolved',
        resolvedAt: expect.any(String),
        mitigatedAt: expect.any(String),
      });

      const timeline = await request(server).get(`${incidents}/timeline`);
      expect(
        timeline.body.items.map((e: any) => [e.type, e.data.to ?? null]),
      ).toEqual([
        ['declared', null],
        ['blast_radius', null],
        ['acknowledged', null],
        ['status_changed', 'investigating'],
        ['status_changed', 'resolved'],
      ]);
      expect(timeline.body.items[4].data.note).toBe('rolled back');
    });

    it('updates with optimistic concurrency and never loses a concurrent write', async () => {
      const server = await start();
      await declare(server).expect(201);
      const url = '/api/incidents/incidents/INC-1';

      const updated = await request(server)
        .patch(url)
        .send({ version: 1, severity: 'SEV1', customerImpact: 'No checkouts' });
      expect(updated.body).toMatchObject({
        severity: 'SEV1',
        customerImpact: 'No checkouts',
        version: 2,
      });
      const stale = await request(server)
        .patch(url)
        .send({ version: 1, title: 'Lost update' });
      expect(stale.status).toBe(409);

      // ten notes and ten role changes at once: every one lands
      await Promise.all([
        ...Array.from({ length: 10 }, (_, i) =>
          request(server)
            .post(`${url}/notes`)
            .send({ markdown: `note ${i}` })
            .expect(201),
        ),
        ...Array.from({ length: 10 }, (_, i) =>
          request(server)
            .post(`${url}/roles`)
            .send({
              role: 'scribe',
              userRef: i % 2 ? 'user:default/sam' : 'user:default/mock',
            })
            .expect(200),
        ),
      ]);
      const timeline = await request(server).get(`${url}/timeline`);
      const types = timeline.body.items.map((e: any) => e.type);
      expect(types.filter((t: string) => t === 'note')).toHaveLength(10);
      expect(types.filter((t: string) => t === 'role_assigned')).toHaveLength(
        10,
      );
      const final = await request(server).get(url);
      expect(final.body.version).toBe(12);
    });

    it('assigns roles to User entities only', async () => {
      const server = await start();
      await declare(server).expect(201);
      const url = '/api/incidents/incidents/INC-1/roles';
      const ok = await request(server)
        .post(url)
        .send({ role: 'communications', userRef: 'user:default/sam' });
      expect(ok.body.roles).toEqual({
        commander: ME,
        communications: 'user:default/sam',
      });
      const notUser = await request(server)
        .post(url)
        .send({ role: 'scribe', userRef: 'component:default/storefront-web' });
      expect(notUser.status).toBe(400);
      const unknown = await request(server)
        .post(url)
        .send({ role: 'scribe', userRef: 'user:default/nobody' });
      expect(unknown.status).toBe(400);
      expect(unknown.body.error.message).toMatch(/user:default\/nobody/);
      const cleared = await request(server)
        .post(url)
        .send({ role: 'communications', userRef: null });
      expect(cleared.body.roles).toEqual({ commander: ME });
    });

    it('merges a duplicate into its primary and joins their timelines', async () => {
      const server = await start();
      await declare(server).expect(201);
      await declare(server, { title: 'Checkout errors (dup)' }).expect(201);
      const merged = await request(server)
        .post('/api/incidents/incidents/INC-2/merge')
        .send({ into: 'INC-1' });
      expect(merged.body).toMatchObject({
        status: 'merged',
        mergedInto: 'INC-1',
      });
      const timeline = await request(server).get(
        '/api/incidents/incidents/INC-1/timeline',
      );
      expect(
        timeline.body.items.map((e: any) => `${e.incidentId} ${e.type}`),
      ).toEqual([
        'INC-1 declared',
        'INC-1 blast_radius',
        'INC-2 declared',
        'INC-2 blast_radius',
        'INC-2 merged',
        'INC-1 merged',
      ]);
      const twice = await request(server)
        .post('/api/incidents/incidents/INC-2/merge')
        .send({ into: 'INC-1' });
      expect(twice.status).toBe(409);
      const self = await request(server)
        .post('/api/incidents/incidents/INC-1/merge')
        .send({ into: 'INC-1' });
      expect(self.status).toBe(400);
    });

    it('replays the first answer for a retried Idempotency-Key', async () => {
      const server = await start();
      const first = await declare(server).set('Idempotency-Key', 'abc-1');
      const retry = await declare(server).set('Idempotency-Key', 'abc-1');
      expect(first.status).toBe(201);
      expect(retry.status).toBe(201);
      expect(retry.body).toEqual(first.body);
      const list = await request(server).get('/api/incidents/incidents');
      expect(list.body.items).toHaveLength(1);

      const moves = await Promise.all(
        [1, 2, 3].map(() =>
          request(server)
            .post('/api/incidents/incidents/INC-1/transition')
            .set('Idempotency-Key', 'move-1')
            .send({ to: 'investigating' }),
        ),
      );
      // one acts; the others replay it or are told it is still in flight, never a second move
      expect(moves.filter(m => m.status === 200).length).toBeGreaterThan(0);
      for (const m of moves) expect([200, 409]).toContain(m.status);
      const timeline = await request(server).get(
        '/api/incidents/incidents/INC-1/timeline',
      );
      expect(
        timeline.body.items.filter((e: any) => e.type === 'status_changed'),
      ).toHaveLength(1);

      const reused = await request(server)
        .post('/api/incidents/incidents/INC-1/transition')
        .set('Idempotency-Key', 'abc-1')
        .send({ to: 'resolved' });
      expect(reused.status).toBe(400);
    });

    it('filters lists by owner, text and time, and reports MTTA and MTTR', async () => {
      const server = await start();
      await declare(server, { title: 'Payments slow' }).expect(201);
      await declare(server, {
        title: 'Web down',
        entityRef: 'component:default/storefront-web',
      }).expect(201);
      const ids = async (query: object) =>
        (
          await request(server).get('/api/incidents/incidents').query(query)
        ).body.items.map((i: Incident) => i.id);
      expect(await ids({ ownerRef: 'group:default/web-team' })).toEqual([
        'INC-2',
      ]);
      expect(await ids({ q: 'payments' })).toEqual(['INC-1']);
      expect(await ids({ from: '2000-01-01T00:00:00Z' })).toEqual([
        'INC-2',
        'INC-1',
      ]);
      expect(await ids({ to: '2000-01-01T00:00:00Z' })).toEqual([]);

      await request(server).post('/api/incidents/incidents/INC-1/acknowledge');
      await request(server)
        .post('/api/incidents/incidents/INC-1/transition')
        .send({ to: 'resolved' });
      const metrics = await request(server)
        .get('/api/incidents/metrics')
        .query({ entityRef: 'component:default/checkout-service' });
      expect(metrics.status).toBe(200);
      expect(metrics.body).toMatchObject({
        count: 1,
        mttaSeconds: expect.any(Number),
        mttrSeconds: expect.any(Number),
        bySeverity: {
          SEV2: { count: 1 },
          SEV1: { count: 0, mttaSeconds: null },
        },
      });
    });

    it('lists everything inside a system or a domain', async () => {
      const server = await start();
      await declare(server).expect(201);
      await declare(server, {
        entityRef: 'component:default/storefront-web',
      }).expect(201);
      for (const systemRef of [
        'system:default/checkout',
        'domain:default/commerce',
      ]) {
        const list = await request(server)
          .get('/api/incidents/incidents')
          .query({ systemRef });
        expect(list.body.items.map((i: Incident) => i.id)).toEqual(['INC-1']);
      }
    });

    it('pushes every change to browsers through signals', async () => {
      const published: any[] = [];
      const server = await start([
        createServiceFactory({
          service: signalsServiceRef,
          deps: {},
          factory: () => ({
            publish: async (signal: any) => {
              published.push(signal);
            },
          }),
        }),
      ]);
      await declare(server).expect(201);
      await request(server)
        .post('/api/incidents/incidents/INC-1/acknowledge')
        .expect(200);
      expect(published).toEqual([
        expect.objectContaining({
          channel: 'incidents',
          recipients: { type: 'broadcast' },
          message: {
            type: 'declared',
            incidentId: 'INC-1',
            entityRefs: ['component:default/checkout-service'],
          },
        }),
        expect.objectContaining({
          message: expect.objectContaining({ type: 'acknowledged' }),
        }),
      ]);
    });

    it('offers declare, get, list and note to AI agents through the actions registry', async () => {
      const registry = actionsRegistryServiceMock();
      await start([
        createServiceFactory({
          service: actionsRegistryServiceRef,
          deps: {},
          factory: () => registry,
        }),
      ]);
      const credentials = mockCredentials.user();
      const declared = await registry.invoke({
        id: 'test:declare-incident',
        input: {
          title: 'Agent saw errors',
          severity: 'SEV3',
          entityRef: 'component:default/checkout-service',
        },
        credentials,
      });
      expect(declared.output).toMatchObject({
        incident: { id: 'INC-1', title: 'Agent saw errors' },
      });
      await registry.invoke({
        id: 'test:add-incident-note',
        input: { id: 'INC-1', markdown: 'Error rate is 12%' },
        credentials,
      });
      const got = await registry.invoke({
        id: 'test:get-incident',
        input: { id: 'INC-1' },
        credentials,
      });
      expect((got.output as any).timeline.map((e: any) => e.type)).toEqual([
        'declared',
        'blast_radius',
        'note',
      ]);
      const listed = await registry.invoke({
        id: 'test:list-entity-incidents',
        input: {
          entityRef: 'component:default/checkout-service',
          openOnly: true,
        },
        credentials,
      });
      expect((listed.output as any).incidents).toHaveLength(1);
    });

    it('enforces a restrictive policy, lists included', async () => {
      const server = await start([commanderOnly]);
      // declared by the caller, who becomes its commander
      await declare(server).expect(201);
      await request(server)
        .post('/api/incidents/incidents/INC-1/acknowledge')
        .expect(200);
      // hand command to someone else: the caller may no longer change it
      await request(server)
        .post('/api/incidents/incidents/INC-1/roles')
        .send({ role: 'commander', userRef: 'user:default/sam' })
        .expect(200);
      const denied = await request(server)
        .post('/api/incidents/incidents/INC-1/transition')
        .send({ to: 'resolved' });
      expect(denied.status).toBe(403);
      const note = await request(server)
        .post('/api/incidents/incidents/INC-1/notes')
        .send({ markdown: 'hi' });
      expect(note.status).toBe(403);
      await request(server)
        .delete('/api/incidents/incidents/INC-1')
        .expect(403);
      // reading is still allowed
      await request(server).get('/api/incidents/incidents/INC-1').expect(200);
    });

    it("resolves the portal's batched checks against each incident, refusing unknown ids", async () => {
      const server = await start();
      // declared by the caller, who becomes its commander
      await declare(server).expect(201);
      const asCommander = (id: string, resourceRef: string) => ({
        id,
        resourceRef,
        resourceType: 'incident',
        conditions: {
          rule: 'IS_COMMANDER',
          resourceType: 'incident',
          params: { claims: [ME] },
        },
      });
      // what the permission backend sends for a batch of the portal's usePermission checks
      const res = await request(server)
        .post(
          '/api/incidents/.well-known/backstage/permissions/apply-conditions',
        )
        .set('Authorization', mockCredentials.service.header())
        .send({
          items: [
            asCommander('1', 'INC-1'),
            asCommander('2', 'INC-99'),
            asCommander('3', 'not-an-incident'),
          ],
        });
      expect(res.status).toBe(200);
      expect(res.body.items).toEqual([
        { id: '1', result: AuthorizeResult.ALLOW },
        { id: '2', result: AuthorizeResult.DENY },
        { id: '3', result: AuthorizeResult.DENY },
      ]);
    });

    it('filters lists in SQL by a conditional read decision', async () => {
      const ownersOnly = createServiceFactory({
        service: coreServices.permissions,
        deps: {},
        factory: () =>
          ({
            authorize: async (requests: any[]) =>
              requests.map(() => ({ result: AuthorizeResult.ALLOW })),
            authorizeConditional: async (requests: any[]) =>
              requests.map((r: any) =>
                r.permission.name === 'incident.read'
                  ? {
                      result: AuthorizeResult.CONDITIONAL,
                      pluginId: 'incidents',
                      resourceType: 'incident',
                      conditions: {
                        rule: 'IS_ENTITY_OWNER',
                        resourceType: 'incident',
                        params: { claims: ['group:default/web-team'] },
                      },
                    }
                  : { result: AuthorizeResult.ALLOW },
              ),
          } as any),
      });
      const server = await start([ownersOnly]);
      await declare(server).expect(201);
      await declare(server, {
        entityRef: 'component:default/storefront-web',
      }).expect(201);
      const list = await request(server).get('/api/incidents/incidents');
      expect(list.body.items.map((i: Incident) => i.id)).toEqual(['INC-2']);
      await request(server).get('/api/incidents/incidents/INC-1').expect(403);
    });

    it('rejects bad input with a 400 that says what to fix', async () => {
      const server = await start();
      const cases: Array<[object, RegExp]> = [
        [
          { entityRef: 'component:default/nope' },
          /Not in the catalog: component:default\/nope/,
        ],
        [
          { impactedEntityRefs: ['resource:default/ghost-db'] },
          /resource:default\/ghost-db/,
        ],
        [{ severity: 'SEV9' }, /severity/],
        [{ title: '' }, /title must not be empty/],
        [{ title: 'x'.repeat(201) }, /title/],
        [{ entityRef: 'no-kind' }, /entity ref/],
      ];
      for (const [body, message] of cases) {
        const res = await declare(server, body);
        expect(res.status).toBe(400);
        expect(res.body.error.message).toMatch(message);
      }
      await declare(server).expect(201);

      const badJson = await request(server)
        .post('/api/incidents/incidents')
        .set('content-type', 'application/json')
        .send('{"title": ');
      expect(badJson.status).toBe(400);

      const huge = await declare(server, { description: 'y'.repeat(600_000) });
      expect(huge.status).toBe(413);

      const badCursor = await request(server)
        .get('/api/incidents/incidents')
        .query({ cursor: 'not-a-cursor' });
      expect(badCursor.status).toBe(400);
      expect(badCursor.body.error.message).toMatch(/cursor/);

      for (const query of [
        { status: 'open,sideways' },
        { from: 'yesterday' },
        { limit: 0 },
      ]) {
        const res = await request(server)
          .get('/api/incidents/incidents')
          .query(query);
        expect(res.status).toBe(400);
      }
      await request(server).get('/api/incidents/incidents/INC-99').expect(404);
      await request(server).get('/api/incidents/incidents/42').expect(400);
      const patchNoVersion = await request(server)
        .patch('/api/incidents/incidents/INC-1')
        .send({ title: 'x' });
      expect(patchNoVersion.status).toBe(400);
      expect(patchNoVersion.body.error.message).toMatch(/version/);
      const badLink = await request(server)
        .patch('/api/incidents/incidents/INC-1')
        .send({
          version: 1,
          links: [{ title: 'x', url: ['javascript', 'alert(1)'].join(':') }],
        });
      expect(badLink.status).toBe(400);
      const mergeVerb = await request(server)
        .post('/api/incidents/incidents/INC-1/transition')
        .send({ to: 'merged' });
      expect(mergeVerb.status).toBe(400);
    });

    it('tells registered notifiers about a new incident, surviving a failing one', async () => {
      const declared: Incident[] = [];
      const notifier: IncidentNotifier = {
        name: 'test',
        onIncidentDeclared: async incident => {
          declared.push(incident);
        },
      };
      const failing: IncidentNotifier = {
        name: 'broken',
        onIncidentDeclared: async () => {
          throw new Error('chat is down');
        },
      };
      const server = await start([
        createBackendModule({
          pluginId: 'incidents',
          moduleId: 'test-notifier',
          register(env) {
            env.registerInit({
              deps: { notifiers: incidentsNotifierExtensionPoint },
              async init({ notifiers }) {
                notifiers.addNotifier(failing, notifier);
              },
            });
          },
        }),
      ]);
      await declare(server, { title: 'Notify me' }).expect(201);
      expect(declared.map(i => i.title)).toEqual(['Notify me']);
    });
  });

  it('describes every route it serves in its OpenAPI document', async () => {
    const knex = await databases.init('SQLITE_3');
    const { server } = await startTestBackend({
      features: [
        incidentsPlugin,
        mockServices.database.factory({ knex }),
        catalogServiceMock.factory({ entities }),
      ],
    });
    const served = await request(server).get('/api/incidents/openapi.json');
    expect(served.status).toBe(200);
    const document = loadOpenApiDocument() as {
      paths: Record<string, Record<string, unknown>>;
    };
    expect(served.body).toEqual(document);

    const router = createIncidentsRouter({} as any) as any;
    const routes: string[] = router.stack
      .filter((layer: any) => layer.route)
      .flatMap((layer: any) =>
        Object.keys(layer.route.methods).map(
          method => `${method} ${layer.route.path.replace(/:(\w+)/g, '{$1}')}`,
        ),
      );
    expect(routes.length).toBeGreaterThan(10);
    for (const route of routes) {
      const [method, path] = route.split(' ');
      expect(document.paths[path]?.[method]).toBeDefined();
    }
  });
});
