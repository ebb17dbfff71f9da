import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import fs from 'node:fs';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import path from 'node:path';
import request from 'supertest';
import { denyPermissions, routesOf } from '../__testUtils__/backend';
import { createTestDatabases } from '../__testUtils__/databases';
import {
  createCommunicationsRouter,
  createPublicStatusRouter,
  JSON_DOCUMENTS,
} from './router';
import {
  startSmtpSink,
  startStatusPageBackend,
  waitFor,
} from './__testUtils__/backend';

jest.setTimeout(120_000);

const API = '/api/incidents';
const fixture = (name: string) =>
  JSON.parse(
    fs.readFileSync(path.resolve(__dirname, '__fixtures__', name), 'utf8'),
  );

/** Every key of the real document is in ours, with a value of the same JSON type (or null). */
function expectSameShape(ours: any, real: any, where = '$') {
  if (Array.isArray(real)) {
    expect(Array.isArray(ours)).toBe(true);
    if (real.length && ours.length)
      expectSameShape(ours[0], real[0], `${where}[0]`);
    return;
  }
  if (real && typeof real === 'object') {
    for (const key of Object.keys(real)) {
      if (!(key in ours)) throw new Error(`${where}.${key} is missing`);
      if (ours[key] === null || real[key] === null) continue;
      expectSameShape(ours[key], real[key], `${where}.${key}`);
    }
    return;
  }
  if (typeof ours !== typeof real) {
    throw new Error(
      `${where}: ${typeof ours} where the real API has ${typeof real}`,
    );
  }
}

/** Users may read incidents but hold no basic permission such as incident.statuspage.manage. */
const denyBasicPermissions = denyPermissions();

const HOSTILE = `<script>alert("x")</script><img src=x onerror=alert(1)> & ]]>`;

/** The last (today's) uptime bar of a component on the HTML page, and its list's label. */
function todayBar(html: string, componentId: string) {
  const card = html.split(
    `<section class="card" aria-labelledby="c-${componentId}">`,
  )[1];
  if (!card) throw new Error(`no card for ${componentId}`);
  const list =
    /<ul class="bars" role="img" aria-label="([^"]*)">(.*?)<\/ul>/.exec(card)!;
  const bars = [
    ...list[2].matchAll(/<li class="d-(\w+)" title="([^"]*)"><\/li>/g),
  ];
  const [, level, title] = bars[bars.length - 1];
  return { level, title, label: list[1], count: bars.length };
}

