/*
 * bench/alerts: alert ingestion over HTTP on PostgreSQL.
 *
 * Starts the incidents backend plugin on a fresh PostgreSQL database, creates an
 * Alertmanager integration, and drives real webhook payloads at it from a worker thread
 * (its own event loop, so the load does not steal the server's), measuring:
 *   - sustained ingestion: alerts/s with many senders in parallel (target >= 2,000/s);
 *   - webhook answer latency at a fixed 500 alerts/s, open loop (target p99 <= 50 ms);
 *   - alert received to incident visible through the API (target p99 <= 1 s).
 * In the same run the same load goes to the baseline: a bare Express handler doing one INSERT
 * per alert on the same server. Ends with one JSON line of the figures.
 *
 * Run: npm run bench -- alerts   (LOOKOUT_BENCH_PG overrides the server URL)
 */
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import express from 'express';
import { Knex } from 'knex';
import { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { incidentsPlugin } from '../../plugins/incidents-backend/src/plugin';
import { dropDatabase, freshDatabase } from '../lib/postgres';
import { summarize } from '../lib/stats';

const DATABASE = 'lookout_bench_alerts';
const ENTITIES = 200;
const ALERTS_PER_DELIVERY = 5;
const SUSTAINED_SECONDS = 10;
const SENDERS = 32;
const FIXED_RATE_ALERTS = 500;
const FIXED_RATE_SECONDS = 10;
const VISIBILITY_SAMPLES = 200;

const entities: Entity[] = Array.from({ length: ENTITIES }, (_, i) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: `svc-${i}`, namespace: 'default' },
  spec: { type: 'service', owner: `group:default/team-${i % 20}` },
  relations: [{ type: 'ownedBy', targetRef: `group:default/team-${i % 20}` }],
}));

/**
 * The load generator, run in a worker thread. It posts Alertmanager v4 webhooks: closed
 * loop ("senders" in flight at once) or open loop (a fixed rate, latency measured from the
 * scheduled send time so a slow server cannot hide its queueing).
 */
const LOADGEN = `
const { parentPort, workerData } = require('node:worker_threads');
const { url, headers, mode, seconds, senders, rate, perDelivery, entities, seed } = workerData;
let n = 0;
function payload() {
  const alerts = [];
  for (let i = 0; i < perDelivery; i++) {
    const id = seed + '-' + (n++);
    alerts.push({
      status: 'firing',
      labels: { alertname: 'BenchAlert' + (n % 50), service: 'svc-' + (n % entities), instance: id, severity: 'warning' },
      annotations: { summary: 'bench ' + id },
      startsAt: new Date().toISOString(),
      endsAt: '0001-01-01T00:00:00Z',
      generatorURL: 'http://prometheus/graph',
      fingerprint: id,
    });
  }
  return JSON.stringify({
    version: '4', groupKey: '{}:{alertname="BenchAlert"}', truncatedAlerts: 0, status: 'firing',
    receiver: 'lookout', groupLabels: { alertname: 'BenchAlert' }, commonLabels: {}, commonAnnotations: {},
    externalURL: 'http://alertmanager', alerts,
  });
}
async function send(scheduled) {
  const res = await fetch(url, { method: 'POST', headers, body: payload() });
  await res.arrayBuffer();
  return { ok: res.ok, ms: performance.now() - scheduled };
}
(async () => {
  const latencies = [];
  let ok = 0, failed = 0;
  const started = performance.now();
  const deadline = started + seconds * 1000;
  if (mode === 'closed') {
    await Promise.all(Array.from({ length: senders }, async () => {
      while (performance.now() < deadline) {
        const r = await send(performance.now());
        r.ok ? ok++ : failed++;
        latencies.push(r.ms);
      }
    }));
  } else {
    const interval = 1000 / rate;
    const inflight = [];
    for (let k = 0; ; k++) {
      const scheduled = started + k * interval;
      if (scheduled > deadline) break;
      const wait = scheduled - performance.now();
      if (wait > 0) await new Promise(r => setTimeout(r, wait));
      inflight.push(send(scheduled).then(r => { r.ok ? ok++ : failed++; latencies.push(r.ms); }));
    }
    await Promise.all(inflight);
  }
  parentPort.postMessage({ ok, failed, latencies, elapsedMs: performance.now() - started });
})();
`;

interface LoadResult {
  ok: number;
  failed: number;
  latencies: number[];
  elapsedMs: number;
}

function runLoad(data: object): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(LOADGEN, { eval: true, workerData: data });
    worker.once('message', resolve);
    worker.once('error', reject);
  });
}

