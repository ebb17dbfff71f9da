import request from 'supertest';
import { describeStatusPageRoutes } from './__testUtils__/backend';
import {
  API,
  expectSameShape,
  fixture,
  HOSTILE,
  publish,
  todayBar,
} from './__testUtils__/pageChecks';
import { declare } from '../__testUtils__/pluginBackend';

jest.setTimeout(120_000);

describeStatusPageRoutes(start => {
  it('publishes from an incident: draft, public documents, timeline, nothing internal', async () => {
    const server = await start();
    const incident = (
      await declare(server, {
        title: 'INTERNAL-ONLY primary db failover botched',
        severity: 'SEV2',
        entityRef: 'component:default/checkout-service',
        description: 'secret internal notes',
      }).expect(201)
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

    const published = await publish(server, {
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
    const twice = await publish(server, {
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
    expect(events.map((e: any) => e.type)).toContain('status_update_published');

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
      const text = (await request(server).get(`${API}${doc}`).expect(200)).text;
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
});
