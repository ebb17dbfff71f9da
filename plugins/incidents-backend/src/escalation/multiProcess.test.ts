/*
 * Three engine processes on one PostgreSQL database, 200 incidents with three-level
 * policies, one process killed with SIGKILL in the middle: every step must be paged exactly
 * once, and within the lease plus 5 s of its due time. Skipped only when no PostgreSQL is
 * configured (BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING).
 */
import { EscalationPolicy } from '@lookout/plugin-incidents-common';
import knexFactory, { Knex } from 'knex';
import { ChildProcess, fork } from 'node:child_process';
import path from 'node:path';
import { migrateDatabase } from '../database/migrateDatabase';
import { mockServices } from '@backstage/backend-test-utils';
import { DatabaseIncidentsStore } from '../incidents/DatabaseIncidentsStore';
import { WorkQueue } from '../queue/WorkQueue';
import { createEngine } from './__testUtils__/engineProcess';

const SERVER = process.env.BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING;
const INCIDENTS = 200;
const LEASE_MS = 5_000;
const SECOND_MIN = 1 / 60;

jest.setTimeout(120_000);

const policy: EscalationPolicy = {
  id: 'e2e',
  name: 'E2E',
  ownerRef: 'group:default/e2e',
  levels: [
    {
      delayMinutes: 0,
      targets: [{ type: 'user', userRef: 'user:default/first' }],
    },
    {
      delayMinutes: 3 * SECOND_MIN,
      targets: [{ type: 'user', userRef: 'user:default/second' }],
    },
    {
      delayMinutes: 3 * SECOND_MIN,
      targets: [
        { type: 'user', userRef: 'user:default/third' },
        { type: 'user', userRef: 'user:default/fourth' },
      ],
    },
  ],
  repeat: 0,
  derived: false,
  version: 1,
};
const PAGES_PER_INCIDENT = 4;

function startChild(db: string, owner: string): Promise<ChildProcess> {
  const child = fork(
    path.join(__dirname, '__testUtils__/engineProcess.ts'),
    [],
    {
      execArgv: [
        '--require',
        require.resolve('@backstage/cli/config/nodeTransform.cjs'),
      ],
      env: {
        ...process.env,
        LOOKOUT_E2E_DB: db,
        LOOKOUT_E2E_OWNER: owner,
        LOOKOUT_E2E_LEASE_MS: String(LEASE_MS),
        LOOKOUT_E2E_POOL: '3',
        LOOKOUT_E2E_SWEEP_MS: '250',
      },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    },
  );
  return new Promise((resolve, reject) => {
    child.once('message', () => resolve(child));
    child.once('exit', code =>
      reject(new Error(`${owner} exited with ${code}`)),
    );
  });
}

const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

