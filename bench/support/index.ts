/*
 * bench/support: customer reports in, replies out, on PostgreSQL.
 *
 * Starts the incidents backend plugin on a fresh PostgreSQL database with a catalog of 200
 * services (each with a `lookout.dev/support-product` annotation) and a fake Zendesk on
 * loopback that answers 429 with Retry-After past its plan's rate (700 requests a minute,
 * spread evenly, as Zendesk's plans count them). Declares 200 incidents, then posts 10,000
 * signed Zendesk ticket events (16 at a time), each naming one incident's product: intake
 * latency is measured per delivery (p50, p95, p99), every report matched and linked by
 * Lookout itself. Then resolves incidents holding 1,000 linked reports and measures the time
 * from the first resolution until the fake Zendesk holds every public reply, each ticket
 * exactly once. The rate limit alone sets the floor (1,000 replies at 700 a minute take at
 * least 85.7 s); the target is within 10 % of it with nothing lost or sent twice. Beside it, in
 * the same run and against an identical fake, the baseline sends the same 1,000 replies one
 * after another and retries a 429 blindly (after 100 ms, ignoring Retry-After). The fake takes
 * 150 ms to answer each call, as Zendesk's API does.
 *
 * Time is compressed by SUPPORT_BENCH_TIME_SCALE (default 5: the plan's rate and therefore
 * the floor are scaled together, 3,500 a minute and 17.1 s), so the run stays short; set it to
 * 1 for Zendesk's real rate. SUPPORT_BENCH_REPORTS, _INCIDENTS and _REPLIES change the sizes.
 * Ends with one JSON line of the figures, with the load average at start and end.
 *
 * Run: npm run bench -- support   (LOOKOUT_BENCH_PG overrides the server URL)
 */
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AddressInfo } from 'node:net';
import os from 'node:os';
import { incidentsPlugin } from '../../plugins/incidents-backend/src/plugin';
import {
  FakeHelpdesk,
  startFakeZendesk,
} from '../../plugins/incidents-backend/src/support/__testUtils__/fakeHelpdesks';
import { HelpdeskError } from '../../plugins/incidents-backend/src/support/helpdesks/HelpdeskClient';
import { ZendeskClient } from '../../plugins/incidents-backend/src/support/helpdesks/ZendeskClient';
import { zendeskSignature } from '../../plugins/incidents-backend/src/support/signatures';
import { dropDatabase, freshDatabase } from '../lib/postgres';
import { summarize } from '../lib/stats';

const DATABASE = 'lookout_bench_support';
const env = (name: string, fallback: number) =>
  Number(process.env[name] ?? fallback);
const REPORTS = env('SUPPORT_BENCH_REPORTS', 10_000);
const INCIDENTS = env('SUPPORT_BENCH_INCIDENTS', 200);
const REPLIES = env('SUPPORT_BENCH_REPLIES', 1_000);
const SCALE = env('SUPPORT_BENCH_TIME_SCALE', 5);
/** Zendesk Suite Enterprise's limit, per minute. */
const PLAN_PER_MINUTE = 700;
const PER_MINUTE = PLAN_PER_MINUTE * SCALE;
/** How many requests the fake lets through at once before its bucket runs dry. */
const BURST = 10;
/** A Zendesk API call takes about 150 ms; compressed with the rest of time. */
const LATENCY_MS = Math.round(150 / SCALE);
const CONCURRENCY = 16;
const TARGET_RATIO = 1.1;
const BLIND_RETRY_MS = 100;
const CREDENTIALS = { email: 'bench@lookout.test', apiToken: 'bench-token' };

const round = (n: number, d = 2) => Math.round(n * 10 ** d) / 10 ** d;
const loadAverage = () => os.loadavg().map(n => round(n));
const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

const entities: Entity[] = Array.from({ length: INCIDENTS }, (_, i) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: `svc-${i}`,
    namespace: 'default',
    annotations: { 'lookout.dev/support-product': `Product ${i}` },
  },
  spec: { type: 'service', owner: `group:default/team-${i % 20}` },
  relations: [{ type: 'ownedBy', targetRef: `group:default/team-${i % 20}` }],
}));

async function call(
  base: string,
  path: string,
  body?: object,
  headers: Record<string, string> = {},
): Promise<any> {
  const res = await fetch(`${base}${path}`, {
    method: body ? 'POST' : 'GET',
    headers: { 'content-type': 'application/json', ...headers },
    body: body ? JSON.stringify(body) : undefined,
  });
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return res.json();
}

