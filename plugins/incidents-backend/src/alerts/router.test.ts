import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { createHmac } from 'node:crypto';
import request from 'supertest';
import { createTestDatabases } from '../__testUtils__/databases';
import { createChangesRouter } from '../changes/router';
import { createIntegrationsRouter } from '../integrations/router';
import { createMaintenanceRouter } from '../maintenance/router';
import { loadOpenApiDocument } from '../router';
import {
  createIntegration,
  fixture,
  fixtureText,
  startAlertsBackend,
} from './__testUtils__/backend';
import { createAlertsRouter } from './router';

jest.setTimeout(120_000);

const API = '/api/incidents';

/** firing-capture.json as Alertmanager sends it once every alert of the group has resolved. */
function resolvedCapture(endsAt = '2019-09-27T16:40:00Z') {
  const group = fixture('firing-capture.json');
  group.status = 'resolved';
  for (const alert of group.alerts) {
    alert.status = 'resolved';
    alert.endsAt = endsAt;
  }
  return group;
}

/** The same group firing again: a new firing began after the last one ended. */
function refiredCapture(startsAt: string) {
  const group = fixture('firing-capture.json');
  for (const alert of group.alerts) alert.startsAt = startsAt;
  return group;
}

describe('alert routes', () => {
  const databases = createTestDatabases();

  describe.each(databases.eachSupportedId())('on %p', databaseId => {
    async function start(alerts?: object) {
      const knex = await databases.init(databaseId);
      const server = await startAlertsBackend(knex, alerts ? { alerts } : {});
      return { knex, server };
    }

    const alertmanager = (server: any, key: string, body: object) =>
      request(server)
        .post(`${API}/alerts/alertmanager`)
        .set('Authorization', `Bearer ${key}`)
        .send(body);

    const timelineOf = async (server: any, id: string) =>
      (await request(server).get(`${API}/incidents/${id}/timeline`)).body.items;

    it('opens one incident for a real Alertmanager group and deduplicates repeats', async () => {
      const { server } = await start();
      const { key } = await createIntegration(server);

      const first = await alertmanager(
        server,
        key,
        fixture('firing-capture.json'),
      );
      expect(first.status).toBe(200);
      expect(first.body).toEqual({
        received: 3,
        stale: 0,
        unrouted: 0,
        suppressed: 0,
        incidents: ['INC-1'],
      });

      const incident = await request(server).get(`${API}/incidents/INC-1`);
      expect(incident.body).toMatchObject({
        title: 'No physical connection to 172.29.254.30',
        source: 'alert',
        status: 'triage',
        // `severity: major` in the capture
        severity: 'SEV2',
        entityRef: 'component:default/network-probe',
        ownerRef: 'group:default/platform',
        roles: {},
      });
      expect(incident.body.createdBy).toMatch(/^integration:/);

      // a repeat (repeat_interval) and an HA duplicate: the same alerts, counted
      await alertmanager(server, key, fixture('firing-capture.json')).expect(
        200,
      );
      await alertmanager(server, key, fixture('firing-capture.json')).expect(
        200,
      );
      const alerts = await request(server).get(`${API}/incidents/INC-1/alerts`);
      expect(alerts.body.items).toHaveLength(3);
      for (const alert of alerts.body.items) {
        expect(alert).toMatchObject({
          status: 'firing',
          occurrences: 3,
          incidentId: 'INC-1',
          entityRef: 'component:default/network-probe',
          incidentSeverity: 'SEV2',
          startsAt: '2019-09-27T16:27:56.612Z',
          endsAt: null,
        });
        // the capture has no fingerprint: Alertmanager's own, computed from the labels
        expect(alert.fingerprint).toMatch(/^[0-9a-f]{16}$/);
      }
      expect(
        new Set(alerts.body.items.map((a: any) => a.fingerprint)).size,
      ).toBe(3);
      const list = await request(server).get(`${API}/incidents`);
      expect(list.body.items).toHaveLength(1);

      const timeline = await timelineOf(server, 'INC-1');
      expect(timeline.map((e: any) => e.type)).toEqual([
        'declared',
        'alert_attached',
        'alert_attached',
        'alert_attached',
        // recorded once the incident is committed, as the plugin sees the catalog
        'blast_radius',
      ]);
      expect(timeline[1].data).toMatchObject({
        summary: 'No physical connection to 172.29.254.30',
        severity: 'major',
        integrationName: 'Prometheus',
      });
    });

    it('resolves with its alerts, damps a flap into the same incident, and ignores late deliveries', async () => {
      const { server } = await start();
      const { key } = await createIntegration(server);
      await alertmanager(server, key, fixture('firing-capture.json')).expect(
        200,
      );

      const resolved = await alertmanager(server, key, resolvedCapture());
      expect(resolved.body.incidents).toEqual(['INC-1']);
      const afterResolve = await request(server).get(`${API}/incidents/INC-1`);
      expect(afterResolve.body).toMatchObject({
        status: 'resolved',
        resolvedAt: expect.any(String),
      });

      // a delivery of the old firing, late or retried: it began before the recorded end
      const late = await alertmanager(
        server,
        key,
        fixture('firing-capture.json'),
      );
      expect(late.body).toMatchObject({ stale: 3, incidents: [] });
      expect(
        (await request(server).get(`${API}/incidents/INC-1`)).body.status,
      ).toBe('resolved');

      // firing again within the group window: the same incident reopens
      const flap = await alertmanager(
        server,
        key,
        refiredCapture('2019-09-27T16:45:00Z'),
      );
      expect(flap.body.incidents).toEqual(['INC-1']);
      const reopened = await request(server).get(`${API}/incidents/INC-1`);
      expect(reopened.body.status).toBe('investigating');
      expect(
        (await request(server).get(`${API}/incidents`)).body.items,
      ).toHaveLength(1);

      const timeline = await timelineOf(server, 'INC-1');
      const types = timeline.map((e: any) => e.type);
      expect(types.filter((t: string) => t === 'alert_resolved')).toHaveLength(
        3,
      );
      expect(
        timeline
          .filter((e: any) => e.type === 'status_changed')
          .map((e: any) => [e.data.to, e.data.reason]),
      ).toEqual([
        ['resolved', 'All of its alerts resolved'],
        ['investigating', 'An alert fired again'],
      ]);
      expect(
        timeline.filter(
          (e: any) => e.type === 'alert_attached' && e.data.reopened,
        ),
      ).toHaveLength(1);

      // and a resolution older than the new firing does not end it
      const oldResolution = await alertmanager(server, key, resolvedCapture());
      expect(oldResolution.body.stale).toBe(3);
      const alerts = await request(server).get(`${API}/incidents/INC-1/alerts`);
      expect(alerts.body.items.map((a: any) => a.status)).toEqual([
        'firing',
        'firing',
        'firing',
      ]);
    });

    it('keeps an incident open when its integration does not auto-resolve', async () => {
      const { server } = await start();
      const { key } = await createIntegration(server, { autoResolve: false });
      await alertmanager(server, key, fixture('firing-capture.json')).expect(
        200,
      );
      await alertmanager(server, key, resolvedCapture()).expect(200);
      const incident = await request(server).get(`${API}/incidents/INC-1`);
      expect(incident.body.status).toBe('triage');
      const alerts = await request(server).get(`${API}/incidents/INC-1/alerts`);
      expect(alerts.body.items.every((a: any) => a.status === 'resolved')).toBe(
        true,
      );
    });

    it('keeps alerts that match nothing in the unrouted inbox until someone routes them', async () => {
      const { server } = await start();
      const { key } = await createIntegration(server);

      const resolved = await alertmanager(
        server,
        key,
        fixture('resolved-capture.json'),
      );
      expect(resolved.body).toMatchObject({ unrouted: 1, incidents: [] });
      const twoAlerts = await alertmanager(
        server,
        key,
        fixture('two-alerts.json'),
      );
      expect(twoAlerts.body).toMatchObject({ received: 2, unrouted: 2 });

      const inbox = await request(server).get(`${API}/alert-inbox`);
      expect(inbox.status).toBe(200);
      expect(inbox.body.items).toHaveLength(3);
      const captured = inbox.body.items.find(
        (a: any) => a.labels.alertname === 'Deployment',
      );
      // the capture's own fingerprint, which Alertmanager computed from the same labels
      expect(captured).toMatchObject({
        fingerprint: 'fbab788ec4c1018b',
        status: 'resolved',
        entityRef: null,
        incidentSeverity: 'SEV3',
        summary: 'Kubernetes Deployment Replicas Mismatch',
      });

      const firing = await request(server)
        .get(`${API}/alert-inbox`)
        .query({ status: 'firing', limit: 1 });
      expect(firing.body.items).toHaveLength(1);
      expect(firing.body.nextCursor).toEqual(expect.any(String));
      const next = await request(server)
        .get(`${API}/alert-inbox`)
        .query({ status: 'firing', limit: 1, cursor: firing.body.nextCursor });
      expect(next.body.items).toHaveLength(1);
      expect(next.body.items[0].id).not.toBe(firing.body.items[0].id);
      expect(next.body.nextCursor).toBeUndefined();

      const memory = firing.body.items[0];
      const routed = await request(server)
        .post(`${API}/alert-inbox/${memory.id}/route`)
        .send({ entityRef: 'component:default/memory-watch' });
      expect(routed.status).toBe(200);
      expect(routed.body).toMatchObject({
        entityRef: 'component:default/memory-watch',
        incidentId: 'INC-1',
      });
      const incident = await request(server).get(`${API}/incidents/INC-1`);
      expect(incident.body).toMatchObject({
        entityRef: 'component:default/memory-watch',
        ownerRef: 'group:default/platform',
        source: 'alert',
      });
      const timeline = await timelineOf(server, 'INC-1');
      expect(timeline[0].actor).toBe(
        mockCredentials.user().principal.userEntityRef,
      );

      // routed once is routed; and only to catalog entities
      await request(server)
        .post(`${API}/alert-inbox/${memory.id}/route`)
        .send({ entityRef: 'component:default/storefront-web' })
        .expect(409);
      await request(server)
        .post(`${API}/alert-inbox/${captured.id}/route`)
        .send({ entityRef: 'component:default/nowhere' })
        .expect(400);
      await request(server)
        .post(`${API}/alert-inbox/99999/route`)
        .send({ entityRef: 'component:default/storefront-web' })
        .expect(404);
      // a resolved alert routed later opens nothing
      const quiet = await request(server)
        .post(`${API}/alert-inbox/${captured.id}/route`)
        .send({ entityRef: 'component:default/storefront-web' });
      expect(quiet.body.incidentId).toBeNull();

      expect(
        (await request(server).get(`${API}/alert-inbox`)).body.items,
      ).toHaveLength(1);
      const byEntity = await request(server)
        .get(`${API}/alert-list`)
        .query({ entityRef: 'component:default/memory-watch' });
      expect(byEntity.body.items.map((a: any) => a.id)).toEqual([memory.id]);
      const one = await request(server).get(`${API}/alert-list/${memory.id}`);
      expect(one.body).toMatchObject({
        id: memory.id,
        labels: memory.labels,
        incidentId: 'INC-1',
      });
    });

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
      const [alert] = (
        await request(server).get(`${API}/incidents/INC-1/alerts`)
      ).body.items;
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
      const { dedup_key: _given, ...keyless } = fixture(
        'pagerduty-trigger.json',
      );
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
      expect(
        (await request(server).get(`${API}/incidents`)).body.items,
      ).toEqual([]);
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
      const [alert] = (
        await request(server).get(`${API}/incidents/INC-1/alerts`)
      ).body.items;
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

    it('opens exactly one incident for fifty identical deliveries at once', async () => {
      const { server } = await start();
      const { key } = await createIntegration(server);
      const responses = await Promise.all(
        Array.from({ length: 50 }, () =>
          alertmanager(server, key, fixture('firing-capture.json')),
        ),
      );
      expect(responses.map(r => r.status)).toEqual(Array(50).fill(200));
      const incidents = await request(server).get(`${API}/incidents`);
      expect(incidents.body.items.map((i: any) => i.id)).toEqual(['INC-1']);
      const alerts = await request(server).get(`${API}/incidents/INC-1/alerts`);
      expect(alerts.body.items.map((a: any) => a.occurrences)).toEqual([
        50, 50, 50,
      ]);
      const attached = (await timelineOf(server, 'INC-1')).filter(
        (e: any) => e.type === 'alert_attached',
      );
      expect(attached).toHaveLength(3);
    });

    it('records alerts during a maintenance window without opening an incident', async () => {
      const { server } = await start();
      const { key } = await createIntegration(server);
      const window = await request(server)
        .post(`${API}/maintenance-windows`)
        .send({
          entityRef: 'component:default/network-probe',
          startsAt: new Date(Date.now() - 60_000).toISOString(),
          endsAt: new Date(Date.now() + 3_600_000).toISOString(),
          reason: 'Switch firmware upgrade',
        });
      expect(window.status).toBe(201);

      const res = await alertmanager(
        server,
        key,
        fixture('firing-capture.json'),
      );
      expect(res.body).toMatchObject({ suppressed: 3, incidents: [] });
      expect(
        (await request(server).get(`${API}/incidents`)).body.items,
      ).toEqual([]);
      const alerts = await request(server)
        .get(`${API}/alert-list`)
        .query({ entityRef: 'component:default/network-probe' });
      expect(alerts.body.items).toHaveLength(3);
      for (const alert of alerts.body.items) {
        expect(alert).toMatchObject({
          suppressedBy: window.body.id,
          incidentId: null,
          status: 'firing',
        });
      }
      const status = await request(server)
        .get(`${API}/entity-status`)
        .query({ entityRef: 'component:default/network-probe' });
      expect(status.body.items[0].status).toBe('under_maintenance');

      // the window ends; the next repeat of the still-firing alerts opens the incident
      await request(server)
        .delete(`${API}/maintenance-windows/${window.body.id}`)
        .expect(204);
      const repeat = await alertmanager(
        server,
        key,
        fixture('firing-capture.json'),
      );
      expect(repeat.body).toMatchObject({
        suppressed: 0,
        incidents: ['INC-1'],
      });
    });

    it('answers 503, which senders retry, when the database is down', async () => {
      const { knex, server } = await start();
      const { key } = await createIntegration(server);
      await knex.destroy();
      const res = await alertmanager(
        server,
        key,
        fixture('firing-capture.json'),
      );
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

  it('describes every route of its routers in the OpenAPI document', () => {
    const document = loadOpenApiDocument() as {
      paths: Record<string, Record<string, unknown>>;
    };
    const routers = [
      createAlertsRouter({} as any),
      createChangesRouter({} as any),
      createIntegrationsRouter({} as any),
      createMaintenanceRouter({} as any),
    ];
    const routes = routers.flatMap((router: any) =>
      router.stack
        .filter((layer: any) => layer.route)
        .flatMap((layer: any) =>
          Object.keys(layer.route.methods).map(
            method =>
              `${method} ${layer.route.path.replace(/:(\w+)/g, '{$1}')}`,
          ),
        ),
    );
    expect(routes.length).toBe(18);
    const undocumented = routes.filter(route => {
      const [method, path] = route.split(' ');
      return !document.paths[path]?.[method];
    });
    expect(undocumented).toEqual([]);
  });
});
