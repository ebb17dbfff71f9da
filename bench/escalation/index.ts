/*
 * bench/escalation: escalation timers on PostgreSQL across several backend processes.
 *
 * 10,000 escalation steps fall due over 60 s (one level each, due times spread evenly), run by
 * engine processes (the real store, work queue, worker and engine, in child processes sweeping
 * every second as the backend's scheduler does, woken early by the worker for items due
 * sooner). The escalations are seeded in bulk as the engine's start() leaves them (the
 * escalation row and its first step in the work queue); the processes run them.
 *
 * Lateness of a step is its page's `created_at` (the step firing, database clock) minus its
 * `due_at`; delivered lateness is when the engine's channel recorded the send (database clock)
 * minus `due_at`. Duplicate pages and missing pages must be 0.
 *
 * In one run:
 *  1. one process, then three processes, at 10,000 timers over 60 s: p99 lateness must be
 *     <= 2 s, and three processes no slower than one;
 *  2. the engine's capacity: three processes at rising rates (15 s each) up to the highest
 *     rate at which p99 lateness stays <= 2 s with nothing missing; the target is at least half
 *     the bare baseline's rate;
 *  3. the bare baseline, right before and right after the capacity search (their mean is the
 *     figure): the least a queue can do per timer on this machine and server, as many timers
 *     per second as possible, each one transaction that claims one due row with
 *     `FOR UPDATE SKIP LOCKED` and inserts one page row, nothing else (8 connections).
 * The closing JSON line carries the load average at the start and the end, so that a figure
 * from a loaded machine is recognisable.
 *
 * Run: npm run bench -- escalation   (LOOKOUT_BENCH_PG overrides the server URL;
 *   LOOKOUT_BENCH_ESCALATION=processes:timers:windowMs runs that one configuration alone;
 *   LOOKOUT_BENCH_CAPACITY=0 skips the capacity search)
 * Profile: LOOKOUT_PROFILE_DIR=/tmp/p NODE_OPTIONS="--require $PWD/bench/escalation/profileHooks.cjs"
 */
import knexFactory, { Knex } from 'knex';
import { ChildProcess, fork } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { migrateDatabase } from '../../plugins/incidents-backend/src/database/migrateDatabase';
import { ESCALATION_KINDS } from '../../plugins/incidents-backend/src/escalation/types';
import { WorkQueue } from '../../plugins/incidents-backend/src/queue/WorkQueue';
import { percentile } from '../lib/stats';

const SERVER =
  process.env.LOOKOUT_BENCH_PG ?? 'postgresql://postgres@127.0.0.1:5432';
const DATABASE = 'lookout_bench_escalation';
const TIMERS = 10_000;
const WINDOW_MS = 60_000;
const PROCESSES = 3;
/** How long after queueing the window starts. */
const LEAD_MS = 5_000;
const TARGET_P99_MS = 2_000;
/** Three processes count as no slower than one within this much of one's p99 (sweep jitter). */
const SAME_SPEED_MARGIN_MS = 100;
/** Batches in flight side by side may fire a step due later up to this much sooner. */
const ORDER_SLACK_MS = 1_000;
const BARE_CONNECTIONS = 8;
const BARE_SECONDS = 10;
const CAPACITY_WINDOW_MS = 15_000;
const ENGINE = path.resolve(
  __dirname,
  '../../plugins/incidents-backend/src/escalation/__testUtils__/engineProcess.ts',
);

const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));
const loadAverage = () => os.loadavg().map(l => Number(l.toFixed(2)));

function databaseUrl(): string {
  const url = new URL(SERVER);
  url.pathname = `/${DATABASE}`;
  return url.toString();
}

async function freshDatabase(): Promise<Knex> {
  const admin = knexFactory({ client: 'pg', connection: SERVER });
  await admin.raw(`drop database if exists ${DATABASE} with (force)`);
  await admin.raw(`create database ${DATABASE}`);
  await admin.destroy();
  const knex = knexFactory({
    client: 'pg',
    connection: databaseUrl(),
    pool: { min: 1, max: 20 },
  });
  await migrateDatabase({
    getClient: async () => knex,
    migrations: { skip: false },
  } as any);
  // the engine's channel records each send here, when it happened on the database clock
  await knex.schema.createTable('e2e_sends', table => {
    table.string('page_id', 36).primary();
    table.string('owner', 64).notNullable();
    table.integer('sends').notNullable();
    table
      .bigInteger('at')
      .notNullable()
      .defaultTo(knex.raw(`(extract(epoch from clock_timestamp()) * 1000)`));
  });
  return knex;
}