/** The baseline: what a minimal webhook receiver does, one INSERT per alert. */
async function startBaseline(knex: Knex) {
  await knex.schema.createTable('bare_alerts', table => {
    table.bigIncrements('id');
    table.string('fingerprint').notNullable();
    table.text('labels').notNullable();
    table.timestamp('received_at').notNullable();
  });
  const app = express();
  app.use(express.json({ limit: '512kb' }));
  app.post('/alerts', async (req, res) => {
    for (const alert of req.body.alerts ?? []) {
      await knex('bare_alerts').insert({
        fingerprint: alert.fingerprint,
        labels: JSON.stringify(alert.labels),
        received_at: new Date(),
      });
    }
    res.json({ ok: true });
  });
  return new Promise<{ url: string; close: () => void }>(resolve => {
    const server = app.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        url: `http://127.0.0.1:${port}/alerts`,
        close: () => server.close(),
      });
    });
  });
}

async function main() {
  const knex = await freshDatabase(DATABASE, { poolMax: 10 });
  const baselineDb = await freshDatabase(`${DATABASE}_baseline`, {
    poolMax: 10,
  });
  let stopBackend: (() => Promise<void>) | undefined;
  let stopBaseline: (() => void) | undefined;
  try {
    const backend = await startTestBackend({
      features: [
        incidentsPlugin,
        mockServices.database.factory({ knex }),
        catalogServiceMock.factory({ entities }),
        mockServices.rootConfig.factory({
          data: {
            backend: { baseUrl: 'http://127.0.0.1' },
            app: { baseUrl: 'http://127.0.0.1:3000' },
          },
        }),
      ],
    });
    stopBackend = () => backend.stop();
    const server = backend.server;
    if (!server.listening) {
      await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
    }
    const base = `http://127.0.0.1:${
      (server.address() as AddressInfo).port
    }/api/incidents`;
    const created = await fetch(`${base}/integrations`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ name: 'bench', type: 'alertmanager' }),
    }).then(r => r.json());
    const lookout = {
      url: `${base}/alerts/alertmanager`,
      headers: {
        'Content-Type': 'application/json',
        Authorization: `Bearer ${created.key}`,
      },
    };
    const baseline = await startBaseline(baselineDb);
    stopBaseline = baseline.close;
    const bare = {
      url: baseline.url,
      headers: { 'Content-Type': 'application/json' },
    };
    const common = { perDelivery: ALERTS_PER_DELIVERY, entities: ENTITIES };

    // every entity gets its incident first, so the timed runs measure alerts joining
    // incidents (the steady state) however slow the warm-up below happens to be
    for (let i = 0; i < ENTITIES; i += 10) {
      await Promise.all(
        Array.from({ length: Math.min(10, ENTITIES - i) }, (_, k) =>
          fetch(lookout.url, {
            method: 'POST',
            headers: lookout.headers,
            body: JSON.stringify({
              version: '4',
              status: 'firing',
              receiver: 'lookout',
              groupLabels: {},
              commonLabels: {},
              commonAnnotations: {},
              externalURL: 'http://alertmanager',
              groupKey: `first-${i + k}`,
              alerts: [
                {
                  status: 'firing',
                  labels: { alertname: 'First', service: `svc-${i + k}` },
                  annotations: {},
                  startsAt: new Date().toISOString(),
                  endsAt: '0001-01-01T00:00:00Z',
                  fingerprint: `first-${i + k}`,
                },
              ],
            }),
          }).then(r => r.arrayBuffer()),
        ),
      );
    }
    // warm both paths: JIT and connection pools
    for (const target of [lookout, bare]) {
      await runLoad({
        ...target,
        ...common,
        mode: 'closed',
        seconds: 2,
        senders: 8,
        seed: 'warm',
      });
    }

    const figures: Record<string, unknown> = {};
    const sustained: Record<string, number> = {};
    // SQL statements each server sends per delivery: the cost that scales with load
    const statements = { lookout: 0, baseline: 0 };
    knex.on('query', () => statements.lookout++);
    baselineDb.on('query', () => statements.baseline++);
    for (const [name, target] of Object.entries({ lookout, baseline: bare })) {
      statements[name as keyof typeof statements] = 0;
      const result = await runLoad({
        ...target,
        ...common,
        mode: 'closed',
        seconds: SUSTAINED_SECONDS,
        senders: SENDERS,
        seed: `sustained-${name}`,
      });
      const alertsPerSecond =
        (result.ok * ALERTS_PER_DELIVERY) / (result.elapsedMs / 1000);
      sustained[name] = Math.round(alertsPerSecond);
      const perDelivery =
        Math.round(
          (statements[name as keyof typeof statements] /
            Math.max(1, result.ok + result.failed)) *
            10,
        ) / 10;
      figures[`${name}Sustained`] = {
        alertsPerSecond: Math.round(alertsPerSecond),
        sqlStatementsPerDelivery: perDelivery,
        failedDeliveries: result.failed,
        latencyMs: summarize(result.latencies, 2),
      };
      console.log(
        `sustained ${name.padEnd(8)} ${Math.round(alertsPerSecond)} alerts/s ` +
          `(${SENDERS} senders, ${ALERTS_PER_DELIVERY} alerts per webhook), ` +
          `${perDelivery} SQL statements per webhook, failed ${result.failed}`,
      );
    }

    const fixed: Record<string, { p50: number; p95: number; p99: number }> = {};
    for (const [name, target] of Object.entries({ lookout, baseline: bare })) {
      const result = await runLoad({
        ...target,
        ...common,
        mode: 'open',
        seconds: FIXED_RATE_SECONDS,
        rate: FIXED_RATE_ALERTS / ALERTS_PER_DELIVERY,
        seed: `fixed-${name}`,
      });
      fixed[name] = summarize(result.latencies, 2);
      figures[`${name}At500`] = {
        failedDeliveries: result.failed,
        latencyMs: fixed[name],
      };
      console.log(
        `at ${FIXED_RATE_ALERTS} alerts/s ${name.padEnd(8)} answer p50 ${
          fixed[name].p50
        } ms, ` +
          `p95 ${fixed[name].p95} ms, p99 ${fixed[name].p99} ms, failed ${result.failed}`,
      );
    }

    // alert received to incident visible: each sample fires on an entity with no open group
    const visible: number[] = [];
    for (let i = 0; i < VISIBILITY_SAMPLES; i++) {
      const service = `svc-${i % ENTITIES}`;
      // resolve what is open there so the next alert has to open a new incident
      const open = await fetch(
        `${base}/incidents?entityRef=component:default/${service}&status=triage,investigating`,
      ).then(r => r.json());
      for (const incident of open.items ?? []) {
        await fetch(`${base}/incidents/${incident.id}/transition`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ to: 'declined' }),
        });
      }
      const started = performance.now();
      await fetch(lookout.url, {
        method: 'POST',
        headers: lookout.headers,
        body: JSON.stringify({
          version: '4',
          status: 'firing',
          receiver: 'lookout',
          groupLabels: {},
          commonLabels: {},
          commonAnnotations: {},
          externalURL: 'http://alertmanager',
          groupKey: `visible-${i}`,
          alerts: [
            {
              status: 'firing',
              labels: {
                alertname: `Visible${i}`,
                service,
                severity: 'critical',
              },
              annotations: {},
              startsAt: new Date().toISOString(),
              endsAt: '0001-01-01T00:00:00Z',
              fingerprint: `visible-${i}`,
            },
          ],
        }),
      }).then(r => r.arrayBuffer());
      for (;;) {
        const list = await fetch(
          `${base}/incidents?entityRef=component:default/${service}&status=triage`,
        ).then(r => r.json());
        if (list.items?.length) break;
        if (performance.now() - started > 10_000) break;
      }
      visible.push(performance.now() - started);
    }
    const visibility = summarize(visible, 2);
    figures.alertToIncidentVisibleMs = visibility;
    console.log(
      `alert received to incident visible: p50 ${visibility.p50} ms, p99 ${visibility.p99} ms ` +
        `(${VISIBILITY_SAMPLES} samples)`,
    );

    const targets = {
      sustained2000: sustained.lookout >= 2000,
      answerP99At500Under50ms: fixed.lookout.p99 <= 50,
      visibleP99Under1s: visibility.p99 <= 1000,
    };
    console.log(
      `ratios: sustained ${(sustained.lookout / sustained.baseline).toFixed(
        2,
      )}x of the bare INSERT ` +
        `baseline; p99 at ${FIXED_RATE_ALERTS}/s ${(
          fixed.lookout.p99 / fixed.baseline.p99
        ).toFixed(2)}x`,
    );
    console.log(
      `targets: ${Object.entries(targets)
        .map(([k, v]) => `${k} ${v ? 'met' : 'MISSED'}`)
        .join(', ')}`,
    );
    console.log(
      JSON.stringify({
        bench: 'alerts',
        database: 'postgres',
        alertsPerDelivery: ALERTS_PER_DELIVERY,
        ...figures,
        sustainedRatioToBaseline:
          Math.round((sustained.lookout / sustained.baseline) * 100) / 100,
        targets,
      }),
    );
  } finally {
    stopBaseline?.();
    await stopBackend?.();
    await knex.destroy();
    await baselineDb.destroy();
    await dropDatabase(DATABASE);
    await dropDatabase(`${DATABASE}_baseline`);
  }
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
