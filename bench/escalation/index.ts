/*
 * bench/escalation: escalation timers on PostgreSQL across several backend processes.
 *
 * 10,000 escalation steps fall due over 60 s (one level each, due times spread evenly), run by
 * three engine processes (the real store, work queue, worker and engine, in child processes
 * sweeping every second as the backend's scheduler does, woken early by the worker for items
 * due sooner). The escalations are seeded in bulk as the engine's start() leaves them (the
 * escalation row and its first step in the work queue); the processes run them. Lateness is a page's `created_at` (the step firing, database
 * clock) and `sent_at` (its delivery) minus its `due_at`. Duplicate pages must be 0.
 * Baseline, in the same run: one process at the same rate for 20 s.
 * Target: p99 lateness of the firing <= 2 s. Ends with one JSON line of the figures.
 *
 * Run: npm run bench -- escalation   (LOOKOUT_BENCH_PG overrides the server URL)
 */
import knexFactory, { Knex } from 'knex';
import { ChildProcess, fork } from 'node:child_process';
import path from 'node:path';
import { migrateDatabase } from '../../plugins/incidents-backend/src/database/migrateDatabase';
import { ESCALATION_KINDS } from '../../plugins/incidents-backend/src/escalation/types';
import { WorkQueue } from '../../plugins/incidents-backend/src/queue/WorkQueue';

const SERVER =
  process.env.LOOKOUT_BENCH_PG ?? 'postgresql://postgres@127.0.0.1:5432';
const DATABASE = 'lookout_bench_escalation';
const TIMERS = 10_000;
const WINDOW_MS = 60_000;
const PROCESSES = 3;
const BASELINE_WINDOW_MS = 20_000;
/** How long after queueing the window starts. */
const LEAD_MS = 5_000;
const TARGET_P99_MS = 2_000;
const ENGINE = path.resolve(
  __dirname,
  '../../plugins/incidents-backend/src/escalation/__testUtils__/engineProcess.ts',
);

const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))];
}

async function freshDatabase(): Promise<Knex> {
  const admin = knexFactory({ client: 'pg', connection: SERVER });
  await admin.raw(`drop database if exists ${DATABASE} with (force)`);
  await admin.raw(`create database ${DATABASE}`);
  await admin.destroy();
  const url = new URL(SERVER);
  url.pathname = `/${DATABASE}`;
  const knex = knexFactory({
    client: 'pg',
    connection: url.toString(),
    pool: { min: 1, max: 20 },
  });
  await migrateDatabase({
    getClient: async () => knex,
    migrations: { skip: false },
  } as any);
  await knex.schema.createTable('e2e_sends', table => {
    table.string('page_id', 36).primary();
    table.string('owner', 64).notNullable();
    table.integer('sends').notNullable();
  });
  return knex;
}