/** Empties what a run leaves, so the next run starts from the same tables. */
async function emptyTables(knex: Knex) {
  await knex.raw(
    'truncate work_items, escalation_pages, escalations, incident_events, e2e_sends, incidents restart identity cascade',
  );
}

function startEngine(owner: string): Promise<ChildProcess> {
  const child = fork(ENGINE, [], {
    execArgv: [
      '--require',
      require.resolve('@backstage/cli/config/nodeTransform.cjs'),
    ],
    env: {
      ...process.env,
      LOOKOUT_E2E_DB: databaseUrl(),
      LOOKOUT_E2E_OWNER: owner,
      LOOKOUT_E2E_LEASE_MS: '30000',
      LOOKOUT_E2E_SWEEP_MS: '1000',
    },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    child.once('message', () => resolve(child));
    child.once('exit', code => reject(new Error(`${owner} exited: ${code}`)));
  });
}

async function stop(children: ChildProcess[]) {
  await Promise.all(
    children.map(
      child =>
        new Promise(resolve => {
          if (child.exitCode !== null) resolve(undefined);
          child.once('exit', resolve);
          child.kill('SIGTERM');
        }),
    ),
  );
}

/** Incident rows for the escalations, written in bulk: the incidents are not what is measured. */
async function seedIncidents(knex: Knex, count: number): Promise<number[]> {
  const now = new Date();
  const seqs: number[] = [];
  for (let start = 0; start < count; start += 1000) {
    const rows = Array.from(
      { length: Math.min(1000, count - start) },
      (_, i) => ({
        title: `Bench incident ${start + i}`,
        description: '',
        severity: 'SEV2',
        status: 'triage',
        entity_ref: 'component:default/bench',
        impacted_entity_refs: '[]',
        owner_ref: 'group:default/bench',
        source: 'alert',
        customer_impact: '',
        labels: '{}',
        links: '[]',
        created_by: 'service:bench',
        version: 1,
        declared_at: now,
        updated_at: now,
      }),
    );
    const inserted = await knex('incidents').insert(rows).returning('seq');
    seqs.push(...inserted.map((r: { seq: number }) => r.seq));
  }
  return seqs;
}

/** Every escalation as start() leaves it (the escalation row; its first step comes next), in bulk. */
async function seedEscalations(knex: Knex, queue: WorkQueue, seqs: number[]) {
  const policy = JSON.stringify({
    name: 'Bench',
    levels: [
      {
        delayMinutes: 0,
        targets: [{ type: 'user', userRef: 'user:default/bench' }],
      },
    ],
    repeat: 0,
  });
  const startedAt = new Date(await queue.now());
  for (let i = 0; i < seqs.length; i += 1000) {
    await knex('escalations').insert(
      seqs.slice(i, i + 1000).map(seq => ({
        incident_seq: seq,
        group_ref: 'group:default/bench',
        policy_id: 'bench',
        policy,
        state: 'active',
        level: 0,
        round: 1,
        epoch: 0,
        started_at: startedAt,
      })),
    );
  }
}

/** The first step of every escalation, one level each, due at its slot in the window. */
async function queueSteps(
  queue: WorkQueue,
  seqs: number[],
  dueOf: (i: number) => number,
) {
  for (let i = 0; i < seqs.length; i += 1000) {
    await queue.enqueue(
      seqs.slice(i, i + 1000).map((seq, j) => ({
        kind: ESCALATION_KINDS.step,
        key: `esc:${seq}:0:1:1`,
        payload: { seq, epoch: 0, level: 1, round: 1 },
        dueAt: new Date(dueOf(i + j)),
      })),
    );
  }
}

interface RunResult {
  processes: number;
  timers: number;
  ratePerSecond: number;
  firedP50Ms: number;
  firedP99Ms: number;
  firedMaxMs: number;
  deliveredP50Ms: number;
  deliveredP99Ms: number;
  /** Steps that fired more than ORDER_SLACK_MS before a step due earlier. */
  outOfOrder: number;
  missing: number;
  duplicatePages: number;
  repeatedSends: number;
  queueingLagMs: number;
}

