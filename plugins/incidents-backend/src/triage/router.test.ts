import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import request from 'supertest';
import { routesOf } from '../__testUtils__/backend';
import { createTestDatabases } from '../__testUtils__/databases';
import {
  createIntegration,
  startAlertsBackend,
} from '../alerts/__testUtils__/backend';
import { createTriageRouter } from './router';

jest.setTimeout(60_000);

const API = '/api/incidents';
const MINUTE = 60_000;

/** Reading is allowed; changing anything about an incident is not. */
const readOnly = createServiceFactory({
  service: coreServices.permissions,
  deps: {},
  factory: () =>
    ({
      authorize: async (requests: any[]) =>
        requests.map(() => ({ result: AuthorizeResult.ALLOW })),
      authorizeConditional: async (requests: any[]) =>
        requests.map((r: any) => ({
          result:
            r.permission.name === 'incident.read'
              ? AuthorizeResult.ALLOW
              : AuthorizeResult.DENY,
        })),
    } as any),
});

describe('triage routes', () => {
  const databases = createTestDatabases();

  it('are all described in the OpenAPI document', () => {
    const routes = routesOf(createTriageRouter({} as any));
    expect(routes).toHaveLength(4);
    expect(routes.filter(r => !r.documented)).toEqual([]);
  });

  describe.each(databases.eachSupportedId())('on %p', databaseId => {
    it('serve, refresh and judge an incident’s triage', async () => {
      const knex = await databases.init(databaseId);
      const server = await startAlertsBackend(knex);
      const { key } = await createIntegration(server, { type: 'pagerduty' });
      await request(server)
        .post(`${API}/v2/change/enqueue`)
        .send({
          routing_key: key,
          payload: {
            summary: 'Upgrade mysql to 8.4',
            timestamp: new Date(Date.now() - 4 * MINUTE).toISOString(),
            source: 'deployer',
            custom_details: { backstage_entity: 'component:default/mysql' },
          },
        })
        .expect(202);
      await request(server)
        .post(`${API}/incidents`)
        .send({
          title: 'Checkout fails',
          severity: 'SEV3',
          entityRef: 'component:default/checkout-service',
        })
        .expect(201);

      const triage = await request(server).get(`${API}/incidents/INC-1/triage`);
      expect(triage.status).toBe(200);
      expect(triage.body).toMatchObject({
        incidentId: 'INC-1',
        severity: { id: 'severity', current: 'SEV3' },
        verdicts: {},
      });
      expect(triage.body.causes[0]).toMatchObject({
        id: 'cause:component:default/mysql',
        entityRef: 'component:default/mysql',
        reasons: [
          {
            text: 'change "Upgrade mysql to 8.4" 4 minutes before the incident began',
            weight: 3.5,
          },
        ],
      });

      const judge = (body: object) =>
        request(server)
          .post(`${API}/incidents/INC-1/triage/feedback`)
          .send(body);
      await judge({
        suggestionId: 'cause:component:default/mysql',
        verdict: 'right',
      }).expect(200, {
        suggestionId: 'cause:component:default/mysql',
        verdict: 'right',
      });
      const bad = await judge({ suggestionId: 'severity', verdict: 'maybe' });
      expect(bad.status).toBe(400);
      expect(bad.body.error.message).toMatch(/verdict/);
      const unknown = await judge({
        suggestionId: 'cause:component:default/nope',
        verdict: 'wrong',
      });
      expect(unknown.status).toBe(400);
      expect(unknown.body.error.message).toMatch(
        /use an id from GET \/incidents\/:id\/triage/,
      );
      await judge({}).expect(400);

      const again = await request(server).get(`${API}/incidents/INC-1/triage`);
      expect(again.body.verdicts).toEqual({
        'cause:component:default/mysql': 'right',
      });
      const summary = await request(server)
        .get(`${API}/triage/feedback`)
        .expect(200);
      expect(summary.body.byKind.cause).toEqual({ right: 1, wrong: 0 });
      expect(summary.body.precision.cause).toBe(1);

      const refreshed = await request(server)
        .post(`${API}/incidents/INC-1/triage/refresh`)
        .expect(200);
      expect(refreshed.body.trigger).toBe('refresh');
      expect(refreshed.body.verdicts).toEqual({
        'cause:component:default/mysql': 'right',
      });

      await request(server).get(`${API}/incidents/INC-9/triage`).expect(404);
      const malformed = await request(server).get(
        `${API}/incidents/nine/triage`,
      );
      expect(malformed.status).toBe(400);
      expect(malformed.body.error.message).toMatch(/expected the form INC-42/);

      const restricted = await startAlertsBackend(knex, {
        features: [readOnly],
      });
      await request(restricted)
        .get(`${API}/incidents/INC-1/triage`)
        .expect(200);
      await request(restricted)
        .post(`${API}/incidents/INC-1/triage/refresh`)
        .expect(403);
      await request(restricted)
        .post(`${API}/incidents/INC-1/triage/feedback`)
        .send({ suggestionId: 'severity', verdict: 'right' })
        .expect(403);
    });
  });
});
