import request from 'supertest';
import { describeStatusPageRoutes } from './__testUtils__/backend';
import { API, todayBar } from './__testUtils__/pageChecks';
import { declare } from '../__testUtils__/pluginBackend';

jest.setTimeout(120_000);

describeStatusPageRoutes(start => {
  it('maps annotated entities to components whose status follows live status, overridable', async () => {
    const server = await start();
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
    await declare(server, {
      title: 'DB down',
      severity: 'SEV1',
      entityRef: 'component:default/mysql',
    }).expect(201);
    let now = await byName();
    expect(now.Checkout.status).toBe('degraded_performance');
    expect(now.Website.status).toBe('operational');

    // on the entity itself, the severity decides
    await declare(server, {
      title: 'Storefront 500s',
      severity: 'SEV2',
      entityRef: 'component:default/storefront-web',
    }).expect(201);
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

  it('colours today by the status now, before anyone publishes, with nothing internal', async () => {
    const server = await start();
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
      const text = (await request(server).get(`${API}${doc}`).expect(200)).text;
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
    const server = await start();
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
      (await request(server).get(`${API}/status/api/v2/${p}`).expect(200)).body;
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
});