async function run(
  knex: Knex,
  processes: number,
  timers: number,
  windowMs: number,
  /** How long past the window to wait for the last pages. */
  graceMs = 60_000,
): Promise<RunResult> {
  await emptyTables(knex);
  const children: ChildProcess[] = [];
  try {
    const seqs = await seedIncidents(knex, timers);
    children.push(
      ...(await Promise.all(
        Array.from({ length: processes }, (_, i) => startEngine(`bench-${i}`)),
      )),
    );
    const queue = WorkQueue.create({ knex });
    await seedEscalations(knex, queue, seqs);
    const t0 = (await queue.now()) + LEAD_MS;
    const dueOf = (i: number) => t0 + Math.floor((i * windowMs) / timers);
    await queueSteps(queue, seqs, dueOf);
    // how far the queueing ran into the window (the first timers' due times)
    const queueingLagMs = Math.max(0, (await queue.now()) - t0);

    // until every timer fired and went out, or the grace past the end of the window
    const deadline = t0 + windowMs + graceMs;
    for (;;) {
      const [{ count }] = await knex('e2e_sends').count({ count: '*' });
      if (Number(count) >= timers || (await queue.now()) > deadline) break;
      await sleep(250);
    }

    const pages = await knex('escalation_pages as p')
      .leftJoin('e2e_sends as s', 's.page_id', 'p.id')
      .select(
        'p.incident_seq',
        'p.level',
        'p.round',
        'p.user_ref',
        'p.due_at',
        'p.created_at',
        's.at as delivered_at',
      );
    // a timer that never fired counts as late as the wait lasted (a lower bound)
    const end = await queue.now();
    const firedSeqs = new Set(pages.map(p => Number(p.incident_seq)));
    const firedAt = pages.map(p => ({
      due: new Date(p.due_at).getTime(),
      at: new Date(p.created_at).getTime(),
    }));
    const fired = [
      ...firedAt.map(p => p.at - p.due),
      ...seqs.flatMap((seq, i) => (firedSeqs.has(seq) ? [] : [end - dueOf(i)])),
    ];
    const delivered = pages
      .filter(p => p.delivered_at)
      .map(p => Number(p.delivered_at) - new Date(p.due_at).getTime());
    // due order: a step due later must not fire before one due earlier, beyond what batches
    // that run side by side in several processes allow (ORDER_SLACK_MS)
    const byDue = [...firedAt].sort((a, b) => a.due - b.due);
    let latestFired = -Infinity;
    let outOfOrder = 0;
    for (const p of byDue) {
      if (p.at + ORDER_SLACK_MS < latestFired) outOfOrder += 1;
      latestFired = Math.max(latestFired, p.at);
    }
    const distinct = new Set(
      pages.map(p => `${p.incident_seq}:${p.level}:${p.round}:${p.user_ref}`),
    ).size;
    const [{ repeated }] = await knex('e2e_sends')
      .where('sends', '>', 1)
      .count({ repeated: '*' });
    return {
      processes,
      timers,
      ratePerSecond: Math.round((timers * 1000) / windowMs),
      firedP50Ms: percentile(fired, 50),
      firedP99Ms: percentile(fired, 99),
      firedMaxMs: percentile(fired, 100),
      deliveredP50Ms: percentile(delivered, 50),
      deliveredP99Ms: percentile(delivered, 99),
      outOfOrder,
      missing: timers - distinct,
      duplicatePages: pages.length - distinct,
      repeatedSends: Number(repeated),
      queueingLagMs,
    };
  } finally {
    await stop(children);
  }
}

/**
 * The bare baseline: `BARE_CONNECTIONS` loops, each a transaction that claims one due row
 * with SKIP LOCKED and inserts one page row, for `BARE_SECONDS`. Answers timers per second.
 */
async function bareBaseline(knex: Knex): Promise<number> {
  await emptyTables(knex);
  const rows = 60_000;
  // pages of a hundred incidents, one round each, so that every page is new
  const seqs = await seedIncidents(knex, 100);
  const queue = WorkQueue.create({ knex });
  const now = await queue.now();
  for (let i = 0; i < rows; i += 1000) {
    await queue.enqueue(
      Array.from({ length: 1000 }, (_, j) => ({
        kind: 'bare',
        key: `bare:${i + j}`,
        payload: { seq: seqs[(i + j) % seqs.length], n: i + j },
        dueAt: new Date(now),
      })),
    );
  }
  const nowSql = `(extract(epoch from clock_timestamp()) * 1000)::bigint`;
  const until = Date.now() + BARE_SECONDS * 1000;
  let done = 0;
  await Promise.all(
    Array.from({ length: BARE_CONNECTIONS }, async () => {
      while (Date.now() < until) {
        const claimed = await knex.transaction(async trx => {
          const { rows: items } = await trx.raw(
            `UPDATE work_items SET status = 'done'
              WHERE id = (SELECT id FROM work_items
                           WHERE status = 'pending' AND kind = 'bare' AND due_at <= ${nowSql}
                           ORDER BY due_at LIMIT 1 FOR UPDATE SKIP LOCKED)
              RETURNING payload`,
          );
          if (items.length === 0) return false;
          const { seq, n } = JSON.parse(items[0].payload);
          await trx('escalation_pages').insert({
            id: `bare-${n}`,
            incident_seq: seq,
            level: 1,
            round: n,
            user_ref: 'user:default/bench',
            reason: 'bare',
            status: 'sent',
            channels: '[]',
            due_at: new Date(now),
            created_at: new Date(),
          });
          return true;
        });
        if (!claimed) break;
        done += 1;
      }
    }),
  );
  if (done >= rows) throw new Error('The bare baseline ran out of rows');
  return Math.round(done / BARE_SECONDS);
}