/** Every public reply the fake holds, per ticket: exactly one each means none lost or doubled. */
function audit(fake: FakeHelpdesk, tickets: string[]) {
  let lost = 0;
  let duplicated = 0;
  for (const ticket of tickets) {
    const replies = (fake.messages.get(ticket) ?? []).filter(m => m.public);
    if (replies.length === 0) lost++;
    if (replies.length > 1) duplicated += replies.length - 1;
  }
  return { lost, duplicated };
}

/** The baseline: one reply after another, a 429 retried after a fixed pause. */
async function baseline(tickets: string[]) {
  const fake = await startFakeZendesk(CREDENTIALS, {
    requestsPerMinute: PER_MINUTE,
    burst: BURST,
    latencyMs: LATENCY_MS,
  });
  tickets.forEach(t => fake.addTicket(t));
  const client = new ZendeskClient({ baseUrl: fake.url, ...CREDENTIALS });
  const started = Date.now();
  for (const ticketId of tickets) {
    for (;;) {
      try {
        await client.send({
          ticketId,
          kind: 'resolution',
          body: 'Resolved',
          requester: null,
          incidentId: 'INC-0',
        });
        break;
      } catch (error) {
        if (!(error instanceof HelpdeskError) || error.status !== 429) {
          throw error;
        }
        await sleep(BLIND_RETRY_MS);
      }
    }
  }
  const seconds = (Date.now() - started) / 1000;
  const result = {
    seconds,
    throttled: fake.throttled,
    ...audit(fake, tickets),
  };
  await fake.close();
  return result;
}

