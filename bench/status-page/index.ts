/*
 * bench/status-page: the public `summary.json` over HTTP on PostgreSQL.
 *
 * Starts the incidents backend plugin twice on one fresh PostgreSQL database, as two replicas
 * would run: one with the public page cache (the default), one with it turned off
 * (`incidents.statusPage.cache.enabled: false`, every request computed afresh: the baseline).
 * The catalog has 300 entities, 30 of them annotated onto 12 status components in 3 groups;
 * 5 internal incidents are open, 40 public incidents with 3 updates each and 4 maintenances
 * are published through the API. A keep-alive load generator (autocannon, in a worker thread
 * so it does not share the server's event loop) drives `GET /status/api/v2/summary.json` at
 * each replica in turn, recording every response's latency, and at a bare Express app sending
 * the same bytes from memory: the ceiling of this machine, measured in the same run.
 * Target (cached): >= 5,000 requests/s in one process with p95 <= 5 ms. The cache's freshness
 * is checked in the same run: an update published on the uncached replica must show on the
 * cached one within its check interval (1 s by default).
 * Ends with one JSON line of the figures.
 *
 * Run: npm run bench -- status-page   (LOOKOUT_BENCH_PG overrides the server URL)
 */
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import express from 'express';
import { Knex } from 'knex';
import { AddressInfo } from 'node:net';
import { Worker } from 'node:worker_threads';
import { incidentsPlugin } from '../../plugins/incidents-backend/src/plugin';
import { dropDatabase, freshDatabase } from '../lib/postgres';

const DATABASE = 'lookout_bench_status_page';
const ENTITIES = 300;
const COMPONENTS = 12;
const PUBLIC_INCIDENTS = 40;
const SECONDS = 10;
const CONNECTIONS = 8;
const PIPELINING = 1;
const TARGET_RPS = 5_000;
const TARGET_P95_MS = 5;
const CHECK_INTERVAL_MS = 1_000;

const entities: Entity[] = Array.from({ length: ENTITIES }, (_, i) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: `svc-${i}`,
    namespace: 'default',
    ...(i < 30
      ? {
          annotations: {
            'lookout.dev/status-page-component': `Group ${i % 3}/Component ${
              i % COMPONENTS
            }`,
          },
        }
      : {}),
  },
  spec: { type: 'service', owner: `group:default/team-${i % 20}` },
  relations: [
    { type: 'ownedBy', targetRef: `group:default/team-${i % 20}` },
    // a chain of dependencies, so open incidents spread through blast radius
    ...(i > 0
      ? [{ type: 'dependencyOf', targetRef: `component:default/svc-${i - 1}` }]
      : []),
    ...(i + 1 < ENTITIES
      ? [{ type: 'dependsOn', targetRef: `component:default/svc-${i + 1}` }]
      : []),
  ],
}));

/** The load generator, in a worker thread: autocannon with every response's latency kept. */
const LOADGEN = `
const { parentPort, workerData } = require('node:worker_threads');
const autocannon = require(workerData.autocannon);
const latencies = [];
const started = Date.now();
const instance = autocannon({
  url: workerData.url,
  connections: workerData.connections,
  pipelining: workerData.pipelining,
  duration: workerData.seconds,
}, (error, result) => {
  if (error) throw error;
  parentPort.postMessage({
    requests: latencies.length,
    non2xx: result.non2xx,
    errors: result.errors,
    seconds: (Date.now() - started) / 1000,
    latencies,
  });
});
instance.on('response', (_client, _status, _bytes, ms) => latencies.push(ms));
`;

interface LoadResult {
  requests: number;
  non2xx: number;
  errors: number;
  seconds: number;
  latencies: number[];
}

function runLoad(url: string, seconds: number): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(LOADGEN, {
      eval: true,
      workerData: {
        url,
        seconds,
        connections: CONNECTIONS,
        pipelining: PIPELINING,
        autocannon: require.resolve('autocannon'),
      },
    });
    worker.once('message', resolve);
    worker.once('error', reject);
  });
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const index = Math.min(
    sorted.length - 1,
    Math.ceil((p / 100) * sorted.length) - 1,
  );
  return Math.round(sorted[Math.max(0, index)] * 100) / 100;
}

