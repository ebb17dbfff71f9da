/*
 * Telemetry against a real Prometheus (Debian's `prometheus` package): the test starts it,
 * it scrapes a test exporter whose failures the test injects, and triage reads the series
 * back: which entity degraded first, and a gap, not an error, when Prometheus is slow or down.
 */
import { mockCredentials } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createTestDatabases } from '../__testUtils__/databases';
import { entity, withBothSides } from '../graph/__testUtils__/entities';
import { createTriageHarness } from '../triage/__testUtils__/harness';
import { TelemetryService } from './TelemetryService';

const BINARY = ['/usr/bin/prometheus'].find(file => fs.existsSync(file));
// CI installs the package; elsewhere the test says why it did not run
const describeWithPrometheus =
  BINARY || process.env.CI ? describe : describe.skip;
if (!BINARY && !process.env.CI) {
  // eslint-disable-next-line no-console
  console.warn(
    'Skipping the Prometheus telemetry test: install prometheus to run it',
  );
}

jest.setTimeout(180_000);

const ERROR_RATIO =
  'sum(rate(http_requests_total{job="{{name}}",code="500"}[4s])) / sum(rate(http_requests_total{job="{{name}}"}[4s]))';
const user = mockCredentials.user();
const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

function freePort(): number {
  const result = spawnSync(process.execPath, [
    '-e',
    "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})",
  ]);
  return Number(result.stdout.toString().trim());
}

