import request from 'supertest';
import {
  createIntegration,
  fixture,
  describeAlertRoutes,
} from './__testUtils__/backend';
import {
  alertmanager,
  API,
  refiredCapture,
  resolvedCapture,
  timelineOf,
} from './__testUtils__/requests';

jest.setTimeout(120_000);

describeAlertRoutes(start => {
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
    await alertmanager(server, key, fixture('firing-capture.json')).expect(200);
    await alertmanager(server, key, fixture('firing-capture.json')).expect(200);
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
    expect(new Set(alerts.body.items.map((a: any) => a.fingerprint)).size).toBe(
      3,
    );
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
    await alertmanager(server, key, fixture('firing-capture.json')).expect(200);

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
    expect(types.filter((t: string) => t === 'alert_resolved')).toHaveLength(3);
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
    await alertmanager(server, key, fixture('firing-capture.json')).expect(200);
    await alertmanager(server, key, resolvedCapture()).expect(200);
    const incident = await request(server).get(`${API}/incidents/INC-1`);
    expect(incident.body.status).toBe('triage');
    const alerts = await request(server).get(`${API}/incidents/INC-1/alerts`);
    expect(alerts.body.items.every((a: any) => a.status === 'resolved')).toBe(
      true,
    );
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
});