async function startReplica(knex: Knex, cache: boolean) {
  const backend = await startTestBackend({
    features: [
      incidentsPlugin,
      mockServices.database.factory({ knex }),
      catalogServiceMock.factory({ entities }),
      mockServices.rootConfig.factory({
        data: {
          backend: { baseUrl: 'http://127.0.0.1' },
          incidents: {
            statusPage: {
              name: 'Bench',
              cache: { enabled: cache, checkIntervalMs: CHECK_INTERVAL_MS },
            },
          },
        },
      }),
    ],
  });
  const server = backend.server;
  if (!server.listening) {
    await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
  }
  const base = `http://127.0.0.1:${
    (server.address() as AddressInfo).port
  }/api/incidents`;
  return { base, stop: () => backend.stop() };
}

async function call(base: string, path: string, body?: object): Promise<any> {
  const res = await fetch(`${base}${path}`, {
    method: body ? 'POST' : 'GET',
    headers: { 'content-type': 'application/json' },
    body: body ? JSON.stringify(body) : undefined,
  });
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return res.status === 204 ? undefined : res.json();
}

async function seed(base: string) {
  const { items: components } = await call(base, '/communications/components');
  for (let i = 0; i < 5; i++) {
    await call(base, '/incidents', {
      title: `Internal ${i}`,
      severity: `SEV${(i % 4) + 1}`,
      entityRef: `component:default/svc-${i * 7}`,
    });
  }
  const statuses = ['identified', 'monitoring', 'resolved'];
  for (let i = 0; i < PUBLIC_INCIDENTS; i++) {
    const published = await call(base, '/communications/incidents', {
      name: `Public incident ${i}`,
      status: 'investigating',
      body: `We are investigating problems with component ${i % COMPONENTS}.`,
      componentIds: [components[i % components.length].id],
    });
    // the last five stay open
    for (const status of i < PUBLIC_INCIDENTS - 5
      ? statuses
      : statuses.slice(0, 1)) {
      await call(base, `/communications/incidents/${published.id}/updates`, {
        status,
        body: `Update: ${status}.`,
      });
    }
  }
  const hour = 3_600_000;
  for (let i = 0; i < 4; i++) {
    await call(base, '/communications/maintenances', {
      name: `Maintenance ${i}`,
      body: 'Routine work.',
      scheduledFor: new Date(Date.now() + (i - 1) * hour).toISOString(),
      scheduledUntil: new Date(Date.now() + (i + 1) * hour).toISOString(),
      componentIds: [components[i].id],
    });
  }
  return components.length as number;
}

