/*
 * bench/chat: 200 incidents opened at once, each getting its Slack channel, on PostgreSQL.
 *
 * Starts the incidents backend plugin with the Slack module on a fresh PostgreSQL database,
 * against the module's fake Slack Web API on loopback with Slack's published limits:
 * conversations.create and conversations.setTopic are Tier 2 (20 a minute), conversations.invite
 * and chat.update Tier 3 (50 a minute); past them the fake answers HTTP 429 `ratelimited` with
 * Retry-After. (chat.postMessage's "about one a second per channel" is not enforced: each
 * channel gets one post here.) Declares 200 SEV2 incidents at once (each on its own service,
 * owned by one of 20 teams of two people mapped to Slack) and measures the time until every
 * incident has its channel, its people and its announcement, with every call Slack refused
 * retried after Retry-After and none lost. The Tier 2 limit sets the floor (200 channels at 20
 * a minute take 10 minutes). Then acknowledges 100 incidents at 4 a second, under the limits,
 * and measures the announcement update latency: from the acknowledgement's 200 to Slack holding
 * the edited announcement (target p95 ≤ 2 s).
 *
 * Beside it, in the same run and against an identical fake, the baseline is what a send-only
 * integration does: on each incident it calls Slack directly with WebClient's own retry policy
 * (it waits out Retry-After itself, ten retries), and edits the announcement with a direct
 * chat.update on each change. Time is compressed by CHAT_BENCH_TIME_SCALE (default 15: every
 * limit and so the floor are scaled together, 300 channels a minute, 40 s); set it to 1 for
 * Slack's real rates. CHAT_BENCH_INCIDENTS and CHAT_BENCH_UPDATES change the sizes. Ends with one
 * JSON line of the figures, with the load average at start and end.
 *
 * Run: npm run bench -- chat   (LOOKOUT_BENCH_PG overrides the server URL)
 */
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { WebClient } from '@slack/web-api';
import { AddressInfo } from 'node:net';
import os from 'node:os';
import { incidentsPlugin } from '../../plugins/incidents-backend/src/plugin';
import { FakeSlack } from '../../plugins/incidents-backend-module-slack/src/__testUtils__/FakeSlack';
import { channelName } from '../../plugins/incidents-backend-module-slack/src/channels/channelName';
import { incidentsModuleSlack } from '../../plugins/incidents-backend-module-slack/src/module';
import { dropDatabase, freshDatabase } from '../lib/postgres';
import { summarize } from '../lib/stats';

const DATABASE = 'lookout_bench_chat';
const env = (name: string, fallback: number) =>
  Number(process.env[name] ?? fallback);
const INCIDENTS = env('CHAT_BENCH_INCIDENTS', 200);
const UPDATES = Math.min(INCIDENTS, env('CHAT_BENCH_UPDATES', 100));
const SCALE = env('CHAT_BENCH_TIME_SCALE', 15);
const TIER2 = 20 * SCALE;
const TIER3 = 50 * SCALE;
const UPDATES_PER_SECOND = 4;
const TEAMS = 20;
const TOKEN = 'xoxb-bench-token';
const TARGET_P95_MS = 2000;

const round = (n: number, d = 2) => Math.round(n * 10 ** d) / 10 ** d;
const loadAverage = () => os.loadavg().map(n => round(n));
const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));
const title = (i: number) => `Service ${i} checkout errors`;

const entities: Entity[] = [
  ...Array.from({ length: INCIDENTS }, (_, i) => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: `svc-${i}`, namespace: 'default' },
    spec: { type: 'service', owner: `group:default/team-${i % TEAMS}` },
    relations: [
      { type: 'ownedBy', targetRef: `group:default/team-${i % TEAMS}` },
    ],
  })),
  ...Array.from({ length: TEAMS }, (_, t) => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name: `team-${t}`, namespace: 'default' },
    spec: { type: 'team' },
    relations: [0, 1].map(p => ({
      type: 'hasMember',
      targetRef: `user:default/person-${t}-${p}`,
    })),
  })),
  ...Array.from({ length: TEAMS * 2 }, (_, n) => {
    const [t, p] = [Math.floor(n / 2), n % 2];
    return {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'User',
      metadata: {
        name: `person-${t}-${p}`,
        namespace: 'default',
        annotations: { 'slack.com/user-id': `UP${t}X${p}` },
      },
      spec: { memberOf: [`team-${t}`] },
      relations: [{ type: 'memberOf', targetRef: `group:default/team-${t}` }],
    };
  }),
];