(SERVER ? describe : describe.skip)('escalation across processes', () => {
  const database = `lookout_e2e_escalation_${process.pid}`;
  let admin: Knex;
  let knex: Knex;
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    admin = knexFactory({ client: 'pg', connection: SERVER });
    await admin.raw(`DROP DATABASE IF EXISTS ${database}`);
    await admin.raw(`CREATE DATABASE ${database}`);
    knex = knexFactory({ client: 'pg', connection: `${SERVER}/${database}` });
    await migrateDatabase(mockServices.database({ knex }));
    await knex.schema.createTable('e2e_sends', table => {
      table.string('page_id', 36).primary();
      table.string('owner', 64).notNullable();
      table.integer('sends').notNullable();
    });
  });

  afterAll(async () => {
    for (const child of children)
      if (child.exitCode === null) child.kill('SIGKILL');
    await knex?.destroy();
    await admin?.raw(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await admin?.destroy();
  });

  it('pages every step exactly once, in time, when a process dies', async () => {
    const db = `${SERVER}/${database}`;
    children.push(
      ...(await Promise.all(
        ['replica-a', 'replica-b', 'replica-c'].map(owner =>
          startChild(db, owner),
        ),
      )),
    );
    const incidents = DatabaseIncidentsStore.create({ knex });
    const queue = WorkQueue.create({ knex, leaseMs: LEASE_MS });
    // the parent opens incidents and starts their escalations, as the replica that took
    // the alert would; it runs no steps itself
    const { escalation } = createEngine({
      knex,
      queue,
      owner: 'parent',
      policy,
    });

    const open = async (i: number) => {
      const incident = await incidents.createIncident(
        {
          title: `Incident ${i}`,
          description: '',
          severity: 'SEV2',
          status: 'triage',
          entityRef: 'component:default/e2e',
          impactedEntityRefs: [],
          ownerRef: 'group:default/e2e',
          source: 'alert',
          roles: {},
          createdBy: 'service:e2e',
          declaredAt: new Date().toISOString(),
        },
        [],
      );
      await escalation.start(incident);
    };

    // starts spread over a few seconds, in batches of 20
    const started = Date.now();
    const BATCH = 20;
    let heldAtKill: string[] = [];
    for (let batch = 0; batch < INCIDENTS / BATCH; batch++) {
      await Promise.all(
        Array.from({ length: BATCH }, (_, i) => open(batch * BATCH + i)),
      );
      await sleep(200);
      if (batch === INCIDENTS / BATCH / 2) {
        // kill replica-a while it holds leases, so its items must wait for the lease to
        // run out and be taken over by the others
        for (let tries = 0; tries < 5000 && heldAtKill.length === 0; tries++) {
          heldAtKill = (
            await knex('work_items')
              .where({ lease_owner: 'replica-a', status: 'pending' })
              .select('id')
          ).map(r => String(r.id));
        }
        children[0].kill('SIGKILL');
      }
    }
    expect(heldAtKill.length).toBeGreaterThan(0);

    const expected = INCIDENTS * PAGES_PER_INCIDENT;
    for (let i = 0; i < 600; i++) {
      const [{ count }] = await knex('escalation_pages')
        .where({ status: 'sent' })
        .count({ count: '*' });
      if (Number(count) >= expected) break;
      await sleep(100);
    }

    // every (incident, level, round) step paged its people exactly once
    const steps: Array<{ level: number; pages: string | number }> = await knex(
      'escalation_pages',
    )
      .select('incident_seq', 'level', 'round')
      .count({ pages: '*' })
      .groupBy('incident_seq', 'level', 'round');
    expect(steps).toHaveLength(INCIDENTS * policy.levels.length);
    const perStep = steps.map(s => `L${s.level}:${Number(s.pages)}`);
    for (const level of [1, 2, 3]) {
      expect(perStep.filter(s => s.startsWith(`L${level}:`))).toEqual(
        Array(INCIDENTS).fill(`L${level}:${level === 3 ? 2 : 1}`),
      );
    }
    const pages = await knex('escalation_pages').select();
    expect(pages).toHaveLength(expected);
    expect(pages.filter(p => p.status !== 'sent')).toEqual([]);
    // what the dead replica held was taken over and finished by the others
    const taken = await knex('work_items').whereIn('id', heldAtKill);
    expect(taken.map(item => [item.status, item.lease_owner])).toEqual(
      taken.map(() => ['done', null]),
    );

    // and within the lease plus 5 s of its due time (database clock on both sides)
    const lateness = pages
      .map(p => new Date(p.sent_at).getTime() - new Date(p.due_at).getTime())
      .sort((a, b) => a - b);
    const p50 = lateness[Math.floor(lateness.length * 0.5)];
    const max = lateness[lateness.length - 1];
    expect(max).toBeLessThanOrEqual(LEASE_MS + 5_000);

    // each page reached its channel; a repeat can only come from a delivery the kill cut
    // between the send and its commit
    const sends = await knex('e2e_sends').select();
    expect(sends).toHaveLength(expected);
    const repeated = sends.filter(s => Number(s.sends) > 1).length;
    expect(repeated).toBeLessThanOrEqual(5);

    // a graceful stop gives back the leases in hand
    await Promise.all(
      children.slice(1).map(
        child =>
          new Promise(resolve => {
            child.once('exit', resolve);
            child.kill('SIGTERM');
          }),
      ),
    );
    expect(
      await knex('work_items')
        .whereIn('lease_owner', ['replica-b', 'replica-c'])
        .andWhere({ status: 'pending' }),
    ).toEqual([]);

    // eslint-disable-next-line no-console
    console.log(
      JSON.stringify({
        test: 'escalation-multi-process',
        incidents: INCIDENTS,
        steps: steps.length,
        pages: pages.length,
        duplicatePages:
          pages.length -
          new Set(
            pages.map(
              p => `${p.incident_seq}:${p.level}:${p.round}:${p.user_ref}`,
            ),
          ).size,
        repeatedSends: repeated,
        latenessP50Ms: p50,
        latenessMaxMs: max,
        leaseMs: LEASE_MS,
        heldByKilledReplica: heldAtKill.length,
        tookMs: Date.now() - started,
      }),
    );
  });
});
