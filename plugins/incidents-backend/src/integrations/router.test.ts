import request from 'supertest';
import { denyPermissions } from '../__testUtils__/backend';
import { eachDatabase } from '../__testUtils__/databases';
import { fixture, startAlertsBackend } from '../alerts/__testUtils__/backend';

jest.setTimeout(60_000);

const API = '/api/incidents';

/** Everyone may read; nobody may create incidents (and so nobody may make keys). */
const readOnly = denyPermissions(p => p.name === 'incident.create');

describe('integration routes', () => {
  eachDatabase(({ init }) => {
    it('creates a key shown once, lists integrations without keys, and revokes', async () => {
      const server = await startAlertsBackend(await init());
      const created = await request(server).post(`${API}/integrations`).send({
        name: 'Checkout Prometheus',
        type: 'alertmanager',
        entityRef: 'component:default/checkout-service',
        groupRef: 'group:default/checkout-team',
      });
      expect(created.status).toBe(201);
      const { key, integration, snippets } = created.body;
      expect(key).toMatch(/^lk_[a-z0-9]{29}$/);
      expect(integration).toMatchObject({
        type: 'alertmanager',
        entityRef: 'component:default/checkout-service',
        groupRef: 'group:default/checkout-team',
        autoResolve: true,
        lastUsedAt: null,
        createdBy: 'user:default/mock',
      });
      expect(snippets.alertmanager).toContain(
        '/api/incidents/alerts/alertmanager',
      );
      expect(snippets.alertmanager).toContain(key);

      await request(server)
        .post(`${API}/alerts/alertmanager`)
        .set('Authorization', `Bearer ${key}`)
        .send(fixture('firing-capture.json'))
        .expect(200);
      const list = await request(server).get(`${API}/integrations`);
      expect(list.body.items).toHaveLength(1);
      expect(list.body.items[0].lastUsedAt).toEqual(expect.any(String));
      expect(JSON.stringify(list.body)).not.toContain(key.slice(7));

      await request(server)
        .delete(`${API}/integrations/${integration.id}`)
        .expect(204);
      expect(
        (await request(server).get(`${API}/integrations`)).body.items,
      ).toEqual([]);
    });

    it('refuses bad requests with 400 and callers without incident.create with 403', async () => {
      const knex = await init();
      const server = await startAlertsBackend(knex);
      for (const body of [
        { name: 'x', type: 'nagios' },
        { name: '', type: 'generic' },
        { name: 'x', type: 'generic', entityRef: 'component:default/ghost' },
        { name: 'x', type: 'generic', groupRef: 'component:default/mysql' },
        { name: 'x', type: 'generic', entityRef: 'no-kind' },
      ]) {
        const res = await request(server)
          .post(`${API}/integrations`)
          .send(body);
        expect([body, res.status]).toEqual([body, 400]);
      }
      const restricted = await startAlertsBackend(knex, {
        features: [readOnly],
      });
      await request(restricted)
        .post(`${API}/integrations`)
        .send({ name: 'x', type: 'generic' })
        .expect(403);
      await request(restricted)
        .delete(`${API}/integrations/anything`)
        .expect(403);
      await request(restricted).get(`${API}/integrations`).expect(200);
    });
  });
});
