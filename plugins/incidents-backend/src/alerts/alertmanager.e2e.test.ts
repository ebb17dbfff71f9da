/*
 * Real senders, end to end: a real Prometheus Alertmanager (Debian's prometheus-alertmanager)
 * delivers to the backend through its webhook receiver and through its PagerDuty receiver
 * pointed at /v2/enqueue. We post alerts to Alertmanager's own API and watch incidents open
 * and resolve through ours.
 */
import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { Incident } from '@lookout/plugin-incidents-common';
import { createTestDatabases } from '../__testUtils__/databases';
import { waitFor as waitForProbe } from '../__testUtils__/waitFor';
import { createIntegration, startAlertsBackend } from './__testUtils__/backend';

const BINARY = [
  '/usr/bin/prometheus-alertmanager',
  '/usr/bin/alertmanager',
].find(file => fs.existsSync(file));
// CI installs the package; elsewhere the test says why it did not run
const describeWithAlertmanager =
  BINARY || process.env.CI ? describe : describe.skip;
if (!BINARY && !process.env.CI) {
  // eslint-disable-next-line no-console
  console.warn(
    'Skipping the Alertmanager end-to-end test: install prometheus-alertmanager to run it',
  );
}

jest.setTimeout(120_000);

/** Alertmanager starts, groups and delivers on its own clock: wait longer, poll slower. */
const waitFor = <T>(what: string, probe: () => Promise<T | undefined>) =>
  waitForProbe(what, probe, { timeoutMs: 60_000, intervalMs: 250 });

function freePort(): number {
  // ask the kernel for a free port, the same way the test backend gets one
  const result = spawnSync(process.execPath, [
    '-e',
    "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})",
  ]);
  return Number(result.stdout.toString().trim());
}

describeWithAlertmanager('a real Alertmanager delivering to Lookout', () => {
  const databases = createTestDatabases();
  let alertmanager: ChildProcess | undefined;
  let workDir: string;

  afterEach(() => {
    alertmanager?.kill('SIGTERM');
    alertmanager = undefined;
    if (workDir) fs.rmSync(workDir, { recursive: true, force: true });
  });

  it('opens an incident per alert group and resolves it, over webhook and PagerDuty receivers', async () => {
    const knex = await databases.init('SQLITE_3');
    const server = await startAlertsBackend(knex);
    if (!server.listening) {
      await new Promise<void>(resolve =>
        server.listen(0, '127.0.0.1', resolve),
      );
    }
    const backend = `http://127.0.0.1:${
      (server.address() as AddressInfo).port
    }/api/incidents`;

    const webhook = await createIntegration(server, {
      name: 'Alertmanager webhook',
      entityRef: 'component:default/checkout-service',
    });
    const pagerduty = await createIntegration(server, {
      name: 'Alertmanager PagerDuty',
      type: 'pagerduty',
      entityRef: 'component:default/storefront-web',
    });

    workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lookout-am-'));
    const port = freePort();
    fs.writeFileSync(
      path.join(workDir, 'alertmanager.yml'),
      `route:
  receiver: webhook
  group_by: [alertname]
  group_wait: 1s
  group_interval: 1s
  repeat_interval: 1h
  routes:
    - matchers: ['via="pagerduty"']
      receiver: pagerduty
receivers:
  - name: webhook
    webhook_configs:
      - url: ${backend}/alerts/alertmanager
        send_resolved: true
        http_config:
          authorization:
            credentials: ${webhook.key}
  - name: pagerduty
    pagerduty_configs:
      - url: ${backend}/v2/enqueue
        routing_key: ${pagerduty.key}
        # without this Alertmanager sends every event as "error"
        severity: '{{ .CommonLabels.severity }}'
        send_resolved: true
`,
    );
    alertmanager = spawn(
      BINARY!,
      [
        `--config.file=${path.join(workDir, 'alertmanager.yml')}`,
        `--storage.path=${path.join(workDir, 'data')}`,
        `--web.listen-address=127.0.0.1:${port}`,
        '--cluster.listen-address=',
      ],
      { stdio: 'ignore' },
    );
    const amApi = `http://127.0.0.1:${port}/api/v2`;
    await waitFor('Alertmanager to start', async () => {
      try {
        return (await fetch(`${amApi}/status`)).ok ? true : undefined;
      } catch {
        return undefined;
      }
    });

    const post = (alerts: object[]) =>
      fetch(`${amApi}/alerts`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(alerts),
      }).then(res => expect(res.ok).toBe(true));

    const startsAt = new Date().toISOString();
    const checkoutAlert = {
      labels: { alertname: 'CheckoutErrors', severity: 'critical' },
      annotations: { summary: 'Checkout error rate above 5%' },
      startsAt,
    };
    const webAlert = {
      labels: {
        alertname: 'WebLatency',
        severity: 'warning',
        via: 'pagerduty',
      },
      annotations: { summary: 'Storefront p99 above 2s' },
      startsAt,
    };
    await post([checkoutAlert, webAlert]);

    const incidentOn = (entityRef: string) =>
      waitFor(`an incident on ${entityRef}`, async () => {
        const res = await request(server)
          .get('/api/incidents/incidents')
          .query({ entityRef });
        return res.body.items?.[0] as Incident | undefined;
      });
    const checkout = await incidentOn('component:default/checkout-service');
    const web = await incidentOn('component:default/storefront-web');
    expect(checkout).toMatchObject({
      source: 'alert',
      severity: 'SEV1',
      status: 'triage',
    });
    expect(web).toMatchObject({ source: 'alert', severity: 'SEV3' });

    // Alertmanager re-sends and HA pairs duplicate: still one incident per group
    await post([checkoutAlert]);
    await new Promise(resolve => setTimeout(resolve, 2500));
    const all = await request(server).get('/api/incidents/incidents');
    expect(all.body.items).toHaveLength(2);

    // the alerts end; Alertmanager sends the resolutions and the incidents resolve
    const endsAt = new Date().toISOString();
    await post([
      { ...checkoutAlert, endsAt },
      { ...webAlert, endsAt },
    ]);
    for (const incident of [checkout, web]) {
      await waitFor(`${incident.id} to resolve`, async () => {
        const res = await request(server).get(
          `/api/incidents/incidents/${incident.id}`,
        );
        return res.body.status === 'resolved' ? true : undefined;
      });
    }
  });
});
