import { Server } from 'node:http';
import { Knex } from 'knex';
import request from 'supertest';
import { denyPermissions } from '../__testUtils__/backend';
import {
  API,
  createKey,
  intercomNotification,
  postIntercom,
  postZendesk,
  eachSupportDatabase,
  startSupportBackend,
  zendeskTicketEvent,
} from './__testUtils__/supportBackend';
import { zendeskSignature } from './signatures';

jest.setTimeout(180_000);

describe('support routes', () => {
  eachSupportDatabase(({ init, helpdesks }) => {
    let knex: Knex;
    let server: Server;

    const start = async (
      options: Parameters<typeof startSupportBackend>[2] = {},
    ) => {
      knex = await init();
      server = await startSupportBackend(knex, helpdesks, options);
    };

    const reports = async (query = '') =>
      (await request(server).get(`${API}/support/reports${query}`)).body;

    const declare = async (body: object = {}) => {
      const res = await request(server)
        .post(`${API}/incidents`)
        .send({
          title: 'Payments failing: card authorisations time out',
          severity: 'SEV2',
          entityRef: 'component:default/checkout-service',
          ...body,
        });
      expect(res.status).toBe(201);
      return res.body;
    };

    it('keys: zendesk and intercom integrations come with a signing secret, freshdesk and support without', async () => {
      await start();
      const zendesk = await createKey(server, 'zendesk');
      const intercom = await createKey(server, 'intercom');
      const freshdesk = await createKey(server, 'freshdesk');
      const generic = await createKey(server, 'support');
      expect(zendesk.key).toMatch(/^lk_/);
      expect(zendesk.signingSecret).toBeTruthy();
      expect(intercom.signingSecret).toBeTruthy();
      expect(freshdesk.signingSecret).toBeUndefined();
      expect(generic.signingSecret).toBeUndefined();
    });

    it('zendesk: takes a signed ticket event once, and refuses wrong, stale and missing signatures, unknown keys and bad bodies', async () => {
      await start();
      const { key, signingSecret } = await createKey(server, 'zendesk');
      const secret = signingSecret!;
      const event = zendeskTicketEvent('35436');

      const first = await postZendesk(server, key, secret, event);
      expect(first.status).toBe(202);
      expect(first.body).toMatchObject({ accepted: true, duplicate: false });
      const again = await postZendesk(server, key, secret, event);
      expect(again.status).toBe(200);
      expect(again.body).toMatchObject({
        duplicate: true,
        reportId: first.body.reportId,
      });

      const wrong = await postZendesk(server, key, secret, event, {
        signature: zendeskSignature(
          'not the secret',
          new Date().toISOString(),
          Buffer.from('{}'),
        ),
      });
      expect(wrong.status).toBe(401);
      expect(wrong.body.error.message).toMatch(/does not match/);
      const stale = await postZendesk(
        server,
        key,
        secret,
        zendeskTicketEvent('1', {}, 'other'),
        {
          timestamp: new Date(Date.now() - 10 * 60_000).toISOString(),
        },
      );
      expect(stale.status).toBe(401);
      expect(stale.body.error.message).toMatch(/five minutes/);
      const missing = await request(server)
        .post(`${API}/support/intake/zendesk`)
        .set('Authorization', `Bearer ${key}`)
        .send(event);
      expect(missing.status).toBe(401);
      const unknown = await postZendesk(
        server,
        'lk_unknownunknownunknownunknown1',
        secret,
        event,
      );
      expect(unknown.status).toBe(401);
      const freshdeskKey = (await createKey(server, 'freshdesk')).key;
      const otherType = await postZendesk(server, freshdeskKey, secret, event);
      expect(otherType.status).toBe(401);
      expect(otherType.body.error.message).toMatch(/freshdesk integration/);

      const bad = await postZendesk(server, key, secret, {
        type: 'zen:event-type:ticket.created',
        id: 'x',
      });
      expect(bad.status).toBe(400);
      expect(bad.body.error.name).toBe('InputError');
      expect(bad.body.error.message).toMatch(/detail/);
      const notJson = await request(server)
        .post(`${API}/support/intake/zendesk`)
        .set('Authorization', `Bearer ${key}`)
        .set('Content-Type', 'application/json')
        .set('X-Zendesk-Webhook-Signature-Timestamp', new Date().toISOString())
        .send('{"ticket":');
      expect(notJson.status).toBe(401); // the signature is checked before the body is read

      expect((await reports()).items).toHaveLength(1);
    });

    it('50 parallel identical deliveries make one report', async () => {
      await start();
      const { key, signingSecret } = await createKey(server, 'zendesk');
      const event = zendeskTicketEvent('777');
      const answers = await Promise.all(
        Array.from({ length: 50 }, () =>
          postZendesk(server, key, signingSecret!, event),
        ),
      );
      expect(answers.map(a => a.status).sort()).toEqual([
        ...Array(49).fill(200),
        202,
      ]);
      expect(new Set(answers.map(a => a.body.reportId)).size).toBe(1);
      const { items } = await reports();
      expect(items).toHaveLength(1);
      expect(items[0]).toMatchObject({
        provider: 'zendesk',
        ticketId: '777',
        organization: '509974',
        entityRefs: ['component:default/checkout-service'],
        incidentId: null,
        suggestions: [],
      });
    });

    it('intercom: a signed conversation becomes a report, ping is acknowledged, a wrong signature is refused; freshdesk takes the key in the URL; generic takes JSON', async () => {
      await start();
      const intercom = await createKey(server, 'intercom');
      const ok = await postIntercom(
        server,
        intercom.key,
        intercom.signingSecret!,
        intercomNotification('5001'),
      );
      expect(ok.status).toBe(202);
      const ping = await postIntercom(
        server,
        intercom.key,
        intercom.signingSecret!,
        {
          type: 'notification_event',
          id: 'notif_ping',
          topic: 'ping',
          data: { item: { type: 'ping', message: 'hello' } },
        },
      );
      expect(ping.status).toBe(200);
      expect(ping.body.accepted).toBe(false);
      const wrong = await postIntercom(
        server,
        intercom.key,
        intercom.signingSecret!,
        intercomNotification('5002'),
        'sha1=0000',
      );
      expect(wrong.status).toBe(401);

      const freshdesk = await createKey(server, 'freshdesk');
      const fd = await request(server)
        .post(`${API}/support/intake/freshdesk?key=${freshdesk.key}`)
        .send({
          freshdesk_webhook: {
            ticket_id: 42,
            ticket_subject: 'Search returns nothing',
            ticket_description: 'Search is empty for every query',
            ticket_requester_email: 'cy@initech.test',
            ticket_company_name: 'Initech',
            ticket_tags: 'search, urgent',
          },
        });
      expect(fd.status).toBe(202);
      const fdBad = await request(server)
        .post(`${API}/support/intake/freshdesk?key=${freshdesk.key}`)
        .send({ freshdesk_webhook: { ticket_subject: 'no id' } });
      expect(fdBad.status).toBe(400);
      expect(fdBad.body.error.message).toMatch(/ticket_id/);

      const generic = await createKey(server, 'support');
      const gen = await request(server)
        .post(`${API}/support/intake/generic`)
        .set('Authorization', `Bearer ${generic.key}`)
        .send({
          ticketId: 'G-1',
          subject: 'Storefront is slow',
          organization: 'Umbrella',
          product: 'Storefront',
        });
      expect(gen.status).toBe(202);
      const genBad = await request(server)
        .post(`${API}/support/intake/generic`)
        .set('Authorization', `Bearer ${generic.key}`)
        .send({ ticketId: 'G-2' });
      expect(genBad.status).toBe(400);
      expect(genBad.body.error.message).toMatch(/subject/);

      const { items } = await reports();
      expect(
        items.map((r: any) => [
          r.provider,
          r.ticketId,
          r.organization,
          r.entityRefs,
        ]),
      ).toEqual([
        ['generic', 'G-1', 'Umbrella', ['component:default/storefront-web']],
        ['freshdesk', '42', 'Initech', ['component:default/search-api']],
        ['intercom', '5001', 'Globex', ['component:default/storefront-web']],
      ]);
    });

    it('suggests the open incident with reasons, links it itself above the confidence, and filters and pages the list', async () => {
      await start();
      const incident = await declare();
      const { key, signingSecret } = await createKey(server, 'zendesk');
      // names the product the incident's entity sells, with the incident's words: linked
      const sure = await postZendesk(
        server,
        key,
        signingSecret!,
        zendeskTicketEvent('1'),
      );
      expect(sure.body).toMatchObject({
        status: 'linked',
        incidentId: incident.id,
      });
      // names only a downstream entity, in other words: suggested, left for an agent
      const unsure = await postZendesk(
        server,
        key,
        signingSecret!,
        zendeskTicketEvent('2', {
          subject: 'Storefront broken',
          description: 'error page',
          organization_id: '77',
        }),
      );
      expect(unsure.body).toMatchObject({ status: 'open', incidentId: null });
      const report = (
        await request(server).get(
          `${API}/support/reports/${unsure.body.reportId}`,
        )
      ).body;
      expect(report.suggestions).toEqual([
        expect.objectContaining({
          incidentId: incident.id,
          reasons: expect.arrayContaining([
            expect.stringMatching(
              /downstream of component:default\/checkout-service/,
            ),
            expect.stringMatching(/declared \d+ min before the report/),
          ]),
        }),
      ]);
      expect(report.suggestions[0].confidence).toBeLessThan(0.8);

      const open = await reports('?status=open');
      expect(open.items.map((r: any) => r.ticketId)).toEqual(['2']);
      const linked = await reports(`?incidentId=${incident.id}`);
      expect(linked.items.map((r: any) => r.ticketId)).toEqual(['1']);
      const byEntity = await reports(
        '?entityRef=component:default/storefront-web',
      );
      expect(byEntity.items.map((r: any) => r.ticketId)).toEqual(['2']);
      const page1 = await reports('?limit=1');
      expect(page1.items).toHaveLength(1);
      const page2 = await reports(`?limit=1&cursor=${page1.nextCursor}`);
      expect(page2.items[0].id).not.toBe(page1.items[0].id);
      expect(page2.nextCursor).toBeUndefined();
      expect(
        (await request(server).get(`${API}/support/reports?cursor=junk`))
          .status,
      ).toBe(400);
      expect(
        (await request(server).get(`${API}/support/reports?status=nope`))
          .status,
      ).toBe(400);
    });

    it('an agent links and escalates; escalation declares an incident on the entity, owned by its team', async () => {
      await start();
      const { key, signingSecret } = await createKey(server, 'zendesk');
      const a = await postZendesk(
        server,
        key,
        signingSecret!,
        zendeskTicketEvent('10', {
          subject: 'Search down',
          description: 'search-api errors',
        }),
      );
      const b = await postZendesk(
        server,
        key,
        signingSecret!,
        zendeskTicketEvent('11', {
          subject: 'Search down too',
          description: 'same',
        }),
      );
      expect(a.body.status).toBe('open');

      const escalated = await request(server)
        .post(`${API}/support/reports/${a.body.reportId}/escalate`)
        .send({ severity: 'SEV2' });
      expect(escalated.status).toBe(201);
      expect(escalated.body.report).toMatchObject({
        status: 'escalated',
        incidentId: escalated.body.incident.id,
      });
      expect(escalated.body.incident).toMatchObject({
        entityRef: 'component:default/search-api',
        ownerRef: 'group:default/web-team',
        severity: 'SEV2',
        title: 'Search down',
      });
      const twice = await request(server)
        .post(`${API}/support/reports/${a.body.reportId}/escalate`)
        .send({});
      expect(twice.status).toBe(409);

      const link = await request(server)
        .post(`${API}/support/reports/${b.body.reportId}/link`)
        .send({ incidentId: escalated.body.incident.id.toLowerCase() });
      expect(link.status).toBe(200);
      expect(link.body).toMatchObject({
        status: 'linked',
        incidentId: escalated.body.incident.id,
        linkedBy: 'user:default/mock',
      });
      const missing = await request(server)
        .post(`${API}/support/reports/${b.body.reportId}/link`)
        .send({ incidentId: 'INC-999' });
      expect(missing.status).toBe(404);

      const impact = await request(server).get(
        `${API}/support/impact?incidentId=${escalated.body.incident.id}`,
      );
      expect(impact.body.items[0]).toMatchObject({
        incidentId: escalated.body.incident.id,
        reports: 2,
        customers: 1,
        organizations: ['509974'],
        coverage: { total: 2, told: 0, pending: 0, failed: [] },
      });
    });

    it('refuses link and escalation to callers without the support permission', async () => {
      await start({
        features: [denyPermissions(p => p.name === 'incident.support.agent')],
      });
      const { key, signingSecret } = await createKey(server, 'zendesk');
      const a = await postZendesk(
        server,
        key,
        signingSecret!,
        zendeskTicketEvent('10'),
      );
      const res = await request(server)
        .post(`${API}/support/reports/${a.body.reportId}/escalate`)
        .send({});
      expect(res.status).toBe(403);
      const link = await request(server)
        .post(`${API}/support/reports/${a.body.reportId}/link`)
        .send({ incidentId: 'INC-1' });
      expect(link.status).toBe(403);
    });

    it('answers 503, which helpdesks retry, when the database is down', async () => {
      await start();
      const { key, signingSecret } = await createKey(server, 'zendesk');
      await knex.destroy();
      const res = await postZendesk(
        server,
        key,
        signingSecret!,
        zendeskTicketEvent('9'),
      );
      expect(res.status).toBe(503);
    });
  });
});
