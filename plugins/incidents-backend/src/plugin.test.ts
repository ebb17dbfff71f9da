import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { createBackendModule } from '@backstage/backend-plugin-api';
import { Incident } from '@lookout/plugin-incidents-common';
import {
  IncidentNotifier,
  incidentsNotifierExtensionPoint,
} from '@lookout/plugin-incidents-node';
import request from 'supertest';
import { createTestDatabases } from './__testUtils__/databases';
import { incidentsPlugin } from './plugin';

jest.setTimeout(60_000);

const component = (name: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name, namespace: 'default' },
  spec: { type: 'service', owner: 'group:default/checkout-team' },
});

const entities = [component('checkout-service'), component('storefront-web')];

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

    it('answers health without credentials', async () => {
      const server = await start([
        mockServices.httpAuth.factory({
          defaultCredentials: mockCredentials.none(),
        }),
      ]);
      await request(server)
        .get('/api/incidents/health')
        .expect(200, { status: 'ok' });
      // everything else needs a caller
      const res = await request(server).get('/api/incidents/incidents');
      expect(res.status).toBe(401);
    });

    it('declares an incident and lists it on both of its entities', async () => {
      const server = await start();
      const res = await request(server)
        .post('/api/incidents/incidents')
        .send({
          title: 'Checkout returns 500s',
          severity: 'SEV1',
          entityRef: 'Component:default/checkout-service',
          impactedEntityRefs: ['component:storefront-web'],
        });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        id: 'INC-1',
        title: 'Checkout returns 500s',
        severity: 'SEV1',
        status: 'triage',
        entityRef: 'component:default/checkout-service',
        impactedEntityRefs: ['component:default/storefront-web'],
        createdBy: mockCredentials.user().principal.userEntityRef,
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
        expect(list.status).toBe(200);
        expect(list.body).toEqual({ items: [res.body] });
      }

      await request(server)
        .get('/api/incidents/incidents/INC-1')
        .expect(200, res.body);
      const timeline = await request(server).get(
        '/api/incidents/incidents/INC-1/timeline',
      );
      expect(timeline.body.items).toEqual([
        expect.objectContaining({
          type: 'declared',
          actor: mockCredentials.user().principal.userEntityRef,
        }),
      ]);
    });

    it('pages through a list with nextCursor', async () => {
      const server = await start();
      for (let i = 0; i < 5; i++) {
        await request(server)
          .post('/api/incidents/incidents')
          .send({
            title: `t${i}`,
            severity: 'SEV3',
            entityRef: 'component:default/checkout-service',
          })
          .expect(201);
      }
      const first = await request(server)
        .get('/api/incidents/incidents')
        .query({ limit: 3 });
      expect(first.body.items).toHaveLength(3);
      const second = await request(server)
        .get('/api/incidents/incidents')
        .query({ limit: 3, cursor: first.body.nextCursor });
      expect(second.body.items.map((i: Incident) => i.title)).toEqual([
        't1',
        't0',
      ]);
      expect(second.body.nextCursor).toBeUndefined();
    });

    it('rejects bad input with a 400 that says what to fix', async () => {
      const server = await start();
      const cases: Array<[unknown, RegExp]> = [
        [
          { title: 'x', severity: 'SEV1', entityRef: 'component:default/nope' },
          /Not in the catalog: component:default\/nope/,
        ],
        [
          {
            title: 'x',
            severity: 'SEV1',
            entityRef: 'component:default/checkout-service',
            impactedEntityRefs: ['resource:default/ghost-db'],
          },
          /resource:default\/ghost-db/,
        ],
        [
          { title: 'x', severity: 'SEV9', entityRef: 'component:a' },
          /severity/,
        ],
        [
          { title: '', severity: 'SEV1', entityRef: 'component:a' },
          /title must not be empty/,
        ],
        [
          {
            title: 'x'.repeat(201),
            severity: 'SEV1',
            entityRef: 'component:a',
          },
          /title/,
        ],
        [{ title: 'x', severity: 'SEV1', entityRef: 'no-kind' }, /entity ref/],
      ];
      for (const [body, message] of cases) {
        const res = await request(server)
          .post('/api/incidents/incidents')
          .send(body as object);
        expect(res.status).toBe(400);
        expect(res.body.error.message).toMatch(message);
      }

      const badJson = await request(server)
        .post('/api/incidents/incidents')
        .set('content-type', 'application/json')
        .send('{"title": ');
      expect(badJson.status).toBe(400);

      const huge = await request(server)
        .post('/api/incidents/incidents')
        .send({ title: 'x', description: 'y'.repeat(600_000) });
      expect(huge.status).toBe(413);

      const badCursor = await request(server)
        .get('/api/incidents/incidents')
        .query({ cursor: 'not-a-cursor' });
      expect(badCursor.status).toBe(400);
      expect(badCursor.body.error.message).toMatch(/cursor/);

      const badStatus = await request(server)
        .get('/api/incidents/incidents')
        .query({ status: 'open,sideways' });
      expect(badStatus.status).toBe(400);

      await request(server).get('/api/incidents/incidents/INC-99').expect(404);
      await request(server).get('/api/incidents/incidents/42').expect(400);
    });

    it('tells registered notifiers about a new incident', async () => {
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
      await request(server)
        .post('/api/incidents/incidents')
        .send({
          title: 'Notify me',
          severity: 'SEV2',
          entityRef: 'component:default/checkout-service',
        })
        .expect(201);
      expect(declared.map(i => i.title)).toEqual(['Notify me']);
    });
  });
});