describe('status page routes', () => {
  const databases = createTestDatabases();

  describe.each(databases.eachSupportedId())('on %p', databaseId => {
    it('maps annotated entities to components whose status follows live status, overridable', async () => {
      const server = await startStatusPageBackend(
        await databases.init(databaseId),
      );
      const components = async () =>
        (
          await request(server)
            .get(`${API}/communications/components`)
            .expect(200)
        ).body.items as any[];
      const byName = async () =>
        Object.fromEntries((await components()).map(c => [c.name, c]));

      const initial = await byName();
      expect(Object.keys(initial).sort()).toEqual([
        'Checkout',
        'Search',
        'Website',
      ]);
      expect(initial.Checkout).toMatchObject({
        group: 'Shopping',
        status: 'operational',
        annotatedEntityRefs: ['component:default/checkout-service'],
        override: null,
      });

      // an incident on mysql reaches Checkout only through the blast radius
      await request(server)
        .post(`${API}/incidents`)
        .send({
          title: 'DB down',
          severity: 'SEV1',
          entityRef: 'component:default/mysql',
        })
        .expect(201);
      let now = await byName();
      expect(now.Checkout.status).toBe('degraded_performance');
      expect(now.Website.status).toBe('operational');

      // on the entity itself, the severity decides
      await request(server)
        .post(`${API}/incidents`)
        .send({
          title: 'Storefront 500s',
          severity: 'SEV2',
          entityRef: 'component:default/storefront-web',
        })
        .expect(201);
      now = await byName();
      expect(now.Website.status).toBe('partial_outage');

      // the communications lead overrides what live status says
      const patched = await request(server)
        .patch(`${API}/communications/components/${now.Search.id}`)
        .send({
          override: {
            status: 'major_outage',
            reason: 'Customers report errors',
          },
        })
        .expect(200);
      expect(patched.body).toMatchObject({
        status: 'major_outage',
        liveStatus: 'operational',
        override: { status: 'major_outage', reason: 'Customers report errors' },
      });
      const summary = (
        await request(server).get(`${API}/status/api/v2/summary.json`)
      ).body;
      const search = summary.components.find((c: any) => c.name === 'Search');
      expect(search.status).toBe('major_outage');
      expect(summary.status).toEqual({
        indicator: 'critical',
        description: 'Major System Outage',
      });
      const group = summary.components.find((c: any) => c.group);
      expect(group).toMatchObject({
        name: 'Shopping',
        status: 'major_outage',
        components: expect.arrayContaining([search.id]),
      });
      expect(search.group_id).toBe(group.id);

      // entities mapped by hand count as the annotated ones do
      const mapped = await request(server)
        .patch(`${API}/communications/components/${now.Website.id}`)
        .send({ entityRefs: ['Component:default/mysql'] })
        .expect(200);
      expect(mapped.body).toMatchObject({
        entityRefs: ['component:default/mysql'],
        liveStatus: 'major_outage',
        status: 'major_outage',
      });

      // unknown entities and bad bodies are 400s that say what to fix
      const bad = await request(server)
        .patch(`${API}/communications/components/${now.Search.id}`)
        .send({ entityRefs: ['component:default/nope'] });
      expect(bad.status).toBe(400);
      expect(bad.body.error.message).toContain('component:default/nope');
      const badStatus = await request(server)
        .patch(`${API}/communications/components/${now.Search.id}`)
        .send({ override: { status: 'on_fire' } });
      expect(badStatus.status).toBe(400);
      await request(server)
        .patch(`${API}/communications/components/nothere`)
        .send({ position: 1 })
        .expect(404);
    });

    it('publishes from an incident: draft, public documents, timeline, nothing internal', async () => {
      const server = await startStatusPageBackend(
        await databases.init(databaseId),
      );
      const incident = (
        await request(server)
          .post(`${API}/incidents`)
          .send({
            title: 'INTERNAL-ONLY primary db failover botched',
            severity: 'SEV2',
            entityRef: 'component:default/checkout-service',
            description: 'secret internal notes',
          })
          .expect(201)
      ).body;

      const draft = (
        await request(server)
          .get(`${API}/communications/draft`)
          .query({ incidentId: incident.id })
          .expect(200)
      ).body;
      const components = (
        await request(server).get(`${API}/communications/components`)
      ).body.items as any[];
      const checkout = components.find(c => c.name === 'Checkout');
      expect(draft).toMatchObject({
        incidentId: incident.id,
        publicIncidentId: null,
        status: 'investigating',
        impact: 'major',
        componentIds: [checkout.id],
        template: 'investigating',
      });
      expect(draft.name).not.toContain('INTERNAL');
      expect(draft.body).toContain('Checkout');
      const resolvedDraft = (
        await request(server)
          .get(`${API}/communications/draft`)
          .query({ incidentId: incident.id, status: 'resolved' })
          .expect(200)
      ).body;
      expect(resolvedDraft).toMatchObject({
        status: 'resolved',
        template: 'resolved',
      });
      expect(resolvedDraft.body).toBe(
        'The issue affecting Checkout has been resolved, and everything is operating normally.',
      );
      await request(server)
        .get(`${API}/communications/draft`)
        .query({ incidentId: incident.id, status: 'exploded' })
        .expect(400);

      const published = await request(server)
        .post(`${API}/communications/incidents`)
        .send({
          incidentId: incident.id,
          name: `Checkout errors ${HOSTILE}`,
          status: 'investigating',
          body: `We are looking into it. ${HOSTILE}`,
          componentIds: draft.componentIds,
        });
      expect(published.status).toBe(201);
      expect(published.body).toMatchObject({
        incidentId: incident.id,
        kind: 'incident',
        status: 'investigating',
        impact: 'major',
        updates: [{ status: 'investigating', createdBy: 'user:default/mock' }],
      });
      // publishing the same incident twice is a conflict that names the public one
      const twice = await request(server)
        .post(`${API}/communications/incidents`)
        .send({
          incidentId: incident.id,
          name: 'Again',
          status: 'investigating',
          body: 'x',
          componentIds: [],
        });
      expect(twice.status).toBe(409);
      expect(twice.body.error.message).toContain(published.body.id);

      const timeline = (
        await request(server).get(`${API}/incidents/${incident.id}/timeline`)
      ).body;
      const events = timeline.items ?? timeline;
      expect(events.map((e: any) => e.type)).toContain(
        'status_update_published',
      );

      await request(server)
        .post(`${API}/communications/incidents/${published.body.id}/updates`)
        .send({ status: 'identified', body: 'Found it: a bad deploy.' })
        .expect(201);
      const wrong = await request(server)
        .post(`${API}/communications/incidents/${published.body.id}/updates`)
        .send({ status: 'in_progress', body: 'x' });
      expect(wrong.status).toBe(400);

      const unresolved = (
        await request(server)
          .get(`${API}/status/api/v2/incidents/unresolved.json`)
          .expect(200)
      ).body;
      expect(unresolved.incidents).toHaveLength(1);
      const pub = unresolved.incidents[0];
      expect(pub).toMatchObject({
        id: published.body.id,
        status: 'identified',
        impact: 'major',
        page_id: 'acmetest',
      });
      // newest first, as Statuspage orders them
      expect(pub.incident_updates.map((u: any) => u.status)).toEqual([
        'identified',
        'investigating',
      ]);
      expect(pub.components.map((c: any) => c.name)).toEqual(['Checkout']);

      const real = fixture('summary-doc-example.json');
      const summary = (
        await request(server).get(`${API}/status/api/v2/summary.json`)
      ).body;
      expectSameShape(summary.page, real.page);
      expectSameShape(summary.status, real.status);
      expectSameShape(summary.components, real.components);
      expectSameShape(summary.incidents, real.incidents);
      expectSameShape(
        (await request(server).get(`${API}/status/api/v2/components.json`)).body
          .components,
        fixture('components-githubstatus.json').components,
      );
      expectSameShape(
        (await request(server).get(`${API}/status/api/v2/status.json`)).body,
        fixture('status-doc-example.json'),
      );

      // nothing internal on any public document: no internal title, notes, people or ids
      const documents = [
        '/status',
        '/status/feed.atom',
        '/status/feed.rss',
        '/status/api/v2/summary.json',
        '/status/api/v2/incidents.json',
        '/status/api/v2/components.json',
      ];
      for (const doc of documents) {
        const text = (await request(server).get(`${API}${doc}`).expect(200))
          .text;
        expect(text).not.toContain('INTERNAL-ONLY');
        expect(text).not.toContain('secret internal notes');
        expect(text).not.toContain('user:default/mock');
        expect(text).not.toContain(incident.id);
        expect(text).not.toContain('component:default/');
      }

      // update text cannot inject markup into the page or the feeds
      for (const doc of ['/status', '/status/feed.atom', '/status/feed.rss']) {
        const text = (await request(server).get(`${API}${doc}`)).text;
        expect(text).not.toContain('<script>');
        expect(text).not.toContain('<img');
        expect(text).toContain(
          '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;',
        );
      }
      const html = (await request(server).get(`${API}/status`)).text;
      expect(html).toContain('<html lang="en">');
      expect(html).toContain('name="viewport"');
      expect(html).not.toMatch(/<script/i);
      // 90 uptime bars per component, each labelled for screen readers by its list
      const bars = html.match(
        /<ul class="bars" role="img" aria-label="[^"]+">/g,
      )!;
      expect(bars).toHaveLength(3);
      expect(html.match(/<li class="d-/g)!.length).toBe(3 * 90);
      // today's Checkout bar is explained by the public incident's name, never the internal title
      expect(todayBar(html, checkout.id)).toMatchObject({
        level: 'major',
        title: expect.stringMatching(
          /^\d{4}-\d{2}-\d{2}: Partial outage — Checkout errors &lt;script&gt;/,
        ),
      });

      // resolving moves it out of unresolved and keeps it in incidents
      await request(server)
        .post(`${API}/communications/incidents/${published.body.id}/updates`)
        .send({ status: 'resolved', body: 'All good.' })
        .expect(201);
      expect(
        (
          await request(server).get(
            `${API}/status/api/v2/incidents/unresolved.json`,
          )
        ).body.incidents,
      ).toEqual([]);
      const all = (
        await request(server).get(`${API}/status/api/v2/incidents.json`)
      ).body;
      expect(all.incidents[0]).toMatchObject({
        status: 'resolved',
        resolved_at: expect.any(String),
      });
    });

    it('colours today by the status now, before anyone publishes, with nothing internal', async () => {
      const server = await startStatusPageBackend(
        await databases.init(databaseId),
      );
      const components = (
        await request(server).get(`${API}/communications/components`)
      ).body.items as any[];
      const id = (name: string) => components.find(c => c.name === name).id;
      const page = async () =>
        (await request(server).get(`${API}/status`).expect(200)).text;

      let html = await page();
      for (const name of ['Checkout', 'Website', 'Search']) {
        expect(todayBar(html, id(name))).toMatchObject({
          level: 'none',
          title: expect.stringMatching(/: No incidents$/),
        });
      }
      const componentsBefore = (
        await request(server).get(`${API}/status/api/v2/components.json`)
      ).body;

      // an internal incident on Website's entity, another reaching Checkout through mysql, and
      // an override on Search: nothing published
      const internal = [
        {
          title: 'INTERNAL-ONLY storefront pods crashlooping',
          severity: 'SEV2',
          entityRef: 'component:default/storefront-web',
        },
        {
          title: 'INTERNAL-ONLY mysql primary lost',
          severity: 'SEV1',
          entityRef: 'component:default/mysql',
        },
      ];
      const ids: string[] = [];
      for (const incident of internal) {
        ids.push(
          (
            await request(server)
              .post(`${API}/incidents`)
              .send(incident)
              .expect(201)
          ).body.id,
        );
      }
      await request(server)
        .patch(`${API}/communications/components/${id('Search')}`)
        .send({
          override: { status: 'major_outage', reason: 'INTERNAL-ONLY reason' },
        })
        .expect(200);

      html = await page();
      const website = todayBar(html, id('Website'));
      expect(website).toMatchObject({
        level: 'major',
        title: expect.stringMatching(/^\d{4}-\d{2}-\d{2}: Partial outage now$/),
        count: 90,
      });
      expect(website.label).toMatch(/; today: Partial outage now$/);
      expect(todayBar(html, id('Checkout'))).toMatchObject({
        level: 'minor',
        title: expect.stringMatching(/: Degraded performance now$/),
      });
      expect(todayBar(html, id('Search'))).toMatchObject({
        level: 'critical',
        title: expect.stringMatching(/: Major outage now$/),
      });
      expect(html).not.toMatch(/<script/i);

      // what explains the bar is the public name and status only
      for (const doc of [
        '/status',
        '/status/feed.atom',
        '/status/feed.rss',
        '/status/api/v2/summary.json',
        '/status/api/v2/components.json',
      ]) {
        const text = (await request(server).get(`${API}${doc}`).expect(200))
          .text;
        expect(text).not.toContain('INTERNAL-ONLY');
        expect(text).not.toContain('component:default/');
        for (const internalId of ids) expect(text).not.toContain(internalId);
      }

      // the JSON documents keep their shape: statuses change, no uptime fields appear
      const componentsAfter = (
        await request(server).get(`${API}/status/api/v2/components.json`)
      ).body;
      expect(
        componentsAfter.components.map((c: any) => Object.keys(c).sort()),
      ).toEqual(
        componentsBefore.components.map((c: any) => Object.keys(c).sort()),
      );
    });

    it('schedules maintenance: upcoming, then active with under_maintenance', async () => {
      const server = await startStatusPageBackend(
        await databases.init(databaseId),
      );
      const components = (
        await request(server).get(`${API}/communications/components`)
      ).body.items as any[];
      const website = components.find(c => c.name === 'Website');
      const t0 = Date.now();
      const at = (minutes: number) =>
        new Date(t0 + minutes * 60_000).toISOString();
      await request(server)
        .post(`${API}/communications/maintenances`)
        .send({
          name: 'Database upgrade',
          body: 'Short read-only period.',
          scheduledFor: at(60),
          scheduledUntil: at(120),
          componentIds: [website.id],
        })
        .expect(201);
      await request(server)
        .post(`${API}/communications/maintenances`)
        .send({
          name: 'Edge rollout',
          body: 'Rolling restarts.',
          scheduledFor: at(-10),
          scheduledUntil: at(50),
          componentIds: [website.id],
        })
        .expect(201);
      const bad = await request(server)
        .post(`${API}/communications/maintenances`)
        .send({
          name: 'Backwards',
          body: 'x',
          scheduledFor: at(50),
          scheduledUntil: at(10),
          componentIds: [],
        });
      expect(bad.status).toBe(400);
      expect(bad.body.error.message).toBe(
        'scheduledUntil must be after scheduledFor',
      );
      // an empty window is refused the same way
      const empty = await request(server)
        .post(`${API}/communications/maintenances`)
        .send({
          name: 'Empty',
          body: 'x',
          scheduledFor: at(50),
          scheduledUntil: at(50),
          componentIds: [],
        });
      expect(empty.status).toBe(400);
      expect(empty.body.error.message).toBe(
        'scheduledUntil must be after scheduledFor',
      );

      const get = async (p: string) =>
        (await request(server).get(`${API}/status/api/v2/${p}`).expect(200))
          .body;
      expect(
        (
          await get('scheduled-maintenances/upcoming.json')
        ).scheduled_maintenances.map((m: any) => m.name),
      ).toEqual(['Database upgrade']);
      const active = (await get('scheduled-maintenances/active.json'))
        .scheduled_maintenances;
      expect(active).toMatchObject([
        { name: 'Edge rollout', status: 'in_progress' },
      ]);
      expect(active[0].scheduled_for).toBe(at(-10));
      expect(active[0].scheduled_until).toBe(at(50));
      expect(
        (await get('scheduled-maintenances.json')).scheduled_maintenances,
      ).toHaveLength(2);
      const summary = await get('summary.json');
      expect(summary.scheduled_maintenances).toHaveLength(2);
      expect(
        summary.components.find((c: any) => c.name === 'Website').status,
      ).toBe('under_maintenance');
      expect(summary.status.indicator).toBe('maintenance');
    });

    it('opens only /status to unauthenticated callers', async () => {
      const server = await startStatusPageBackend(
        await databases.init(databaseId),
        {
          features: [
            mockServices.httpAuth.factory({
              defaultCredentials: mockCredentials.none(),
            }),
          ],
        },
      );
      await request(server).get(`${API}/status`).expect(200);
      await request(server)
        .get(`${API}/status/api/v2/summary.json`)
        .expect(200);
      await request(server).get(`${API}/status/feed.rss`).expect(200);
      await request(server).get(`${API}/communications/components`).expect(401);
      await request(server)
        .post(`${API}/communications/incidents`)
        .send({
          name: 'x',
          status: 'investigating',
          body: 'x',
          componentIds: [],
        })
        .expect(401);
      await request(server)
        .get(`${API}/status/api/v2/nothing.json`)
        .expect(404);
      // each document carries an ETag; a client that has it gets 304
      const first = await request(server)
        .get(`${API}/status/api/v2/summary.json`)
        .expect(200);
      expect(first.headers.etag).toBeDefined();
      await request(server)
        .get(`${API}/status/api/v2/summary.json`)
        .set('If-None-Match', first.headers.etag)
        .expect(304);
    });

    it('needs incident.statuspage.manage to publish', async () => {
      const server = await startStatusPageBackend(
        await databases.init(databaseId),
        {
          features: [denyBasicPermissions],
        },
      );
      const res = await request(server)
        .post(`${API}/communications/incidents`)
        .send({
          name: 'x',
          status: 'investigating',
          body: 'x',
          componentIds: [],
        });
      expect(res.status).toBe(403);
      // the public page still works
      await request(server).get(`${API}/status/api/v2/status.json`).expect(200);
    });
  });

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
        await request(server)
          .post(`${API}/communications/incidents`)
          .send({
            name: 'Checkout errors',
            status: 'investigating',
            body: 'Looking into failed payments.',
            componentIds: [checkout.id],
          })
          .expect(201)
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

  it('documents every route in openapi.yaml', () => {
    const options = { statusPage: { settings: {} } } as any;
    const routes = routesOf(
      createPublicStatusRouter(options),
      createCommunicationsRouter(options),
      // the Statuspage-compatible documents, which the public router serves under one route
      {
        stack: Object.keys(JSON_DOCUMENTS).map(doc => ({
          route: { path: `/status/api/v2/${doc}`, methods: { get: true } },
        })),
      },
    );
    expect(routes.length).toBeGreaterThan(25);
    for (const { method, path: routePath, documented } of routes) {
      expect([method, routePath, documented]).toEqual([
        method,
        routePath,
        true,
      ]);
      // nothing but the public page may start with /status
      expect(
        routePath.startsWith('/status') ||
          routePath.startsWith('/communications'),
      ).toBe(true);
    }
  });
});
