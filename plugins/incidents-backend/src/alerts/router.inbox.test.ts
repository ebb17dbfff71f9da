import { mockCredentials } from '@backstage/backend-test-utils';
import request from 'supertest';
import {
  createIntegration,
  fixture,
  describeAlertRoutes,
} from './__testUtils__/backend';
import { alertmanager, API, timelineOf } from './__testUtils__/requests';

jest.setTimeout(120_000);

describeAlertRoutes(start => {
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

    const res = await alertmanager(server, key, fixture('firing-capture.json'));
    expect(res.body).toMatchObject({ suppressed: 3, incidents: [] });
    expect((await request(server).get(`${API}/incidents`)).body.items).toEqual(
      [],
    );
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
});
