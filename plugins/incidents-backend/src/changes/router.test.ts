import request from 'supertest';
import { eachDatabase } from '../__testUtils__/databases';
import {
  createIntegration,
  startAlertsBackend,
} from '../alerts/__testUtils__/backend';
import { declare } from '../__testUtils__/pluginBackend';

jest.setTimeout(60_000);

const API = '/api/incidents';
const HOUR = 3_600_000;

/** PagerDuty's own change event example, timed and routed for the test. */
function buildEvent(routingKey: string, at: Date, entity?: string) {
  return {
    routing_key: routingKey,
    payload: {
      summary: 'Build Success: Increase snapshot create timeout to 30 seconds',
      timestamp: at.toISOString(),
      source: 'prod-build-agent-i-0b148d1040d565540',
      custom_details: {
        build_state: 'passed',
        build_number: '220',
        ...(entity ? { backstage_entity: entity } : {}),
      },
    },
    links: [
      {
        href: 'https://buildpipeline.com/pagerduty/deployment/builds/220',
        text: 'View in Build Pipeline',
      },
    ],
  };
}

describe('change routes', () => {
  eachDatabase(({ init }) => {
    it('keeps change events per entity, once per retried delivery', async () => {
      const server = await startAlertsBackend(await init());
      const { key } = await createIntegration(server, { type: 'pagerduty' });
      const enqueue = (body: object) =>
        request(server).post(`${API}/v2/change/enqueue`).send(body);
      const at = new Date(Date.now() - HOUR);

      const res = await enqueue(buildEvent(key, at, 'component:default/mysql'));
      expect(res.status).toBe(202);
      expect(res.body).toEqual({
        status: 'success',
        message: 'Change event processed',
      });
      // a retry of the same event
      await enqueue(buildEvent(key, at, 'component:default/mysql')).expect(202);
      // a change without a time cannot be told from a retry: both are kept
      const untimed = buildEvent(key, at, 'component:default/mysql') as any;
      delete untimed.payload.timestamp;
      await enqueue(untimed).expect(202);
      await enqueue(untimed).expect(202);
      // one that names no entity is kept too
      await enqueue(buildEvent(key, at)).expect(202);

      const mysql = await request(server)
        .get(`${API}/changes`)
        .query({ entityRef: 'component:default/mysql' });
      expect(mysql.body.items).toHaveLength(3);
      expect(mysql.body.items[2]).toMatchObject({
        entityRef: 'component:default/mysql',
        at: at.toISOString(),
        source: 'prod-build-agent-i-0b148d1040d565540',
        links: [
          {
            title: 'View in Build Pipeline',
            url: 'https://buildpipeline.com/pagerduty/deployment/builds/220',
          },
        ],
        details: { custom_details: { build_number: '220' } },
      });
      const all = await request(server).get(`${API}/changes`);
      expect(all.body.items).toHaveLength(4);
      const future = await request(server)
        .get(`${API}/changes`)
        .query({ since: new Date(Date.now() + HOUR).toISOString() });
      expect(future.body.items).toEqual([]);
      await request(server)
        .get(`${API}/changes`)
        .query({ since: 'yesterday' })
        .expect(400);
    });

    it('shows an incident the changes on its origin and upstream, from a day before it', async () => {
      const server = await startAlertsBackend(await init());
      const { key } = await createIntegration(server, {
        type: 'pagerduty',
        entityRef: 'component:default/checkout-service',
      });
      const other = await createIntegration(server, { type: 'pagerduty' });
      const enqueue = (body: object) =>
        request(server).post(`${API}/v2/change/enqueue`).send(body).expect(202);
      await enqueue(buildEvent(key, new Date(Date.now() - HOUR)));
      await enqueue(
        buildEvent(
          other.key,
          new Date(Date.now() - 2 * HOUR),
          'component:default/mysql',
        ),
      );
      // too old, and on an entity that is not upstream
      await enqueue(
        buildEvent(
          other.key,
          new Date(Date.now() - 48 * HOUR),
          'component:default/mysql',
        ),
      );
      await enqueue(
        buildEvent(
          other.key,
          new Date(Date.now() - HOUR),
          'component:default/storefront-web',
        ),
      );

      await declare(server, {
        title: 'Checkout fails',
        severity: 'SEV2',
        entityRef: 'component:default/checkout-service',
      }).expect(201);
      const changes = await request(server).get(
        `${API}/incidents/INC-1/changes`,
      );
      expect(changes.status).toBe(200);
      expect(changes.body.entityRefs).toEqual([
        'component:default/checkout-service',
        'component:default/mysql',
      ]);
      expect(
        changes.body.items.map((c: any) => [c.entityRef, c.distance]),
      ).toEqual([
        ['component:default/checkout-service', 0],
        ['component:default/mysql', 1],
      ]);
      await request(server).get(`${API}/incidents/INC-9/changes`).expect(404);
    });

    it("answers invalid change events in PagerDuty's error shape", async () => {
      const server = await startAlertsBackend(await init());
      const { key } = await createIntegration(server, { type: 'pagerduty' });
      for (const body of [
        { routing_key: key },
        { routing_key: key, payload: { summary: '' } },
        { ...buildEvent('lk_unknown', new Date()) },
      ]) {
        const res = await request(server)
          .post(`${API}/v2/change/enqueue`)
          .send(body);
        expect(res.status).toBe(400);
        expect(res.body).toMatchObject({
          status: 'invalid event',
          errors: [expect.any(String)],
        });
      }
    });
  });
});