/**
 * The highest rate three processes keep p99 lateness <= 2 s at, nothing missing: from the
 * bench's rate, doubling until a rate fails (or halving until one holds), then one step
 * halfway between the last rate that held and the first that did not.
 */
async function capacity(
  knex: Knex,
  startRate: number,
  ceiling: number,
): Promise<{
  rate: number;
  capped: boolean;
  trials: Array<{ rate: number; p99: number; missing: number }>;
}> {
  const trials: Array<{ rate: number; p99: number; missing: number }> = [];
  const passes = async (rate: number) => {
    const result = await run(
      knex,
      PROCESSES,
      Math.round((rate * CAPACITY_WINDOW_MS) / 1000),
      CAPACITY_WINDOW_MS,
      // a rate whose pages are not all out 10 s after its window is past p99 <= 2 s anyway
      10_000,
    );
    trials.push({ rate, p99: result.firedP99Ms, missing: result.missing });
    console.log(
      `  ${rate}/s: p99 ${result.firedP99Ms} ms, missing ${result.missing}, duplicates ${result.duplicatePages}`,
    );
    return result.firedP99Ms <= TARGET_P99_MS && result.missing === 0;
  };
  let good = 0;
  let bad: number | undefined;
  if (await passes(startRate)) {
    good = startRate;
    for (let rate = startRate * 2; rate <= ceiling; rate *= 2) {
      if (!(await passes(rate))) {
        bad = rate;
        break;
      }
      good = rate;
    }
  } else {
    // a busy machine: halve until a rate holds
    bad = startRate;
    for (
      let rate = Math.round(startRate / 2);
      rate >= 10;
      rate = Math.round(rate / 2)
    ) {
      if (await passes(rate)) {
        good = rate;
        break;
      }
      bad = rate;
    }
  }
  if (bad !== undefined && good > 0) {
    const middle = Math.round((good + bad) / 2);
    if (await passes(middle)) good = middle;
  }
  // every rate tried up to the ceiling held: the capacity is at least that
  return { rate: good, capped: bad === undefined && good > 0, trials };
}

function report(label: string, r: RunResult) {
  console.log(
    `${label.padEnd(12)} fired p50 ${r.firedP50Ms} ms, p99 ${
      r.firedP99Ms
    } ms, max ${r.firedMaxMs} ms; delivered p50 ${r.deliveredP50Ms} ms, p99 ${
      r.deliveredP99Ms
    } ms; ` +
      `missing ${r.missing}, duplicate pages ${r.duplicatePages}, repeated sends ${r.repeatedSends}, ` +
      `out of due order ${r.outOfOrder}, queueing lag ${r.queueingLagMs} ms`,
  );
}

