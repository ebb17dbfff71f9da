import request from 'supertest';
import {
  denyPermissions,
  routesOf,
  startIncidentsBackend,
} from '../__testUtils__/backend';
import { createTestDatabases } from '../__testUtils__/databases';
import { FakePagerDuty } from './__testUtils__/FakePagerDuty';
import { importEntities } from './__testUtils__/harness';
import { pagerDutyState } from './__testUtils__/pagerDutyScenario';
import { createImportRouter } from './router';

jest.setTimeout(120_000);

const API = '/api/incidents';

describe('import routes', () => {
  const databases = createTestDatabases();
  let fake: FakePagerDuty;
  let apiUrl: string;

  beforeEach(async () => {
    fake = new FakePagerDuty(pagerDutyState(), 'configured-token');
    apiUrl = await fake.start();
  });
  afterEach(() => fake.stop());

  it('are all described in the OpenAPI document', () => {
    const routes = routesOf(createImportRouter({} as any));
    expect(routes).toHaveLength(2);
    expect(routes.filter(r => !r.documented)).toEqual([]);
  });

  describe.each(databases.eachSupportedId())('on %p', databaseId => {
    it('plans and applies with the configured token, which never appears in an answer', async () => {
      const server = await startIncidentsBackend(
        await databases.init(databaseId),
        {
          entities: importEntities,
          config: {
            incidents: {
              import: { pagerduty: { token: 'configured-token', apiUrl } },
            },
          },
        },
      );
      const plan = await request(server)
        .post(`${API}/import/pagerduty/plan`)
        .send({});
      expect(plan.status).toBe(200);
      expect(plan.body).toMatchObject({
        vendor: 'pagerduty',
        mode: 'plan',
        apiUrl,
      });
      expect(JSON.stringify(plan.body)).not.toContain('configured-token');
      const schedules = await request(server).get(`${API}/oncall/schedules`);
      expect(schedules.body.items).toEqual([]);

      const applied = await request(server)
        .post(`${API}/import/pagerduty/apply`)
        .send({});
      expect(applied.status).toBe(200);
      // 4 schedules and 3 policies; the overrides fall after the 8 weeks from today
      expect(applied.body.summary).toMatchObject({ imported: 7 });
      const after = await request(server).get(`${API}/oncall/schedules`);
      expect(after.body.items).toHaveLength(4);

      const wrong = await request(server)
        .post(`${API}/import/pagerduty/apply`)
        .send({ token: 'pasted-wrong' });
      expect(wrong.status).toBe(400);
      expect(wrong.body.error.message).toContain(
        'PagerDuty refused the API token',
      );

      const unknown = await request(server)
        .post(`${API}/import/victorops/plan`)
        .send({});
      expect(unknown.status).toBe(404);
    });

    it('needs incident.oncall.manage', async () => {
      const server = await startIncidentsBackend(
        await databases.init(databaseId),
        {
          entities: importEntities,
          features: [denyPermissions(p => p.name === 'incident.oncall.manage')],
        },
      );
      const plan = await request(server)
        .post(`${API}/import/pagerduty/plan`)
        .send({ apiUrl, token: 'configured-token' });
      expect(plan.status).toBe(403);
      expect(fake.server.log).toEqual([]);
    });
  });
});
