import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import request from 'supertest';
import {
  createIntegration,
  fixture,
  fixtureText,
  describeAlertRoutes,
  startAlertsBackend,
} from './__testUtils__/backend';
import { alertmanager, API } from './__testUtils__/requests';

jest.setTimeout(120_000);

describeAlertRoutes(start => {
  it('refuses what it cannot read with a 400 that says why, and unknown keys with 401', async () => {
    const { server } = await start();
    const { key, id } = await createIntegration(server);
    const post = () =>
      request(server)
        .post(`${API}/alerts/alertmanager`)
        .set('Authorization', `Bearer ${key}`);

    const text = await post()
      .set('Content-Type', 'text/plain')
      .send(fixtureText('firing-capture.json'));
    expect(text.status).toBe(400);
    expect(text.body.error.message).toMatch(
      /Content-Type must be application\/json/,
    );
    const form = await post().type('form').send({ status: 'firing' });
    expect(form.status).toBe(400);
    const broken = await post()
      .set('Content-Type', 'application/json')
      .send('{"status": "firing", ');
    expect(broken.status).toBe(400);
    expect(broken.body.error.message).toMatch(/not valid JSON/);
    const empty = await post().set('Content-Type', 'application/json');
    expect(empty.status).toBe(400);
    const missing = await post().send({ status: 'firing' });
    expect(missing.status).toBe(400);
    expect(missing.body.error.message).toMatch(/alerts/);
    const badTime = await post().send({
      ...fixture('firing-capture.json'),
      alerts: [{ labels: { a: 'b' }, startsAt: 'yesterday' }],
    });
    expect(badTime.status).toBe(400);
    expect(badTime.body.error.message).toMatch(/yesterday/);
    const huge = await post().send({
      ...fixture('firing-capture.json'),
      commonAnnotations: { blob: 'x'.repeat(600_000) },
    });
    expect(huge.status).toBe(413);

    await request(server)
      .post(`${API}/alerts/alertmanager`)
      .send(fixture('firing-capture.json'))
      .expect(401);
    await request(server)
      .post(`${API}/alerts/generic`)
      .set('Authorization', 'Bearer lk_notakey')
      .send({ summary: 's', dedupKey: 'd' })
      .expect(401);

    await request(server).delete(`${API}/integrations/${id}`).expect(204);
    await post().send(fixture('firing-capture.json')).expect(401);
    await request(server).delete(`${API}/integrations/${id}`).expect(404);
    expect((await request(server).get(`${API}/incidents`)).body.items).toEqual(
      [],
    );
  });

  it('stores text that PostgreSQL would refuse (NUL) or that overflows a column', async () => {
    const { server } = await start();
    const { key } = await createIntegration(server, {
      entityRef: 'component:default/checkout-service',
    });
    const group = fixture('firing-capture.json');
    group.groupKey = `{}:{alertname="a\u0000"}`;
    group.alerts = [
      {
        ...group.alerts[0],
        fingerprint: '\u0000abc',
        labels: { 'a\u0000': 'b\u0000', severity: 'critical\u0000' },
        annotations: { summary: `${'long '.repeat(1000)}\u0000` },
      },
    ];
    const res = await alertmanager(server, key, group);
    expect(res.status).toBe(200);
    const incident = await request(server).get(`${API}/incidents/INC-1`);
    expect(incident.body.title).toHaveLength(200);
    const [alert] = (await request(server).get(`${API}/incidents/INC-1/alerts`))
      .body.items;
    expect(alert.fingerprint).toBe('abc');
    expect(alert.summary).toHaveLength(1000);
    // labels are JSON text, where NUL is escaped: kept as sent
    expect(alert.labels).toMatchObject({
      'a\u0000': 'b\u0000',
      severity: 'critical\u0000',
    });

    await request(server)
      .post(`${API}/v2/enqueue`)
      .send({
        routing_key: key,
        event_action: 'trigger',
        dedup_key: 'disk\u0000full',
        payload: {
          summary: 'Disk \u0000 full',
          source: 'host\u0000',
          severity: 'error',
          custom_details: { note: '\u0000' },
        },
      })
      .expect(202);
    await request(server)
      .post(`${API}/v2/enqueue`)
      .send({
        routing_key: key,
        event_action: 'resolve',
        dedup_key: 'disk\u0000full',
      })
      .expect(202);
  });

  it('answers 503, which senders retry, when the database is down', async () => {
    const { knex, server } = await start();
    const { key } = await createIntegration(server);
    await knex.destroy();
    const res = await alertmanager(server, key, fixture('firing-capture.json'));
    expect(res.status).toBe(503);
    const pd = await request(server)
      .post(`${API}/v2/enqueue`)
      .send({ ...fixture('pagerduty-trigger.json'), routing_key: key });
    expect(pd.status).toBe(503);
  });

  it('opens only the sender routes to callers without Backstage credentials', async () => {
    const { knex, server } = await start();
    const { key } = await createIntegration(server);
    const anonymous = await startAlertsBackend(knex, {
      features: [
        mockServices.httpAuth.factory({
          defaultCredentials: mockCredentials.none(),
        }),
      ],
    });
    await alertmanager(anonymous, key, fixture('firing-capture.json')).expect(
      200,
    );
    await request(anonymous)
      .post(`${API}/v2/enqueue`)
      .send({ ...fixture('pagerduty-resolve.json'), routing_key: key })
      .expect(202);
    for (const path of [
      '/alert-inbox',
      '/alert-list?entityRef=component:default/network-probe',
      '/incidents/INC-1/alerts',
      '/integrations',
      '/changes',
      '/maintenance-windows',
    ]) {
      const res = await request(anonymous).get(`${API}${path}`);
      expect([path, res.status]).toEqual([path, 401]);
    }
  });
});
