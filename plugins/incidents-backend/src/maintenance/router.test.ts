import request from 'supertest';
import { denyPermissions } from '../__testUtils__/backend';
import { eachDatabase } from '../__testUtils__/databases';
import { startAlertsBackend } from '../alerts/__testUtils__/backend';

jest.setTimeout(60_000);

const API = '/api/incidents';
const HOUR = 3_600_000;
const iso = (offset: number) => new Date(Date.now() + offset).toISOString();

const noCreate = denyPermissions();

describe('maintenance window routes', () => {
  eachDatabase(({ init }) => {
    it('creates, lists current and coming windows, and deletes them', async () => {
      const server = await startAlertsBackend(await init());
      const create = (body: object) =>
        request(server)
          .post(`${API}/maintenance-windows`)
          .send({
            entityRef: 'Component:default/MySQL',
            startsAt: iso(-HOUR),
            endsAt: iso(HOUR),
            reason: 'Minor version upgrade',
            ...body,
          });
      const now = await create({});
      expect(now.status).toBe(201);
      expect(now.body).toMatchObject({
        id: expect.any(String),
        entityRef: 'component:default/mysql',
        reason: 'Minor version upgrade',
        createdBy: 'user:default/mock',
      });
      const coming = await create({
        startsAt: iso(2 * HOUR),
        endsAt: iso(3 * HOUR),
      });
      await create({
        entityRef: 'component:default/checkout-service',
        startsAt: iso(HOUR),
        endsAt: iso(2 * HOUR),
      }).expect(201);

      const ids = async (query: object) =>
        (
          await request(server).get(`${API}/maintenance-windows`).query(query)
        ).body.items.map((w: any) => w.id);
      expect(await ids({ entityRef: 'component:default/mysql' })).toEqual([
        now.body.id,
        coming.body.id,
      ]);
      expect(await ids({ active: 'true' })).toEqual([now.body.id]);
      expect(await ids({})).toHaveLength(3);

      await request(server)
        .delete(`${API}/maintenance-windows/${now.body.id}`)
        .expect(204);
      await request(server)
        .delete(`${API}/maintenance-windows/${now.body.id}`)
        .expect(404);
      expect(await ids({ active: 'true' })).toEqual([]);
    });

    it('refuses windows that make no sense, and callers without incident.create', async () => {
      const knex = await init();
      const server = await startAlertsBackend(knex);
      const cases: Array<[object, RegExp]> = [
        [{ endsAt: iso(-2 * HOUR) }, /after startsAt/],
        [{ startsAt: iso(-3 * HOUR), endsAt: iso(-2 * HOUR) }, /in the past/],
        [{ entityRef: 'component:default/ghost' }, /Not in the catalog/],
        [{ reason: '' }, /reason/],
        [{ startsAt: 'tomorrow' }, /startsAt/],
      ];
      for (const [body, message] of cases) {
        const res = await request(server)
          .post(`${API}/maintenance-windows`)
          .send({
            entityRef: 'component:default/mysql',
            startsAt: iso(-HOUR),
            endsAt: iso(HOUR),
            reason: 'r',
            ...body,
          });
        expect(res.status).toBe(400);
        expect(res.body.error.message).toMatch(message);
      }
      const restricted = await startAlertsBackend(knex, {
        features: [noCreate],
      });
      await request(restricted)
        .post(`${API}/maintenance-windows`)
        .send({
          entityRef: 'component:default/mysql',
          startsAt: iso(0),
          endsAt: iso(HOUR),
          reason: 'r',
        })
        .expect(403);
    });
  });
});