async function main() {
  const loadAtStart = loadAverage();
  console.log(`Load average at start: ${loadAtStart.join(', ')}`);
  const floorSeconds = (REPLIES / PER_MINUTE) * 60;
  console.log(
    `${REPORTS.toLocaleString()} reports across ${INCIDENTS} incidents; ${REPLIES} replies at ` +
      `${PER_MINUTE}/min (Zendesk's ${PLAN_PER_MINUTE}/min, time compressed ×${SCALE}): ` +
      `floor ${round(floorSeconds, 1)} s`,
  );

  const zendesk = await startFakeZendesk(CREDENTIALS, {
    requestsPerMinute: PER_MINUTE,
    burst: BURST,
    latencyMs: LATENCY_MS,
  });
  const knex = await freshDatabase(DATABASE, { poolMax: 20 });
  const backend = await startTestBackend({
    features: [
      incidentsPlugin,
      mockServices.database.factory({ knex }),
      catalogServiceMock.factory({ entities }),
      mockServices.rootConfig.factory({
        data: {
          backend: { baseUrl: 'http://127.0.0.1' },
          incidents: {
            workQueue: { sweepInterval: { milliseconds: 500 } },
            support: {
              autoLinkConfidence: 0.8,
              zendesk: {
                baseUrl: zendesk.url,
                ...CREDENTIALS,
                requestsPerMinute: PER_MINUTE,
              },
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

  try {
    const { key, signingSecret } = await call(base, '/integrations', {
      name: 'Zendesk',
      type: 'zendesk',
    });
    console.log(`Declaring ${INCIDENTS} incidents…`);
    const incidentIds: string[] = [];
    for (let i = 0; i < INCIDENTS; i++) {
      const incident = await call(base, '/incidents', {
        title: `Product ${i} checkout errors`,
        severity: 'SEV2',
        entityRef: `component:default/svc-${i}`,
      });
      incidentIds.push(incident.id);
    }

    console.log(
      `Posting ${REPORTS.toLocaleString()} signed Zendesk ticket events…`,
    );
    const latencies: number[] = [];
    const outcome = new Map<string, string | null>();
    let next = 0;
    const intakeStarted = Date.now();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        for (let i = next++; i < REPORTS; i = next++) {
          const body = JSON.stringify({
            type: 'zen:event-type:ticket.created',
            account_id: 1,
            id: `evt-${i}`,
            time: new Date().toISOString(),
            zendesk_event_version: '2022-11-06',
            subject: `zen:ticket:${i}`,
            detail: {
              id: String(i),
              subject: `Product ${i % INCIDENTS} checkout errors for us`,
              description: 'Customers see an error page when they pay',
              requester_id: `user-${i}`,
              organization_id: `org-${i % 300}`,
              status: 'OPEN',
            },
          });
          const timestamp = new Date().toISOString();
          const started = performance.now();
          const res = await fetch(`${base}/support/intake/zendesk`, {
            method: 'POST',
            headers: {
              'content-type': 'application/json',
              authorization: `Bearer ${key}`,
              'x-zendesk-webhook-signature-timestamp': timestamp,
              'x-zendesk-webhook-signature': zendeskSignature(
                signingSecret,
                timestamp,
                Buffer.from(body),
              ),
            },
            body,
          });
          latencies.push(performance.now() - started);
          if (res.status !== 202) {
            throw new Error(`intake ${i}: ${res.status} ${await res.text()}`);
          }
          outcome.set(String(i), (await res.json()).incidentId);
        }
      }),
    );
    const intakeSeconds = (Date.now() - intakeStarted) / 1000;
    const intake = {
      ...summarize(latencies, 1),
      perSecond: Math.round(REPORTS / intakeSeconds),
    };
    const autoLinked = [...outcome.values()].filter(Boolean).length;
    console.log(
      `  intake p50 ${intake.p50} ms, p95 ${intake.p95} ms, p99 ${intake.p99} ms; ` +
        `${intake.perSecond}/s; ${autoLinked} of ${REPORTS} linked by Lookout`,
    );

    // resolve the first incidents until they hold REPLIES linked reports
    const toResolve: string[] = [];
    const tickets: string[] = [];
    for (const incidentId of incidentIds) {
      if (tickets.length >= REPLIES) break;
      const linked = [...outcome.entries()]
        .filter(([, id]) => id === incidentId)
        .map(([ticket]) => ticket);
      toResolve.push(incidentId);
      tickets.push(...linked);
    }
    tickets.forEach(t => zendesk.addTicket(t));
    console.log(
      `Resolving ${toResolve.length} incidents with ${tickets.length} linked reporters…`,
    );
    const resolveStarted = Date.now();
    await Promise.all(
      toResolve.map(id =>
        call(base, `/incidents/${id}/transition`, { to: 'resolved' }),
      ),
    );
    const deadline = Date.now() + floorSeconds * 4000 + 60_000;
    while (audit(zendesk, tickets).lost > 0 && Date.now() < deadline) {
      await sleep(50);
    }
    const lookoutSeconds = (Date.now() - resolveStarted) / 1000;
    // give a late duplicate the chance to show before counting
    await sleep(1000);
    const lookout = {
      seconds: round(lookoutSeconds),
      ratioToFloor: round(
        lookoutSeconds / ((tickets.length / PER_MINUTE) * 60),
      ),
      throttled: zendesk.throttled,
      ...audit(zendesk, tickets),
    };
    const coverage = await call(
      base,
      `/support/impact?incidentId=${toResolve.join(',')}`,
    );
    const told = coverage.items.reduce(
      (n: number, i: any) => n + i.coverage.told,
      0,
    );
    console.log(
      `  Lookout: ${lookout.seconds} s (${lookout.ratioToFloor}× the floor), ` +
        `${lookout.throttled} answered 429, ${lookout.lost} lost, ${lookout.duplicated} sent twice; ` +
        `coverage says ${told} of ${tickets.length} told`,
    );

    console.log('Baseline: one after another, 429 retried blindly…');
    const base1 = await baseline(tickets);
    const baselineResult = {
      seconds: round(base1.seconds),
      ratioToFloor: round(base1.seconds / ((tickets.length / PER_MINUTE) * 60)),
      throttled: base1.throttled,
      lost: base1.lost,
      duplicated: base1.duplicated,
    };
    console.log(
      `  baseline: ${baselineResult.seconds} s (${baselineResult.ratioToFloor}× the floor), ` +
        `${baselineResult.throttled} answered 429`,
    );
    const met =
      lookout.ratioToFloor <= TARGET_RATIO &&
      lookout.lost === 0 &&
      lookout.duplicated === 0;
    console.log(
      `Target (within 10 % of the floor, nothing lost or doubled): ${
        met ? 'met' : 'MISSED'
      }; ` +
        `Lookout vs baseline: ${round(
          baselineResult.seconds / lookoutSeconds,
        )}× faster, ` +
        `${baselineResult.throttled - lookout.throttled} fewer 429s`,
    );
    const loadAtEnd = loadAverage();
    console.log(`Load average at end: ${loadAtEnd.join(', ')}`);
    console.log(
      JSON.stringify({
        bench: 'support',
        reports: REPORTS,
        incidents: INCIDENTS,
        timeScale: SCALE,
        perMinute: PER_MINUTE,
        intakeMs: intake,
        autoLinked,
        replies: tickets.length,
        floorSeconds: round((tickets.length / PER_MINUTE) * 60),
        lookout,
        baseline: baselineResult,
        targetMet: met,
        loadAverage: { start: loadAtStart, end: loadAtEnd },
      }),
    );
  } finally {
    await backend.stop();
    await knex.destroy();
    await dropDatabase(DATABASE);
    await zendesk.close();
  }
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