async function main() {
  const loadAtStart = loadAverage();
  const knex = await freshDatabase();
  try {
    // LOOKOUT_BENCH_ESCALATION=processes:timers:windowMs runs that one configuration alone
    const only = process.env.LOOKOUT_BENCH_ESCALATION?.split(':').map(Number);
    if (only) {
      const [processes, timers, windowMs] = only;
      const result = await run(knex, processes, timers, windowMs);
      report(`${processes} process(es)`, result);
      console.log(
        JSON.stringify({
          bench: 'escalation',
          ...result,
          loadAverageStart: loadAtStart,
          loadAverageEnd: loadAverage(),
        }),
      );
      return;
    }

    const rate = Math.round((TIMERS * 1000) / WINDOW_MS);
    console.log(
      `One process, ${TIMERS.toLocaleString()} timers due over ${
        WINDOW_MS / 1000
      } s (${rate}/s)`,
    );
    const one = await run(knex, 1, TIMERS, WINDOW_MS);
    report('1 process', one);
    console.log(`${PROCESSES} processes, the same timers`);
    const three = await run(knex, PROCESSES, TIMERS, WINDOW_MS);
    report(`${PROCESSES} processes`, three);

    // the bare baseline right before the capacity search and again right after it, so that
    // both see the machine as the search did (other work on it comes and goes)
    const measureBare = async (when: string) => {
      const perSecond = await bareBaseline(knex);
      console.log(
        `Bare baseline ${when}: claim one row with SKIP LOCKED and insert one page, ${BARE_CONNECTIONS} connections, ${BARE_SECONDS} s: ${perSecond} timers/s`,
      );
      return perSecond;
    };
    const bareRuns = [await measureBare('before')];
    let bare = bareRuns[0];
    let found: Awaited<ReturnType<typeof capacity>> | undefined;
    if (process.env.LOOKOUT_BENCH_CAPACITY !== '0') {
      console.log(
        `Capacity: ${PROCESSES} processes, ${
          CAPACITY_WINDOW_MS / 1000
        } s per rate, the highest with p99 <= ${TARGET_P99_MS} ms`,
      );
      found = await capacity(knex, rate, Math.max(rate, bare * 4));
      bareRuns.push(await measureBare('after'));
      bare = Math.round((bareRuns[0] + bareRuns[1]) / 2);
      console.log(
        `  capacity ${found.capped ? 'at least ' : ''}${found.rate}/s = ${(
          (100 * found.rate) /
          bare
        ).toFixed(
          0,
        )} % of the bare baseline's ${bare}/s (the mean of before and after)`,
      );
    }

    const ratio = (a: number, b: number) =>
      b > 0 ? Number((a / b).toFixed(2)) : null;
    const threeNoSlower =
      three.firedP99Ms <= one.firedP99Ms + SAME_SPEED_MARGIN_MS;
    const targetMet =
      three.firedP99Ms <= TARGET_P99_MS &&
      three.missing === 0 &&
      three.duplicatePages === 0;
    console.log(
      `target p99 <= ${TARGET_P99_MS} ms with ${PROCESSES} processes: ${
        targetMet ? 'met' : 'missed'
      }; ${PROCESSES} processes vs one: p99 ${ratio(
        three.firedP99Ms,
        one.firedP99Ms,
      )}x (${threeNoSlower ? 'no slower' : 'slower'})`,
    );
    const loadAtEnd = loadAverage();
    console.log(
      `load average (1, 5, 15 min): ${loadAtStart.join(
        ', ',
      )} at the start, ${loadAtEnd.join(', ')} at the end`,
    );
    console.log(
      JSON.stringify({
        bench: 'escalation',
        database: 'postgres',
        processes: PROCESSES,
        timers: TIMERS,
        windowSeconds: WINDOW_MS / 1000,
        ratePerSecond: rate,
        latenessP50Ms: three.firedP50Ms,
        latenessP99Ms: three.firedP99Ms,
        latenessMaxMs: three.firedMaxMs,
        deliveredP50Ms: three.deliveredP50Ms,
        deliveredP99Ms: three.deliveredP99Ms,
        duplicatePages: three.duplicatePages,
        repeatedSends: three.repeatedSends,
        missing: three.missing,
        outOfOrder: three.outOfOrder,
        queueingLagMs: three.queueingLagMs,
        oneProcessLatenessP50Ms: one.firedP50Ms,
        oneProcessLatenessP99Ms: one.firedP99Ms,
        oneProcessMissing: one.missing,
        oneProcessDuplicatePages: one.duplicatePages,
        p99VsOneProcess: ratio(three.firedP99Ms, one.firedP99Ms),
        threeNoSlowerThanOne: threeNoSlower,
        targetP99Ms: TARGET_P99_MS,
        targetMet,
        capacityPerSecond: found?.rate ?? null,
        capacityTrials: found?.trials ?? null,
        capacityIsLowerBound: found?.capped ?? null,
        bareBaselinePerSecond: bare,
        bareBaselineBeforeAfterPerSecond: bareRuns,
        capacityVsBare: found ? ratio(found.rate, bare) : null,
        capacityTargetMet: found ? found.rate >= bare / 2 : null,
        loadAverageStart: loadAtStart,
        loadAverageEnd: loadAtEnd,
      }),
    );
  } finally {
    await knex.destroy();
    const admin = knexFactory({ client: 'pg', connection: SERVER });
    await admin.raw(`drop database if exists ${DATABASE} with (force)`);
    await admin.destroy();
  }
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