async function main() {
  const knex = await freshDatabase(DATABASE, { poolMax: 10 });
  const stops: Array<() => Promise<void>> = [];
  try {
    const cached = await startReplica(knex, true);
    stops.push(cached.stop);
    const uncached = await startReplica(knex, false);
    stops.push(uncached.stop);
    const componentCount = await seed(uncached.base);
    const summaryText = JSON.stringify(
      await call(cached.base, '/status/api/v2/summary.json'),
    );
    const summaryBytes = summaryText.length;
    // the ceiling on this machine: a bare Express app sending the same bytes from memory
    const bareApp = express();
    const bareBody = Buffer.from(summaryText);
    bareApp.get('/summary.json', (_req, res) => {
      res.type('json').send(bareBody);
    });
    const bareServer = bareApp.listen(0, '127.0.0.1');
    await new Promise(r => bareServer.once('listening', r));
    stops.push(async () => {
      bareServer.close();
    });
    const bare = `http://127.0.0.1:${
      (bareServer.address() as AddressInfo).port
    }/summary.json`;

    // warm both: JIT, pools, the catalog graph and the annotation mapping
    const urls: Record<string, string> = {
      cached: `${cached.base}/status/api/v2/summary.json`,
      uncached: `${uncached.base}/status/api/v2/summary.json`,
      bareExpress: bare,
    };
    for (const url of Object.values(urls)) await runLoad(url, 2);

    const figures: Record<string, any> = {};
    for (const [name, url] of Object.entries(urls)) {
      const result = await runLoad(url, SECONDS);
      const sorted = result.latencies.sort((a, b) => a - b);
      figures[name] = {
        requestsPerSecond: Math.round(result.requests / result.seconds),
        p50Ms: percentile(sorted, 50),
        p95Ms: percentile(sorted, 95),
        p99Ms: percentile(sorted, 99),
        non2xx: result.non2xx,
        errors: result.errors,
      };
      console.log(
        `${name.padEnd(12)} ${figures[name].requestsPerSecond} req/s, p50 ${
          figures[name].p50Ms
        } ms, p95 ${figures[name].p95Ms} ms, p99 ${figures[name].p99Ms} ms (${
          result.non2xx
        } non-2xx, ${result.errors} errors)`,
      );
    }

    // freshness: an update published on the other replica shows on the cached one
    const before = await call(
      cached.base,
      '/status/api/v2/incidents/unresolved.json',
    );
    const target = before.incidents[0];
    await call(
      uncached.base,
      `/communications/incidents/${target.id}/updates`,
      {
        status: 'resolved',
        body: 'Resolved during the bench.',
      },
    );
    const published = Date.now();
    let seenAfterMs = -1;
    while (Date.now() - published < 10 * CHECK_INTERVAL_MS) {
      const now = await call(
        cached.base,
        '/status/api/v2/incidents/unresolved.json',
      );
      if (!now.incidents.some((i: any) => i.id === target.id)) {
        seenAfterMs = Date.now() - published;
        break;
      }
      await new Promise(r => setTimeout(r, 20));
    }
    const fresh = seenAfterMs >= 0 && seenAfterMs <= CHECK_INTERVAL_MS + 250;
    console.log(
      `freshness: a change on another replica showed after ${seenAfterMs} ms ` +
        `(bound: the ${CHECK_INTERVAL_MS} ms check interval) — ${
          fresh ? 'ok' : 'NOT OK'
        }`,
    );

    const speedup =
      Math.round(
        (figures.cached.requestsPerSecond /
          figures.uncached.requestsPerSecond) *
          10,
      ) / 10;
    const meets =
      figures.cached.requestsPerSecond >= TARGET_RPS &&
      figures.cached.p95Ms <= TARGET_P95_MS;
    const ofCeiling = Math.round(
      (100 * figures.cached.requestsPerSecond) /
        figures.bareExpress.requestsPerSecond,
    );
    console.log(
      `cached at ${ofCeiling} % of a bare Express app's throughput on this machine; cached/uncached throughput ${speedup}x | target >= ${TARGET_RPS} req/s with p95 <= ${TARGET_P95_MS} ms: ${
        meets ? 'met' : 'MISSED'
      }`,
    );
    console.log(
      JSON.stringify({
        bench: 'status-page',
        database: 'postgres',
        route: 'GET /status/api/v2/summary.json',
        components: componentCount,
        publicIncidents: PUBLIC_INCIDENTS,
        summaryBytes,
        connections: CONNECTIONS,
        seconds: SECONDS,
        cached: figures.cached,
        uncached: figures.uncached,
        bareExpress: figures.bareExpress,
        throughputRatio: speedup,
        percentOfBareExpress: ofCeiling,
        crossReplicaFreshnessMs: seenAfterMs,
        checkIntervalMs: CHECK_INTERVAL_MS,
        meetsTarget: meets,
      }),
    );
  } finally {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
    await knex.destroy();
    await dropDatabase(DATABASE);
  }
}

main().then(
  () => process.exit(0),
  error => {
    console.error(error);
    process.exit(1);
  },
);
