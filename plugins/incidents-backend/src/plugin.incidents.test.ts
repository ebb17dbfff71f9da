import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { Incident } from '@lookout/plugin-incidents-common';
import request from 'supertest';
import {
  declare,
  ME,
  describeIncidentsBackend,
} from './__testUtils__/pluginBackend';

jest.setTimeout(60_000);

describeIncidentsBackend(start => {
  it('answers health without credentials and nothing else', async () => {
    const server = await start([
      mockServices.httpAuth.factory({
        defaultCredentials: mockCredentials.none(),
      }),
    ]);
    await request(server)
      .get('/api/incidents/health')
      .expect(200, { status: 'ok' });
    const res = await request(server).get('/api/incidents/incidents');
    expect(res.status).toBe(401);
  });

  it('declares an incident and lists it on both of its entities', async () => {
    const server = await start();
    const res = await declare(server, {
      severity: 'SEV1',
      entityRef: 'Component:default/checkout-service',
      impactedEntityRefs: ['component:storefront-web'],
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      id: 'INC-1',
      severity: 'SEV1',
      status: 'triage',
      entityRef: 'component:default/checkout-service',
      impactedEntityRefs: ['component:default/storefront-web'],
      ownerRef: 'group:default/checkout-team',
      roles: { commander: ME },
      createdBy: ME,
      acknowledgedAt: null,
      version: 1,
    });

    for (const ref of [
      'component:default/checkout-service',
      'component:default/storefront-web',
    ]) {
      const list = await request(server)
        .get('/api/incidents/incidents')
        .query({ entityRef: ref });
      expect(list.body).toEqual({ items: [res.body] });
    }
    await request(server)
      .get('/api/incidents/incidents/INC-1')
      .expect(200, res.body);
  });

  it('records the blast radius when declared and when the origin moves', async () => {
    const server = await start();
    await declare(server).expect(201);
    const url = '/api/incidents/incidents/INC-1';
    const radius = async () =>
      (await request(server).get(`${url}/timeline`)).body.items
        .filter((e: any) => e.type === 'blast_radius')
        .map((e: any) => e.data);
    expect(await radius()).toEqual([
      expect.objectContaining({
        entityRef: 'component:default/checkout-service',
        total: expect.any(Number),
        refs: expect.arrayContaining(['component:default/storefront-web']),
        owners: expect.arrayContaining(['group:default/web-team']),
      }),
    ]);

    const moved = await request(server)
      .patch(url)
      .send({ version: 1, entityRef: 'component:default/storefront-web' });
    expect(moved.body).toMatchObject({
      entityRef: 'component:default/storefront-web',
      ownerRef: 'group:default/web-team',
    });
    const after = await radius();
    expect(after).toHaveLength(2);
    expect(after[1].entityRef).toBe('component:default/storefront-web');
    const onOld = await request(server)
      .get('/api/incidents/incidents')
      .query({ entityRef: 'component:default/checkout-service' });
    expect(onOld.body.items).toEqual([]);
  });

  it('runs the status machine, naming the allowed moves on an illegal one', async () => {
    const server = await start();
    await declare(server).expect(201);
    const incidents = '/api/incidents/incidents/INC-1';

    const ack = await request(server).post(`${incidents}/acknowledge`);
    expect(ack.status).toBe(200);
    expect(ack.body.acknowledgedAt).toEqual(expect.any(String));
    expect(ack.body.status).toBe('triage');
    // acknowledging again is a no-op
    const again = await request(server).post(`${incidents}/acknowledge`);
    expect(again.body.version).toBe(ack.body.version);

    const investigating = await request(server)
      .post(`${incidents}/transition`)
      .send({ to: 'investigating', version: ack.body.version });
    expect(investigating.status).toBe(200);

    const illegal = await request(server)
      .post(`${incidents}/transition`)
      .send({ to: 'closed' });
    expect(illegal.status).toBe(409);
    expect(illegal.body.error.message).toBe(
      'INC-1 cannot move from investigating to closed; allowed: identified, monitoring, resolved, merged',
    );

    const stale = await request(server)
      .post(`${incidents}/transition`)
      .send({ to: 'resolved', version: ack.body.version });
    expect(stale.status).toBe(409);
    expect(stale.body.error.message).toMatch(/has changed since version/);

    const resolved = await request(server)
      .post(`${incidents}/transition`)
      .send({ to: 'resolved', note: 'rolled back' });
    expect(resolved.body).toMatchObject({
      status: 'resolved',
      resolvedAt: expect.any(String),
      mitigatedAt: expect.any(String),
    });

    const timeline = await request(server).get(`${incidents}/timeline`);
    expect(
      timeline.body.items.map((e: any) => [e.type, e.data.to ?? null]),
    ).toEqual([
      ['declared', null],
      ['blast_radius', null],
      ['acknowledged', null],
      ['status_changed', 'investigating'],
      ['status_changed', 'resolved'],
    ]);
    expect(timeline.body.items[4].data.note).toBe('rolled back');
  });

  it('updates with optimistic concurrency and never loses a concurrent write', async () => {
    const server = await start();
    await declare(server).expect(201);
    const url = '/api/incidents/incidents/INC-1';

    const updated = await request(server)
      .patch(url)
      .send({ version: 1, severity: 'SEV1', customerImpact: 'No checkouts' });
    expect(updated.body).toMatchObject({
      severity: 'SEV1',
      customerImpact: 'No checkouts',
      version: 2,
    });
    const stale = await request(server)
      .patch(url)
      .send({ version: 1, title: 'Lost update' });
    expect(stale.status).toBe(409);

    // ten notes and ten role changes at once: every one lands
    await Promise.all([
      ...Array.from({ length: 10 }, (_, i) =>
        request(server)
          .post(`${url}/notes`)
          .send({ markdown: `note ${i}` })
          .expect(201),
      ),
      ...Array.from({ length: 10 }, (_, i) =>
        request(server)
          .post(`${url}/roles`)
          .send({
            role: 'scribe',
            userRef: i % 2 ? 'user:default/sam' : 'user:default/mock',
          })
          .expect(200),
      ),
    ]);
    const timeline = await request(server).get(`${url}/timeline`);
    const types = timeline.body.items.map((e: any) => e.type);
    expect(types.filter((t: string) => t === 'note')).toHaveLength(10);
    expect(types.filter((t: string) => t === 'role_assigned')).toHaveLength(10);
    const final = await request(server).get(url);
    expect(final.body.version).toBe(12);
  });

  it('assigns roles to User entities only', async () => {
    const server = await start();
    await declare(server).expect(201);
    const url = '/api/incidents/incidents/INC-1/roles';
    const ok = await request(server)
      .post(url)
      .send({ role: 'communications', userRef: 'user:default/sam' });
    expect(ok.body.roles).toEqual({
      commander: ME,
      communications: 'user:default/sam',
    });
    const notUser = await request(server)
      .post(url)
      .send({ role: 'scribe', userRef: 'component:default/storefront-web' });
    expect(notUser.status).toBe(400);
    const unknown = await request(server)
      .post(url)
      .send({ role: 'scribe', userRef: 'user:default/nobody' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.message).toMatch(/user:default\/nobody/);
    const cleared = await request(server)
      .post(url)
      .send({ role: 'communications', userRef: null });
    expect(cleared.body.roles).toEqual({ commander: ME });
  });

  it('merges a duplicate into its primary and joins their timelines', async () => {
    const server = await start();
    await declare(server).expect(201);
    await declare(server, { title: 'Checkout errors (dup)' }).expect(201);
    const merged = await request(server)
      .post('/api/incidents/incidents/INC-2/merge')
      .send({ into: 'INC-1' });
    expect(merged.body).toMatchObject({
      status: 'merged',
      mergedInto: 'INC-1',
    });
    const timeline = await request(server).get(
      '/api/incidents/incidents/INC-1/timeline',
    );
    expect(
      timeline.body.items.map((e: any) => `${e.incidentId} ${e.type}`),
    ).toEqual([
      'INC-1 declared',
      'INC-1 blast_radius',
      'INC-2 declared',
      'INC-2 blast_radius',
      'INC-2 merged',
      'INC-1 merged',
    ]);
    const twice = await request(server)
      .post('/api/incidents/incidents/INC-2/merge')
      .send({ into: 'INC-1' });
    expect(twice.status).toBe(409);
    const self = await request(server)
      .post('/api/incidents/incidents/INC-1/merge')
      .send({ into: 'INC-1' });
    expect(self.status).toBe(400);
  });

  it('replays the first answer for a retried Idempotency-Key', async () => {
    const server = await start();
    const first = await declare(server).set('Idempotency-Key', 'abc-1');
    const retry = await declare(server).set('Idempotency-Key', 'abc-1');
    expect(first.status).toBe(201);
    expect(retry.status).toBe(201);
    expect(retry.body).toEqual(first.body);
    const list = await request(server).get('/api/incidents/incidents');
    expect(list.body.items).toHaveLength(1);

    const moves = await Promise.all(
      [1, 2, 3].map(() =>
        request(server)
          .post('/api/incidents/incidents/INC-1/transition')
          .set('Idempotency-Key', 'move-1')
          .send({ to: 'investigating' }),
      ),
    );
    // one acts; the others replay it or are told it is still in flight, never a second move
    expect(moves.filter(m => m.status === 200).length).toBeGreaterThan(0);
    for (const m of moves) expect([200, 409]).toContain(m.status);
    const timeline = await request(server).get(
      '/api/incidents/incidents/INC-1/timeline',
    );
    expect(
      timeline.body.items.filter((e: any) => e.type === 'status_changed'),
    ).toHaveLength(1);

    const reused = await request(server)
      .post('/api/incidents/incidents/INC-1/transition')
      .set('Idempotency-Key', 'abc-1')
      .send({ to: 'resolved' });
    expect(reused.status).toBe(400);
  });

  it('filters lists by owner, text and time, and reports MTTA and MTTR', async () => {
    const server = await start();
    await declare(server, { title: 'Payments slow' }).expect(201);
    await declare(server, {
      title: 'Web down',
      entityRef: 'component:default/storefront-web',
    }).expect(201);
    const ids = async (query: object) =>
      (
        await request(server).get('/api/incidents/incidents').query(query)
      ).body.items.map((i: Incident) => i.id);
    expect(await ids({ ownerRef: 'group:default/web-team' })).toEqual([
      'INC-2',
    ]);
    expect(await ids({ q: 'payments' })).toEqual(['INC-1']);
    expect(await ids({ from: '2000-01-01T00:00:00Z' })).toEqual([
      'INC-2',
      'INC-1',
    ]);
    expect(await ids({ to: '2000-01-01T00:00:00Z' })).toEqual([]);

    await request(server).post('/api/incidents/incidents/INC-1/acknowledge');
    await request(server)
      .post('/api/incidents/incidents/INC-1/transition')
      .send({ to: 'resolved' });
    const metrics = await request(server)
      .get('/api/incidents/metrics')
      .query({ entityRef: 'component:default/checkout-service' });
    expect(metrics.status).toBe(200);
    expect(metrics.body).toMatchObject({
      count: 1,
      mttaSeconds: expect.any(Number),
      mttrSeconds: expect.any(Number),
      bySeverity: {
        SEV2: { count: 1 },
        SEV1: { count: 0, mttaSeconds: null },
      },
    });
  });

  it('lists everything inside a system or a domain', async () => {
    const server = await start();
    await declare(server).expect(201);
    await declare(server, {
      entityRef: 'component:default/storefront-web',
    }).expect(201);
    for (const systemRef of [
      'system:default/checkout',
      'domain:default/commerce',
    ]) {
      const list = await request(server)
        .get('/api/incidents/incidents')
        .query({ systemRef });
      expect(list.body.items.map((i: Incident) => i.id)).toEqual(['INC-1']);
    }
  });
});
