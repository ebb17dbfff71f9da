import { createServiceFactory } from '@backstage/backend-plugin-api';
import {
  NotificationSendOptions,
  notificationService,
} from '@backstage/plugin-notifications-node';
import { createHmac } from 'node:crypto';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import request from 'supertest';
import { eachDatabase } from '../__testUtils__/databases';
import { startAlertsBackend } from '../alerts/__testUtils__/backend';

jest.setTimeout(60_000);

const API = '/api/incidents';

/** Polls until `check` answers something, for work the backend's queue does in the background. */
async function eventually<T>(check: () => Promise<T | undefined>): Promise<T> {
  for (let i = 0; i < 200; i++) {
    const value = await check();
    if (value !== undefined) return value;
    await new Promise(resolve => setTimeout(resolve, 100));
  }
  throw new Error('gave up waiting');
}

/** A webhook receiver that checks every delivery's signature the way a receiver should. */
async function startReceiver(secret: string) {
  const received: Array<{ verified: boolean; body: any; headers: any }> = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', c => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const expected = `sha256=${createHmac('sha256', secret)
        .update(raw)
        .digest('hex')}`;
      const verified = req.headers['x-lookout-signature'] === expected;
      received.push({ verified, body: JSON.parse(raw), headers: req.headers });
      res.statusCode = verified ? 204 : 401;
      res.end();
    });
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  return { server, url, received };
}

describe('escalation routes', () => {
  eachDatabase(({ init }) => {
    it('pages through notifications and a signed webhook, and acknowledges by link', async () => {
      const notifications: NotificationSendOptions[] = [];
      const server = await startAlertsBackend(await init(), {
        features: [
          createServiceFactory({
            service: notificationService,
            deps: {},
            factory: () => ({
              send: async (options: NotificationSendOptions) => {
                notifications.push(options);
              },
            }),
          }),
        ],
      });
      const secret = 'a-webhook-secret-of-some-length';
      const receiver = await startReceiver(secret);
      try {
        await request(server)
          .post(`${API}/oncall/policies`)
          .send({
            name: 'Checkout',
            ownerRef: 'group:default/checkout-team',
            repeat: 0,
            levels: [
              {
                delayMinutes: 0,
                targets: [{ type: 'user', userRef: 'user:default/mock' }],
              },
              {
                delayMinutes: 30,
                targets: [{ type: 'user', userRef: 'user:default/mock' }],
              },
            ],
          })
          .expect(201);

        const hook = await request(server)
          .post(`${API}/paging-webhooks`)
          .send({ name: 'pager-bridge', url: receiver.url, secret });
        expect(hook.status).toBe(201);
        expect(hook.body).toMatchObject({ name: 'pager-bridge', secret });
        const listed = await request(server).get(`${API}/paging-webhooks`);
        expect(listed.body.items).toEqual([
          expect.not.objectContaining({ secret: expect.anything() }),
        ]);

        const declared = await request(server).post(`${API}/incidents`).send({
          title: 'Checkout is down',
          severity: 'SEV1',
          entityRef: 'component:default/checkout-service',
        });
        expect(declared.status).toBe(201);
        const id = declared.body.id;

        const delivery = await eventually(async () => receiver.received[0]);
        expect(delivery.verified).toBe(true);
        expect(delivery.body).toMatchObject({
          type: 'page',
          page: {
            incidentId: id,
            level: 1,
            round: 1,
            userRef: 'user:default/mock',
          },
          incident: { id, severity: 'SEV1', title: 'Checkout is down' },
          acknowledgeUrl: expect.stringMatching(
            /^http:\/\/localhost:\d+\/api\/incidents\/ack-links\//,
          ),
        });
        expect(notifications[0]).toMatchObject({
          recipients: { type: 'entity', entityRef: 'user:default/mock' },
          payload: {
            title: `[SEV1] ${id}: Checkout is down`,
            severity: 'critical',
          },
        });

        const pages = await eventually(async () => {
          const res = await request(server).get(`${API}/incidents/${id}/pages`);
          return res.body.items[0]?.status === 'sent' ? res.body : undefined;
        });
        expect(pages.escalation).toMatchObject({
          state: 'active',
          level: 1,
          policyName: 'Checkout',
        });
        expect(pages.items[0].channels).toEqual([
          'notifications',
          'webhook:pager-bridge',
        ]);
        const mine = await request(server).get(`${API}/pages?status=sent`);
        expect(mine.body.items).toEqual([
          expect.objectContaining({
            incidentId: id,
            incidentTitle: 'Checkout is down',
          }),
        ]);

        // a link scanner's GET shows a form and acknowledges nothing
        const link = new URL(delivery.body.acknowledgeUrl).pathname;
        const form = await request(server).get(link);
        expect(form.status).toBe(200);
        expect(form.text).toContain('<form method="post"');
        expect(
          (await request(server).get(`${API}/incidents/${id}`)).body
            .acknowledgedAt,
        ).toBeNull();
        const tampered = link.replace(/.$/, c => (c === 'A' ? 'B' : 'A'));
        expect((await request(server).post(tampered)).status).toBe(403);

        const acked = await request(server).post(link);
        expect(acked.status).toBe(303);
        expect(acked.headers.location).toBe(
          `http://localhost:3000/incidents/${id}`,
        );
        const after = await request(server).get(`${API}/incidents/${id}/pages`);
        expect(after.body.escalation.state).toBe('acknowledged');
        expect(after.body.items[0].status).toBe('acknowledged');

        // a responder asks the next level in by hand, and reassigns
        const escalated = await request(server).post(
          `${API}/incidents/${id}/escalate`,
        );
        expect(escalated.status).toBe(200);
        expect(escalated.body.escalation.level).toBe(2);
        const reassigned = await request(server)
          .post(`${API}/incidents/${id}/reassign`)
          .send({ userRef: 'user:default/mock' });
        expect(reassigned.status).toBe(200);
        expect(reassigned.body).toMatchObject({ level: 0, round: 0 });

        // a client retrying a reassignment with its Idempotency-Key pages nobody again;
        // a new request to page the same person does
        const pagesOfMock = async () =>
          (
            await request(server).get(`${API}/incidents/${id}/pages`)
          ).body.items.filter(
            (page: { userRef: string }) => page.userRef === 'user:default/mock',
          ).length;
        const before = await pagesOfMock();
        const retry = () =>
          request(server)
            .post(`${API}/incidents/${id}/reassign`)
            .set('Idempotency-Key', 'reassign-mock-1')
            .send({ userRef: 'user:default/mock' });
        const first = await retry();
        const again = await retry();
        expect(again.status).toBe(first.status);
        expect(again.body).toEqual(first.body);
        expect(await pagesOfMock()).toBe(before + 1);
      } finally {
        receiver.server.close();
      }
    });

    it('says whether the engine is behind: the oldest due step that has not fired', async () => {
      const knex = await init();
      const server = await startAlertsBackend(knex);
      const quiet = await request(server).get(`${API}/escalation/engine`);
      expect(quiet.status).toBe(200);
      expect(quiet.body).toMatchObject({
        behind: false,
        lagMs: 0,
        dueSteps: 0,
        lateAfterMs: 2000,
      });

      // a step due ten seconds ago that another replica holds and has not fired yet
      const now = Date.parse(quiet.body.checkedAt);
      await knex('work_items').insert({
        kind: 'escalation.step',
        key: 'esc:1:0:1:1',
        payload: JSON.stringify({ seq: 1, epoch: 0, level: 1, round: 1 }),
        status: 'pending',
        due_at: now - 10_000,
        attempts: 1,
        lease_owner: 'a-busy-replica',
        lease_expires_at: now + 60_000,
        created_at: now - 20_000,
      });
      const behind = await request(server).get(`${API}/escalation/engine`);
      expect(behind.body).toMatchObject({ behind: true, dueSteps: 1 });
      expect(behind.body.lagMs).toBeGreaterThanOrEqual(10_000);
    });

    it('answers bad input with 4xx that says what to fix', async () => {
      const server = await startAlertsBackend(await init());
      const bad = [
        await request(server)
          .post(`${API}/paging-webhooks`)
          .send({ name: 'x', url: 'ftp://x' }),
        await request(server)
          .post(`${API}/paging-webhooks`)
          .send({ url: 'https://x.test' }),
        await request(server).post(`${API}/paging-webhooks`).send({
          name: 'x',
          url: 'https://x.test',
          groupRef: 'user:default/mock',
        }),
        await request(server).post(`${API}/incidents/INC-1/reassign`).send({}),
        await request(server).post(`${API}/incidents/nope/escalate`),
        await request(server).get(`${API}/pages?status=lost`),
        await request(server).get(`${API}/pages?limit=0`),
        await request(server).get(`${API}/ack-links/garbage`),
        await request(server).post(`${API}/ack-links/abc.def`),
        await request(server).post(`${API}/pages/unknown/acknowledge`),
        await request(server).get(`${API}/incidents/INC-99/pages`),
        await request(server).delete(`${API}/paging-webhooks/unknown`),
      ];
      expect(bad.map(r => r.status)).toEqual([
        400, 400, 400, 400, 400, 400, 400, 400, 403, 404, 404, 404,
      ]);
      for (const res of bad) {
        expect(res.body.error.message).toEqual(expect.any(String));
      }
    });
  });
});