function limitedFake(): FakeSlack {
  const fake = new FakeSlack(TOKEN);
  for (let n = 0; n < TEAMS * 2; n++) {
    fake.addUser(`UP${Math.floor(n / 2)}X${n % 2}`);
  }
  fake.limit('conversations.create', TIER2);
  fake.limit('conversations.setTopic', TIER2);
  fake.limit('conversations.invite', TIER3);
  fake.limit('chat.update', TIER3);
  return fake;
}

/** Outcomes of the fake's calls, by method. */
function callCounts(fake: FakeSlack) {
  const counts: Record<string, Record<string, number>> = {};
  for (const call of fake.calls) {
    counts[call.method] ??= {};
    counts[call.method][call.outcome] =
      (counts[call.method][call.outcome] ?? 0) + 1;
  }
  return counts;
}

async function call(base: string, path: string, body?: object): Promise<any> {
  const res = await fetch(`${base}${path}`, {
    method: body ? 'POST' : 'GET',
    headers: { 'content-type': 'application/json' },
    body: body ? JSON.stringify(body) : undefined,
  });
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return res.json();
}

const acknowledged = (blocks: unknown) =>
  JSON.stringify(blocks ?? []).includes('(acknowledged)');

async function lookoutRun() {
  const fake = limitedFake();
  const apiUrl = await fake.start();
  const knex = await freshDatabase(DATABASE, { poolMax: 20 });
  const backend = await startTestBackend({
    features: [
      incidentsPlugin,
      incidentsModuleSlack,
      mockServices.database.factory({ knex }),
      catalogServiceMock.factory({ entities }),
      mockServices.rootConfig.factory({
        data: {
          app: { baseUrl: 'http://portal.test' },
          backend: { baseUrl: 'http://127.0.0.1' },
          incidents: {
            workQueue: { sweepInterval: { milliseconds: 500 } },
            chat: {
              slack: { botToken: TOKEN, signingSecret: 'bench', apiUrl },
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
    console.log(`Lookout: declaring ${INCIDENTS} SEV2 incidents at once…`);
    const started = Date.now();
    const ids: string[] = await Promise.all(
      Array.from(
        { length: INCIDENTS },
        async (_, i) =>
          (
            await call(base, '/incidents', {
              title: title(i),
              severity: 'SEV2',
              entityRef: `component:default/svc-${i}`,
            })
          ).id,
      ),
    );
    const names = new Map(
      ids.map((id, i) => [
        id,
        channelName('inc-{number}-{title}', { id, title: title(i) }),
      ]),
    );
    const complete = () =>
      ids.filter(id => {
        const channel = fake.channelByName(names.get(id)!);
        return (
          channel && channel.messages.length > 0 && channel.members.size === 3
        );
      }).length;
    const timeoutAt = started + (INCIDENTS / TIER2) * 60_000 * 3 + 60_000;
    let done = complete();
    while (done < INCIDENTS && Date.now() < timeoutAt) {
      await sleep(250);
      done = complete();
    }
    const channelsSeconds = (Date.now() - started) / 1000;
    console.log(
      `  ${done} of ${INCIDENTS} channels complete after ${round(
        channelsSeconds,
        1,
      )} s`,
    );

    console.log(
      `Lookout: acknowledging ${UPDATES} incidents at ${UPDATES_PER_SECOND} a second…`,
    );
    const ackedAt = new Map<string, number>();
    for (const id of ids.slice(0, UPDATES)) {
      await call(base, `/incidents/${id}/acknowledge`, {});
      ackedAt.set(id, Date.now());
      await sleep(1000 / UPDATES_PER_SECOND);
    }
    const latencies: number[] = [];
    const updateDeadline = Date.now() + 60_000;
    const pending = new Set(ackedAt.keys());
    while (pending.size > 0 && Date.now() < updateDeadline) {
      for (const id of [...pending]) {
        const message = fake.channelByName(names.get(id)!)?.messages[0];
        if (message && acknowledged(message.blocks) && message.updatedAt) {
          latencies.push(message.updatedAt - ackedAt.get(id)!);
          pending.delete(id);
        }
      }
      await sleep(50);
    }
    const failed = await knex('work_items')
      .where({ status: 'failed' })
      .count({ n: '*' });
    return {
      channelsComplete: done,
      channelsSeconds: round(channelsSeconds),
      updated: latencies.length,
      updateLatencyMs: summarize(latencies, 0),
      failedWorkItems: Number(failed[0].n),
      calls: callCounts(fake),
    };
  } finally {
    await backend.stop();
    await knex.destroy();
    await dropDatabase(DATABASE);
    await fake.stop();
  }
}

/** What a send-only integration does: direct calls on each incident, WebClient's own retries. */
async function baselineRun() {
  const fake = limitedFake();
  const apiUrl = await fake.start();
  const web = new WebClient(TOKEN, {
    slackApiUrl: apiUrl,
    logLevel: 'error' as any,
  });
  console.log(
    `Baseline: ${INCIDENTS} incidents, direct calls with WebClient's retries…`,
  );
  const started = Date.now();
  const channels = new Map<number, { id: string; ts: string }>();
  let lost = 0;
  await Promise.all(
    Array.from({ length: INCIDENTS }, async (_, i) => {
      try {
        const name = channelName('inc-{number}-{title}', {
          id: `INC-${i + 1}`,
          title: title(i),
        });
        const created = await web.conversations.create({ name });
        const id = created.channel!.id!;
        await web.conversations.setTopic({
          channel: id,
          topic: `INC-${i + 1} SEV2: ${title(i)}`,
        });
        const t = i % TEAMS;
        await web.conversations.invite({
          channel: id,
          users: `UP${t}X0,UP${t}X1`,
        });
        const posted = await web.chat.postMessage({
          channel: id,
          text: `INC-${i + 1} SEV2 triage`,
        });
        channels.set(i, { id, ts: posted.ts! });
      } catch {
        lost++;
      }
    }),
  );
  const channelsSeconds = (Date.now() - started) / 1000;
  console.log(
    `  ${channels.size} of ${INCIDENTS} channels after ${round(
      channelsSeconds,
      1,
    )} s, ${lost} lost`,
  );
  const latencies: number[] = [];
  const updates: Array<Promise<void>> = [];
  for (let i = 0; i < UPDATES; i++) {
    const channel = channels.get(i);
    if (channel) {
      const at = Date.now();
      updates.push(
        web.chat
          .update({
            channel: channel.id,
            ts: channel.ts,
            text: 'acknowledged',
            blocks: [
              {
                type: 'section',
                text: { type: 'mrkdwn', text: '(acknowledged)' },
              },
            ],
          })
          .then(() => {
            latencies.push(Date.now() - at);
          }),
      );
    }
    await sleep(1000 / UPDATES_PER_SECOND);
  }
  await Promise.allSettled(updates);
  await fake.stop();
  return {
    channelsComplete: channels.size,
    channelsSeconds: round(channelsSeconds),
    lost,
    updated: latencies.length,
    updateLatencyMs: summarize(latencies, 0),
    calls: callCounts(fake),
  };
}

async function main() {
  const loadAtStart = loadAverage();
  console.log(`Load average at start: ${loadAtStart.join(', ')}`);
  const floorSeconds = (INCIDENTS / TIER2) * 60;
  console.log(
    `${INCIDENTS} channels at ${TIER2}/min (Slack's Tier 2, time compressed ×${SCALE}): floor ${round(
      floorSeconds,
      1,
    )} s`,
  );
  const lookout = await lookoutRun();
  console.log(
    `  update latency p50 ${lookout.updateLatencyMs.p50} ms, p95 ${lookout.updateLatencyMs.p95} ms; ` +
      `${lookout.failedWorkItems} work items failed`,
  );
  const baseline = await baselineRun();
  console.log(
    `  baseline update latency p50 ${baseline.updateLatencyMs.p50} ms, p95 ${baseline.updateLatencyMs.p95} ms`,
  );
  const met =
    lookout.channelsComplete === INCIDENTS &&
    lookout.failedWorkItems === 0 &&
    lookout.updated === UPDATES &&
    lookout.updateLatencyMs.p95 <= TARGET_P95_MS;
  console.log(met ? 'Target met.' : 'Target NOT met.');
  const loadAtEnd = loadAverage();
  console.log(`Load average at end: ${loadAtEnd.join(', ')}`);
  console.log(
    JSON.stringify({
      bench: 'chat',
      incidents: INCIDENTS,
      updates: UPDATES,
      timeScale: SCALE,
      tier2PerMinute: TIER2,
      tier3PerMinute: TIER3,
      floorSeconds: round(floorSeconds),
      lookout: {
        ...lookout,
        ratioToFloor: round(lookout.channelsSeconds / floorSeconds),
      },
      baseline: {
        ...baseline,
        ratioToFloor: round(baseline.channelsSeconds / floorSeconds),
      },
      ratios: {
        channelsSecondsVsBaseline: round(
          lookout.channelsSeconds / baseline.channelsSeconds,
        ),
        updateP95VsBaseline: round(
          lookout.updateLatencyMs.p95 /
            Math.max(1, baseline.updateLatencyMs.p95),
        ),
      },
      targetP95Ms: TARGET_P95_MS,
      targetMet: met,
      loadAverage: { start: loadAtStart, end: loadAtEnd },
    }),
  );
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
