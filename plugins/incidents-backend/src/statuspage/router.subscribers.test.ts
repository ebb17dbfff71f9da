import http from 'node:http';
import { AddressInfo } from 'node:net';
import request from 'supertest';
import { createTestDatabases } from '../__testUtils__/databases';
import { startSmtpSink, startStatusPageBackend } from './__testUtils__/backend';
import { waitFor } from '../__testUtils__/waitFor';
import { API, publish } from './__testUtils__/pageChecks';

jest.setTimeout(120_000);

describe('status page routes', () => {
  const databases = createTestDatabases();

  it('subscribes by email with double opt-in, delivers updates once each, and counts coverage', async () => {
    const smtp = await startSmtpSink();
    const hooks: any[] = [];
    const hookServer = http.createServer((req, res) => {
      let body = '';
      req.on('data', c => {
        body += c;
      });
      req.on('end', () => {
        hooks.push(JSON.parse(body));
        res.writeHead(204).end();
      });
    });
    await new Promise<void>(r => hookServer.listen(0, '127.0.0.1', r));
    const hookUrl = `http://127.0.0.1:${
      (hookServer.address() as AddressInfo).port
    }/hook`;
    try {
      const server = await startStatusPageBackend(
        await databases.init('SQLITE_3'),
        {
          statusPage: {
            smtp: {
              host: '127.0.0.1',
              port: smtp.port,
              from: 'status@acme.test',
              ignoreTls: true,
            },
            subscribeRateLimitPerHour: 6,
          },
        },
      );
      const components = (
        await request(server).get(`${API}/communications/components`)
      ).body.items as any[];
      const checkout = components.find(c => c.name === 'Checkout');
      const website = components.find(c => c.name === 'Website');

      // a form post from the no-JavaScript page, and a JSON one: the same answer either way
      const first = await request(server)
        .post(`${API}/status/subscribe`)
        .type('form')
        .send({ email: 'Ann@Example.com' });
      expect(first.status).toBe(202);
      expect(first.text).toContain('If this address can receive our email');
      const json1 = await request(server)
        .post(`${API}/status/subscribe`)
        .send({ email: 'bob@example.com', componentIds: [website.id] });
      expect(json1.status).toBe(202);

      const mail = await waitFor('the confirmation', async () =>
        smtp.messages.find(m => m.to === 'ann@example.com'),
      );
      const confirmToken = /confirm\?token=([A-Za-z0-9_-]+)/.exec(mail.raw)![1];
      await request(server)
        .get(`${API}/status/confirm`)
        .query({ token: confirmToken })
        .expect(200);
      await request(server)
        .get(`${API}/status/confirm`)
        .query({ token: confirmToken })
        .expect(404);

      // the confirmed address gets the very same answer as a new one: nothing is revealed
      const again = await request(server)
        .post(`${API}/status/subscribe`)
        .send({ email: 'ann@example.com' });
      expect(again.status).toBe(202);
      expect(again.body).toEqual(json1.body);
      const bad = await request(server)
        .post(`${API}/status/subscribe`)
        .send({ email: 'nope' });
      expect(bad.status).toBe(400);

      await request(server)
        .post(`${API}/communications/subscribers`)
        .send({
          kind: 'webhook',
          address: hookUrl,
          componentIds: [checkout.id],
        })
        .expect(201);
      const counts = (
        await request(server).get(`${API}/communications/subscribers`)
      ).body;
      expect(counts).toMatchObject({
        email: { confirmed: 1, pending: 1 },
        webhook: 1,
        wholePage: 1,
      });

      const published = (
        await publish(server, {
          name: 'Checkout errors',
          status: 'investigating',
          body: 'Looking into failed payments.',
          componentIds: [checkout.id],
        }).expect(201)
      ).body;

      // ann (whole page) and the webhook (Checkout) are the audience; bob is unconfirmed
      const coverage = await waitFor('both deliveries', async () => {
        const res = await request(server).get(
          `${API}/communications/incidents/${published.id}/coverage`,
        );
        const [c] = res.body.items;
        return c.delivered === 2 ? c : undefined;
      });
      expect(coverage).toMatchObject({
        total: 2,
        delivered: 2,
        failed: 0,
        share: 1,
      });

      const update = await waitFor('the update email', async () =>
        smtp.messages.find(
          m => m.to === 'ann@example.com' && m.raw.includes('Checkout errors'),
        ),
      );
      expect(update.raw).toContain('Looking into failed payments.');
      expect(update.raw).toMatch(
        /List-Unsubscribe:\s*<[^>]+unsubscribe\?token=/,
      );
      expect(
        smtp.messages.filter(
          m => m.to === 'bob@example.com' && m.raw.includes('Checkout errors'),
        ),
      ).toEqual([]);
      expect(hooks).toHaveLength(1);
      expect(hooks[0]).toMatchObject({
        page: { id: 'acmetest' },
        incident: {
          id: published.id,
          name: 'Checkout errors',
          status: 'investigating',
        },
        meta: {
          unsubscribe: expect.stringContaining('/status/unsubscribe?token='),
        },
      });

      // the unsubscribe link asks first (GET), then removes (POST)
      const unsubscribeUrl = /unsubscribe\?token=([A-Za-z0-9_-]+)/.exec(
        update.raw,
      )![1];
      const ask = await request(server)
        .get(`${API}/status/unsubscribe`)
        .query({ token: unsubscribeUrl })
        .expect(200);
      expect(ask.text).toContain('<form method="post"');
      await request(server)
        .post(`${API}/status/unsubscribe`)
        .query({ token: unsubscribeUrl })
        .expect(200);
      expect(
        (await request(server).get(`${API}/communications/subscribers`)).body
          .email,
      ).toEqual({ confirmed: 0, pending: 1 });

      // the sign-up route is limited per client; the limit answers 429 for any address
      let status = 202;
      for (let i = 0; i < 10 && status !== 429; i++) {
        status = (
          await request(server)
            .post(`${API}/status/subscribe`)
            .send({ email: `someone${i}@example.com` })
        ).status;
      }
      expect(status).toBe(429);
    } finally {
      await smtp.close();
      await new Promise(r => hookServer.close(r));
    }
  });
});
