import { AddressInfo } from 'node:net';
import request from 'supertest';
import { Statuspage } from 'statuspage.js';
import { createTestDatabases } from '../__testUtils__/databases';
import { startStatusPageBackend } from './__testUtils__/backend';
import { declare } from '../__testUtils__/pluginBackend';
import { API, publish } from './__testUtils__/pageChecks';

jest.setTimeout(60_000);

/**
 * A real client of Atlassian's public API, the npm package statuspage.js, reads our page. It
 * builds `https://<id>.statuspage.io/api/v2` itself, so the test points its axios instance at
 * our base URL instead; everything else (paths, date revival, response handling) is its own.
 */
describe('statuspage.js against /status/api/v2', () => {
  const databases = createTestDatabases();

  it('reads summary, status, components, incidents and maintenances with the right values', async () => {
    const server = await startStatusPageBackend(
      await databases.init('SQLITE_3'),
    );
    const components = (
      await request(server).get(`${API}/communications/components`)
    ).body.items as any[];
    const checkout = components.find(c => c.name === 'Checkout');
    const website = components.find(c => c.name === 'Website');
    await declare(server, {
      title: 'x',
      severity: 'SEV2',
      entityRef: 'component:default/checkout-service',
    }).expect(201);
    const published = (
      await publish(server, {
        name: 'Payments failing',
        status: 'identified',
        body: 'A bad deploy; rolling back.',
        componentIds: [checkout.id],
      }).expect(201)
    ).body;
    const t0 = Date.now();
    const from = new Date(t0 + 3_600_000).toISOString();
    const until = new Date(t0 + 7_200_000).toISOString();
    await request(server)
      .post(`${API}/communications/maintenances`)
      .send({
        name: 'CDN switch',
        body: 'No downtime expected.',
        scheduledFor: from,
        scheduledUntil: until,
        componentIds: [website.id],
      })
      .expect(201);

    const port = (server.address() as AddressInfo).port;
    const client = new Statuspage('acmetest');
    (
      client as any
    ).axios.defaults.baseURL = `http://127.0.0.1:${port}${API}/status/api/v2`;

    const summary = await client.summary();
    expect(summary.page).toMatchObject({ id: 'acmetest', name: 'Acme' });
    expect(summary.page.updated_at).toBeInstanceOf(Date);
    expect(summary.status).toEqual({
      indicator: 'major',
      description: 'Partial System Outage',
    });
    const byName = Object.fromEntries(
      summary.components!.map(c => [c.name, c]),
    );
    expect(byName.Checkout.status).toBe('partial_outage');
    expect(byName.Website.status).toBe('operational');
    expect(byName.Shopping).toMatchObject({ group: true });
    expect(byName.Checkout.group_id).toBe(byName.Shopping.id);
    expect(summary.incidents).toHaveLength(1);
    expect(summary.scheduled_maintenances!.map(m => m.name)).toEqual([
      'CDN switch',
    ]);

    expect((await client.status()).status.indicator).toBe('major');
    expect((await client.components()).components).toHaveLength(4);

    const [incident] = (await client.allIncidents()).incidents;
    expect(incident).toMatchObject({
      id: published.id,
      name: 'Payments failing',
      status: 'identified',
      impact: 'major',
      resolved_at: null,
    });
    expect(incident.created_at).toBeInstanceOf(Date);
    expect(incident.incident_updates[0]).toMatchObject({
      status: 'identified',
      body: 'A bad deploy; rolling back.',
      incident_id: published.id,
    });
    expect(
      (await client.unresolvedIncidents()).incidents.map(i => i.id),
    ).toEqual([published.id]);

    const [upcoming] = (await client.upcomingScheduledMaintenances())
      .scheduled_maintenances;
    expect(upcoming).toMatchObject({ name: 'CDN switch', status: 'scheduled' });
    expect(upcoming.scheduled_for).toEqual(new Date(from));
    expect(upcoming.scheduled_until).toEqual(new Date(until));
    expect(
      (await client.activeScheduledMaintenances()).scheduled_maintenances,
    ).toEqual([]);
    expect(
      (await client.allScheduledMaintenances()).scheduled_maintenances,
    ).toHaveLength(1);
  });
});
