import { createHmac } from 'node:crypto';
import request from 'supertest';
import {
  createIntegration,
  fixture,
  fixtureText,
  describeAlertRoutes,
} from './__testUtils__/backend';
import { API } from './__testUtils__/requests';

jest.setTimeout(120_000);

describeAlertRoutes(start => {
  it('checks Grafana signatures when the integration has a secret', async () => {
    const { server } = await start();
    const created = await createIntegration(server, {
      name: 'Grafana',
      type: 'grafana',
      signed: true,
    });
    const secret = created.body.signingSecret;
    expect(secret).toEqual(expect.any(String));
    expect(created.body.snippets.grafana).toContain(secret);
    const body = fixtureText('grafana-doc-example.json');
    const post = (headers: Record<string, string>) =>
      request(server)
        .post(`${API}/alerts/grafana`)
        .set('Authorization', `Bearer ${created.key}`)
        .set('Content-Type', 'application/json')
        .set(headers)
        .send(body);
    const sign = (text: string) =>
      createHmac('sha256', secret).update(text).digest('hex');

    await post({}).expect(401);
    await post({ 'X-Grafana-Alerting-Signature': sign(`${body} `) }).expect(
      401,
    );
    const stamp = String(Math.floor(Date.now() / 1000));
    await post({
      'X-Grafana-Alerting-Signature': sign(`${stamp}:${body}`),
      'X-Grafana-Alerting-Timestamp': String(Number(stamp) - 3600),
    }).expect(401);

    const signed = await post({
      'X-Grafana-Alerting-Signature': sign(`${stamp}:${body}`),
      'X-Grafana-Alerting-Timestamp': stamp,
    });
    expect(signed.status).toBe(200);
    expect(signed.body).toMatchObject({ received: 2, incidents: ['INC-1'] });
    const alerts = await request(server).get(`${API}/incidents/INC-1/alerts`);
    expect(alerts.body.items.map((a: any) => a.fingerprint).sort()).toEqual([
      'bc97ff14869b13e3',
      'c6eadffa33fcdf37',
    ]);
    const memory = alerts.body.items.find(
      (a: any) => a.fingerprint === 'c6eadffa33fcdf37',
    );
    expect(memory).toMatchObject({
      entityRef: 'component:default/storefront-web',
      source: 'grafana',
      details: { values: { B: 44.23943737541908, C: 1 }, orgId: 1 },
    });
    expect(memory.links.map((l: any) => l.title)).toEqual([
      'Source',
      'Runbook',
      'Silence',
    ]);
    // without a timestamp header, the signature is over the body alone
    await post({ 'X-Grafana-Alerting-Signature': sign(body) }).expect(200);

    // an integration without a secret ignores signatures
    const plain = await createIntegration(server, { type: 'grafana' });
    await request(server)
      .post(`${API}/alerts/grafana`)
      .set('Authorization', `Bearer ${plain.key}`)
      .set('Content-Type', 'application/json')
      .send(body)
      .expect(200);
  });

  it('takes our own generic format, routed by the entity it names', async () => {
    const { server } = await start();
    const { key } = await createIntegration(server, { type: 'generic' });
    const send = (body: object) =>
      request(server)
        .post(`${API}/alerts/generic`)
        .set('Authorization', `Bearer ${key}`)
        .send(body);
    const firing = await send({
      summary: 'Checkout error rate above 5%',
      dedupKey: 'checkout-errors',
      severity: 'critical',
      source: 'synthetics',
      entityRef: 'component:default/checkout-service',
      links: [{ title: 'Dashboard', url: 'https://grafana.example.com/d/1' }],
    });
    expect(firing.body.incidents).toEqual(['INC-1']);
    const incident = await request(server).get(`${API}/incidents/INC-1`);
    expect(incident.body).toMatchObject({
      severity: 'SEV1',
      entityRef: 'component:default/checkout-service',
      ownerRef: 'group:default/checkout-team',
      links: [{ title: 'Dashboard', url: 'https://grafana.example.com/d/1' }],
    });
    await send({
      summary: 'Checkout error rate above 5%',
      dedupKey: 'checkout-errors',
      status: 'resolved',
    }).expect(200);
    expect(
      (await request(server).get(`${API}/incidents/INC-1`)).body.status,
    ).toBe('resolved');

    const invalid = await send({ dedupKey: 'x' });
    expect(invalid.status).toBe(400);
    expect(invalid.body.error.message).toMatch(/summary/);
    const badLink = await send({
      summary: 's',
      dedupKey: 'y',
      links: [{ url: ['javascript', 'alert(1)'].join(':') }],
    });
    expect(badLink.status).toBe(400);
  });

  it('speaks the PagerDuty Events API v2: trigger, acknowledge, resolve', async () => {
    const { server } = await start({ rateLimitPerMinute: 0 });
    const { key } = await createIntegration(server, { type: 'pagerduty' });
    const enqueue = (body: object) =>
      request(server).post(`${API}/v2/enqueue`).send(body);
    const expected202 = fixture('pagerduty-response-202.json');

    const trigger = await enqueue({
      ...fixture('pagerduty-trigger.json'),
      routing_key: key,
    });
    expect(trigger.status).toBe(202);
    expect(Object.keys(trigger.body).sort()).toEqual(
      Object.keys(expected202).sort(),
    );
    expect(trigger.body).toEqual({
      status: 'success',
      message: 'Event processed',
      dedup_key: 'srv01/mysql',
    });
    const incident = await request(server).get(`${API}/incidents/INC-1`);
    expect(incident.body).toMatchObject({
      title: 'DISK at 99% on machine prod-datapipe03.example.com',
      severity: 'SEV1',
      // payload.component: mysql
      entityRef: 'component:default/mysql',
      acknowledgedAt: null,
    });
    const [alert] = (await request(server).get(`${API}/incidents/INC-1/alerts`))
      .body.items;
    expect(alert).toMatchObject({
      fingerprint: 'srv01/mysql',
      source: 'prod-datapipe03.example.com',
      startsAt: '2015-07-17T08:42:58.315Z',
      annotations: { 'free space': '1%', 'load avg': '0.75' },
    });
    expect(alert.links.map((l: any) => l.url)).toEqual([
      'http://pagerduty.example.com',
      'https://monitoring.service.com',
    ]);

    const ack = await enqueue({
      ...fixture('pagerduty-acknowledge.json'),
      routing_key: key,
      dedup_key: 'srv01/mysql',
    });
    expect(ack.status).toBe(202);
    const acked = await request(server).get(`${API}/incidents/INC-1`);
    expect(acked.body.acknowledgedAt).toEqual(expect.any(String));
    expect(acked.body.status).toBe('triage');

    await enqueue({
      ...fixture('pagerduty-resolve.json'),
      routing_key: key,
      dedup_key: 'srv01/mysql',
    }).expect(202);
    expect(
      (await request(server).get(`${API}/incidents/INC-1`)).body.status,
    ).toBe('resolved');

    // acknowledge or resolve for a key never triggered: accepted and ignored
    for (const name of [
      'pagerduty-acknowledge.json',
      'pagerduty-resolve.json',
    ]) {
      const unknown = await enqueue({ ...fixture(name), routing_key: key });
      expect(unknown.status).toBe(202);
      expect(unknown.body.dedup_key).toBe('dedupkeyhere');
    }
    expect(
      (await request(server).get(`${API}/alert-inbox`)).body.items,
    ).toEqual([]);

    // a trigger without a dedup key gets one, and the 202 hands it back
    const { dedup_key: _given, ...keyless } = fixture('pagerduty-trigger.json');
    const generated = await enqueue({ ...keyless, routing_key: key });
    expect(generated.body.dedup_key).toMatch(/^[0-9a-f]{32}$/);
    // ... which then addresses that alert
    await enqueue({
      routing_key: key,
      event_action: 'resolve',
      dedup_key: generated.body.dedup_key,
    }).expect(202);
    const alerts = await request(server)
      .get(`${API}/alert-list`)
      .query({ entityRef: 'component:default/mysql', status: 'firing' });
    expect(alerts.body.items).toEqual([]);
  });

  it("answers invalid events in PagerDuty's own error shape", async () => {
    const { server } = await start();
    const { key } = await createIntegration(server, { type: 'pagerduty' });
    const shape = Object.keys(fixture('pagerduty-response-400.json')).sort();
    const cases: Array<[string | object, RegExp]> = [
      [{ routing_key: key, event_action: 'trigger' }, /payload/],
      [{ routing_key: key, event_action: 'explode' }, /event_action/],
      [{ routing_key: key, event_action: 'resolve' }, /dedup_key/],
      [
        {
          ...fixture('pagerduty-trigger.json'),
          routing_key: key,
          payload: { summary: 'x', source: 'y', severity: 'apocalyptic' },
        },
        /severity/,
      ],
      [{ ...fixture('pagerduty-trigger.json') }, /routing_key/],
      [{ event_action: 'trigger' }, /routing_key/],
      ['{"routing_key": ', /JSON/],
    ];
    for (const [body, message] of cases) {
      const res = await request(server)
        .post(`${API}/v2/enqueue`)
        .set('Content-Type', 'application/json')
        .send(typeof body === 'string' ? body : JSON.stringify(body));
      expect(res.status).toBe(400);
      expect(Object.keys(res.body).sort()).toEqual(shape);
      expect(res.body.status).toBe('invalid event');
      expect(res.body.errors.join(' ')).toMatch(message);
    }
    const text = await request(server)
      .post(`${API}/v2/enqueue`)
      .set('Content-Type', 'text/plain')
      .send(
        JSON.stringify({
          ...fixture('pagerduty-trigger.json'),
          routing_key: key,
        }),
      );
    expect(text.status).toBe(400);
    expect(text.body.errors[0]).toMatch(/Content-Type/);
    const huge = await request(server)
      .post(`${API}/v2/enqueue`)
      .send({
        ...fixture('pagerduty-trigger.json'),
        routing_key: key,
        payload: {
          ...fixture('pagerduty-trigger.json').payload,
          custom_details: { blob: 'x'.repeat(600_000) },
        },
      });
    expect(huge.status).toBe(413);
    expect(huge.body.status).toBe('invalid event');
  });

  it('limits each routing key to its events per minute, with Retry-After', async () => {
    const { server } = await start({ rateLimitPerMinute: 3 });
    const { key } = await createIntegration(server, { type: 'pagerduty' });
    const other = await createIntegration(server, { type: 'pagerduty' });
    const trigger = (routingKey: string, n: number) =>
      request(server)
        .post(`${API}/v2/enqueue`)
        .send({
          ...fixture('pagerduty-trigger.json'),
          routing_key: routingKey,
          dedup_key: `disk-${n}`,
        });
    for (let n = 0; n < 3; n++) await trigger(key, n).expect(202);
    const limited = await trigger(key, 3);
    expect(limited.status).toBe(429);
    const retryAfter = Number(limited.header['retry-after']);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(limited.body).toMatchObject({ status: 'throttle event' });
    // the limit is per key
    await trigger(other.key, 0).expect(202);
    // and nothing of the refused event was recorded
    const alerts = await request(server)
      .get(`${API}/alert-list`)
      .query({ entityRef: 'component:default/mysql' });
    expect(alerts.body.items.map((a: any) => a.fingerprint).sort()).toEqual([
      'disk-0',
      'disk-0',
      'disk-1',
      'disk-2',
    ]);
  });
});