function startEngine(connection: string, owner: string): Promise<ChildProcess> {
  const child = fork(ENGINE, [], {
    execArgv: [
      '--require',
      require.resolve('@backstage/cli/config/nodeTransform.cjs'),
    ],
    env: {
      ...process.env,
      LOOKOUT_E2E_DB: connection,
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

interface RunResult {
  processes: number;
  timers: number;
  firedP50Ms: number;
  firedP99Ms: number;
  sentP50Ms: number;
  sentP99Ms: number;
  missing: number;
  duplicatePages: number;
  repeatedSends: number;
  queueingLagMs: number;
}

async function run(
  processes: number,
  timers: number,
  windowMs: number,
): Promise<RunResult> {
  const knex = await freshDatabase();
  const url = new URL(SERVER);
  url.pathname = `/${DATABASE}`;
  const children: ChildProcess[] = [];
  try {
    const seqs = await seedIncidents(knex, timers);
    children.push(
      ...(await Promise.all(
        Array.from({ length: processes }, (_, i) =>
          startEngine(url.toString(), `bench-${i}`),
        ),
      )),
    );
    const queue = WorkQueue.create({ knex });
    // Every escalation as start() leaves it (escalation row, first step queued), written in
    // bulk so that seeding is not what is measured: one level, due at its slot in the window.
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
    console.log(
      `  ${processes} process(es), ${timers.toLocaleString()} timers due over ${
        windowMs / 1000
      } s…`,
    );
    const t0 = (await queue.now()) + LEAD_MS;
    const dueOf = (i: number) => t0 + Math.floor((i * windowMs) / timers);
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
    // how far the queueing ran into the window (the first timers' due times)
    const queueingLagMs = Math.max(0, (await queue.now()) - t0);

    // wait for the last pages to go out
    // until every timer fired, or a minute past the end of the window
    const deadline = t0 + windowMs + 60_000;
    for (;;) {
      const [{ count }] = await knex('escalation_pages')
        .whereNotNull('sent_at')
        .count({ count: '*' });
      if (Number(count) >= timers || Date.now() > deadline) break;
      await sleep(250);
    }

    const pages = await knex('escalation_pages').select(
      'incident_seq',
      'level',
      'round',
      'user_ref',
      'due_at',
      'created_at',
      'sent_at',
    );
    // a timer that never fired counts as late as the wait lasted (a lower bound)
    const end = await queue.now();
    const firedSeqs = new Set(pages.map(p => Number(p.incident_seq)));
    const fired = [
      ...pages.map(
        p => new Date(p.created_at).getTime() - new Date(p.due_at).getTime(),
      ),
      ...seqs.flatMap((seq, i) => (firedSeqs.has(seq) ? [] : [end - dueOf(i)])),
    ].sort((a, b) => a - b);
    const sent = pages
      .filter(p => p.sent_at)
      .map(p => new Date(p.sent_at).getTime() - new Date(p.due_at).getTime())
      .sort((a, b) => a - b);
    const distinct = new Set(
      pages.map(p => `${p.incident_seq}:${p.level}:${p.round}:${p.user_ref}`),
    ).size;
    const [{ repeated }] = await knex('e2e_sends')
      .where('sends', '>', 1)
      .count({ repeated: '*' });
    return {
      processes,
      timers,
      firedP50Ms: percentile(fired, 0.5),
      firedP99Ms: percentile(fired, 0.99),
      sentP50Ms: percentile(sent, 0.5),
      sentP99Ms: percentile(sent, 0.99),
      missing: timers - distinct,
      duplicatePages: pages.length - distinct,
      repeatedSends: Number(repeated),
      queueingLagMs,
    };
  } finally {
    await stop(children);
    await knex.destroy();
  }
}

async function dropDatabase() {
  const admin = knexFactory({ client: 'pg', connection: SERVER });
  await admin.raw(`drop database if exists ${DATABASE} with (force)`);
  await admin.destroy();
}

function report(label: string, r: RunResult) {
  console.log(
    `${label.padEnd(12)} fired p50 ${r.firedP50Ms} ms, p99 ${
      r.firedP99Ms
    } ms; ` +
      `sent p50 ${r.sentP50Ms} ms, p99 ${r.sentP99Ms} ms; missing ${r.missing}, ` +
      `duplicate pages ${r.duplicatePages}, repeated sends ${r.repeatedSends}, ` +
      `queueing lag ${r.queueingLagMs} ms`,
  );
}

async function main() {
  // LOOKOUT_BENCH_ESCALATION=processes:timers:windowMs runs that one configuration alone
  const only = process.env.LOOKOUT_BENCH_ESCALATION?.split(':').map(Number);
  if (only) {
    const [processes, timers, windowMs] = only;
    const result = await run(processes, timers, windowMs);
    report(`${processes} process(es)`, result);
    await dropDatabase();
    console.log(JSON.stringify({ bench: 'escalation', ...result }));
    return;
  }
  console.log('Baseline: one process at the same rate');
  const rate = TIMERS / WINDOW_MS;
  const baseline = await run(
    1,
    Math.round(rate * BASELINE_WINDOW_MS),
    BASELINE_WINDOW_MS,
  );
  report('1 process', baseline);
  console.log(`Measured: ${PROCESSES} processes`);
  const measured = await run(PROCESSES, TIMERS, WINDOW_MS);
  report(`${PROCESSES} processes`, measured);
  const ratio = (a: number, b: number) =>
    b > 0 ? Number((a / b).toFixed(2)) : null;
  console.log(
    `p99 lateness vs one process: ${ratio(
      measured.firedP99Ms,
      baseline.firedP99Ms,
    )}x; target p99 <= ${TARGET_P99_MS} ms: ${
      measured.firedP99Ms <= TARGET_P99_MS ? 'met' : 'missed'
    }; duplicates must be 0: ${measured.duplicatePages}`,
  );
  await dropDatabase();
  console.log(
    JSON.stringify({
      bench: 'escalation',
      database: 'postgres',
      processes: PROCESSES,
      timers: TIMERS,
      windowSeconds: WINDOW_MS / 1000,
      latenessP50Ms: measured.firedP50Ms,
      latenessP99Ms: measured.firedP99Ms,
      sentP50Ms: measured.sentP50Ms,
      sentP99Ms: measured.sentP99Ms,
      duplicatePages: measured.duplicatePages,
      repeatedSends: measured.repeatedSends,
      missing: measured.missing,
      queueingLagMs: measured.queueingLagMs,
      targetP99Ms: TARGET_P99_MS,
      targetMet:
        measured.firedP99Ms <= TARGET_P99_MS &&
        measured.missing === 0 &&
        measured.duplicatePages === 0,
      baselineOneProcessP99Ms: baseline.firedP99Ms,
      p99VsOneProcess: ratio(measured.firedP99Ms, baseline.firedP99Ms),
    }),
  );
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