async function listen(server: Server): Promise<number> {
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

/**
 * Two services' request counters, one per path; each counts 100 requests every 250 ms, of
 * which the share the test sets fail.
 */
function startExporter() {
  const failing: Record<string, number> = { db: 0.002, web: 0.002 };
  const counts: Record<string, { ok: number; failed: number }> = {
    db: { ok: 0, failed: 0 },
    web: { ok: 0, failed: 0 },
  };
  const ticker = setInterval(() => {
    for (const job of Object.keys(counts)) {
      const failed = 100 * failing[job];
      counts[job].failed += failed;
      counts[job].ok += 100 - failed;
    }
  }, 250);
  const server = createServer((req, res) => {
    const job = req.url?.split('/').pop() ?? '';
    const count = counts[job];
    if (!count) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
    res.end(
      [
        '# TYPE http_requests_total counter',
        `http_requests_total{code="200"} ${count.ok}`,
        `http_requests_total{code="500"} ${count.failed}`,
        '',
      ].join('\n'),
    );
  });
  return {
    server,
    fail: (job: string, share: number) => {
      failing[job] = share;
    },
    stop: () => {
      clearInterval(ticker);
      server.close();
    },
  };
}

function catalog(): Entity[] {
  return withBothSides([
    entity('component:default/web', [['dependsOn', 'resource:default/db']]),
    entity('resource:default/db'),
  ]);
}

describeWithPrometheus('telemetry from a real Prometheus', () => {
  const databases = createTestDatabases();
  let prometheus: ChildProcess | undefined;
  let exporter: ReturnType<typeof startExporter>;
  let workDir: string;
  let prometheusUrl: string;
  const injected: Record<string, number> = {};

  beforeAll(async () => {
    exporter = startExporter();
    const exporterPort = await listen(exporter.server);
    workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lookout-prometheus-'));
    const scrape = (job: string) => `
  - job_name: ${job}
    metrics_path: /metrics/${job}
    static_configs:
      - targets: ['127.0.0.1:${exporterPort}']`;
    fs.writeFileSync(
      path.join(workDir, 'prometheus.yml'),
      `global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\nscrape_configs:${scrape(
        'db',
      )}${scrape('web')}\n`,
    );
    const port = freePort();
    prometheusUrl = `http://127.0.0.1:${port}`;
    prometheus = spawn(
      BINARY ?? 'prometheus',
      [
        `--config.file=${path.join(workDir, 'prometheus.yml')}`,
        `--storage.tsdb.path=${path.join(workDir, 'data')}`,
        `--web.listen-address=127.0.0.1:${port}`,
      ],
      { stdio: 'ignore' },
    );
    for (let i = 0; ; i++) {
      const ready = await fetch(`${prometheusUrl}/-/ready`).then(
        r => r.ok,
        () => false,
      );
      if (ready) break;
      if (i > 120) throw new Error('Prometheus did not start');
      await sleep(250);
    }
    // a quiet baseline, then the database fails, and the web service on top of it after
    await sleep(24_000);
    injected.db = Date.now();
    exporter.fail('db', 0.4);
    await sleep(8_000);
    injected.web = Date.now();
    exporter.fail('web', 0.25);
    await sleep(6_000);
  });

  afterAll(() => {
    prometheus?.kill('SIGTERM');
    exporter?.stop();
    if (workDir) fs.rmSync(workDir, { recursive: true, force: true });
  });

  const config = (baseUrl: string, timeout = { seconds: 5 }) => ({
    incidents: {
      telemetry: {
        prometheus: {
          baseUrl,
          timeout,
          lookback: { seconds: 30 },
          errorRatio: ERROR_RATIO,
        },
      },
    },
  });

  it('finds when each entity left its normal range, in order', async () => {
    const telemetry = TelemetryService.fromConfig(
      new ConfigReader(config(prometheusUrl)),
    )!;
    const [web, db] = catalog().filter(e => e.kind !== 'Group');
    const reading = await telemetry.around(
      [web, db],
      new Date(injected.web).toISOString(),
      new Date(),
    );
    expect(reading.failures).toEqual([]);
    const dbSeries = reading.series.get('resource:default/db')![0];
    const webSeries = reading.series.get('component:default/web')![0];
    expect(dbSeries.metric).toBe('error_ratio');
    expect(dbSeries.points.length).toBeGreaterThan(10);
    // each left its range after its failure was injected (a scrape and a step may pass first)
    const dbAt = Date.parse(dbSeries.departedAt!);
    const webAt = Date.parse(webSeries.departedAt!);
    expect(dbAt).toBeGreaterThanOrEqual(injected.db - 1_000);
    expect(dbAt).toBeLessThan(injected.web);
    expect(webAt).toBeGreaterThanOrEqual(injected.web - 1_000);
  });

  it.each(databases.eachSupportedId())(
    'ranks the silent database first because it degraded before its dependent, on %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      const { services } = await createTriageHarness({
        knex,
        entities: catalog(),
        config: config(prometheusUrl),
      });
      const id = await declareOnWeb(services);
      await services.triage.idle();
      const triage = await services.triage.get(id, user);
      expect(triage.gaps).toEqual([]);
      expect(triage.causes[0].entityRef).toBe('resource:default/db');
      expect(triage.causes[0].reasons[0].text).toMatch(
        /^its error ratio left its normal range \(above [\d.]+ %\) .*, \d+ s before web's did$/,
      );
      expect(triage.causes[0].telemetry?.[0].points.length).toBeGreaterThan(10);
    },
  );

  it('names a gap when Prometheus is slow or down, and triage still stands', async () => {
    // a Prometheus that never answers, then one that is not there
    const hanging = createServer(() => {});
    const hangingPort = await listen(hanging);
    const down = `http://127.0.0.1:${freePort()}`;
    try {
      for (const [baseUrl, gap] of [
        [
          `http://127.0.0.1:${hangingPort}`,
          /^telemetry: Prometheus did not answer within 300 ms$/,
        ],
        [down, /^telemetry: Prometheus could not be reached/],
      ] as const) {
        const knex = await databases.init('SQLITE_3');
        const { services } = await createTriageHarness({
          knex,
          entities: catalog(),
          config: config(baseUrl, { milliseconds: 300 } as any),
        });
        const id = await declareOnWeb(services);
        await services.triage.idle();
        const triage = await services.triage.get(id, user);
        expect(triage.gaps).toEqual([expect.stringMatching(gap)]);
        expect(triage.causes.map(c => c.entityRef)).toEqual([
          'component:default/web',
        ]);
      }
    } finally {
      hanging.closeAllConnections();
      hanging.close();
    }
  });

  async function declareOnWeb(
    services: Awaited<ReturnType<typeof createTriageHarness>>['services'],
  ): Promise<string> {
    const { key } = await services.integrations.create(
      { name: 'Prometheus', type: 'generic' },
      user,
    );
    const integration = await services.integrations.authenticate(key);
    const { incidents } = await services.alerts.ingest(integration, [
      {
        dedupKey: 'WebErrors',
        status: 'firing',
        startsAt: new Date(injected.web).toISOString(),
        endsAt: null,
        content: {
          fingerprint: 'WebErrors',
          groupKey: null,
          summary: 'web errors',
          description: '',
          severity: 'critical',
          source: 'test',
          labels: { alertname: 'WebErrors' },
          annotations: {},
          links: [],
          details: {},
          entityRef: 'component:default/web',
        },
      },
    ]);
    return incidents[0];
  }
});
