/*
 * bench/insights: GET /insights latency on PostgreSQL with 100,000 incidents and 2,000,000
 * timeline events.
 *
 * Seeds a fresh database through the plugin's own migrations (the rows are generated inside
 * PostgreSQL with a fixed seed, so every run measures the same data): two years of incidents on
 * 2,000 services of 50 teams, 20 timeline events each (alert storms, status changes, notes),
 * alerts, pages to 250 people in four time zones, triage, public status-page notices,
 * postmortems with action items, and 100,000 deploys. Then times the whole insights answer as
 * the route computes it (InsightsService over DatabaseInsightsStore: every figure, every weekly
 * series) for the ranges and scopes people ask for, beside a baseline that loads the same
 * incidents (with their derived times) and computes the median and p90 of time to acknowledge
 * and to resolve in memory, the way the existing response-time figure reads incidents.
 * The baseline computes two figures of the fifteen; it is a lower bound of loading to compute.
 * Target: p95 <= 300 ms for every request. Ends with one JSON line of the figures.
 *
 * Run: npm run bench -- insights   (LOOKOUT_BENCH_PG overrides the server URL;
 * LOOKOUT_BENCH_REUSE=1 keeps the seeded database for the next run and reuses one left by the
 * last, to measure a change to the queries without seeding again)
 */
import { mockCredentials } from '@backstage/backend-test-utils';
import { Knex } from 'knex';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { migrateDatabase } from '../../plugins/incidents-backend/src/database/migrateDatabase';
import { DatabaseIncidentsStore } from '../../plugins/incidents-backend/src/incidents/DatabaseIncidentsStore';
import { IncidentCursor } from '../../plugins/incidents-backend/src/incidents/IncidentsStore';
import { DatabaseInsightsStore } from '../../plugins/incidents-backend/src/insights/DatabaseInsightsStore';
import {
  InsightsCatalog,
  InsightsService,
} from '../../plugins/incidents-backend/src/insights/InsightsService';
import { InsightsRequest } from '@lookout/plugin-incidents-common';
import { distributionOf } from '../../plugins/incidents-backend/src/insights/percentiles';
import { IncidentCondition } from '../../plugins/incidents-backend/src/permissions/conditions';
import knexFactory from 'knex';
import { BENCH_PG_SERVER, dropDatabase, freshDatabase } from '../lib/postgres';
import { summarize } from '../lib/stats';

const DATABASE = 'lookout_bench_insights';
const INCIDENTS = 100_000;
const EVENTS_PER_INCIDENT = 20;
const SERVICES = 2_000;
const TEAMS = 50;
const PEOPLE_PER_TEAM = 5;
const DEPLOYS = 100_000;
const SAMPLES = 10;
const BASELINE_SAMPLES = 3;
const TARGET_P95_MS = 300;
/** The seeded history ends here; ranges are read back from it. */
const END = Date.parse('2026-12-01T00:00:00Z');
const DAY_MS = 86_400_000;

/**
 * Everything generated in SQL with a fixed seed: seconds instead of minutes of inserts. One
 * transaction, so every statement draws from the one seeded generator of its connection.
 */
async function seed(knex: Knex) {
  await knex.transaction(db => seedRows(db));
  // as autovacuum leaves a live database: statistics, and a visibility map for index-only scans
  await knex.raw('vacuum analyze');
}

async function seedRows(db: Knex.Transaction) {
  await db.raw('select setseed(0.42)');
  // service n belongs to team n % 50; a few services have most incidents, as in real portals
  await db.raw(`
    insert into incidents (seq, title, description, severity, status, entity_ref,
      impacted_entity_refs, owner_ref, source, customer_impact, labels, links, created_by,
      version, declared_at, updated_at)
    select g, 'Incident ' || g, '', (array['SEV1','SEV2','SEV3','SEV3','SEV4'])[1 + floor(random() * 5)::int],
      case when random() < 0.9 then 'resolved' else 'investigating' end,
      'component:default/svc-' || svc, '[]', 'group:default/team-' || (svc % ${TEAMS}),
      case when random() < 0.7 then 'alert' else 'manual' end, '', '{}', '[]',
      'user:default/bench', 1, at, at
    from (
      select g, floor(${SERVICES} * power(random(), 3))::int as svc,
        timestamptz '2024-12-01 00:00:00+00' + random() * interval '730 days' as at
      from generate_series(1, ${INCIDENTS}) g
    ) x`);
  await db.raw(
    `select setval(pg_get_serial_sequence('incidents', 'seq'), ${INCIDENTS})`,
  );
  await db.raw(`
    insert into incident_entities (incident_seq, entity_ref, role, declared_at)
    select seq, entity_ref, 'origin', declared_at from incidents`);
  // 20 events each: declared, acknowledged, four status changes (the last resolves a resolved
  // incident), ten alerts joining, two notes, blast radius, a page
  await db.raw(`
    insert into incident_events (incident_seq, type, status, actor, at, data)
    select i.seq,
      case when k = 1 then 'declared' when k = 2 then 'acknowledged'
           when k between 3 and 6 then 'status_changed' when k between 7 and 16 then 'alert_attached'
           when k between 17 and 18 then 'note' when k = 19 then 'blast_radius' else 'page_sent' end,
      case when k = 1 then 'triage' when k = 3 then 'investigating' when k = 4 then 'identified'
           when k = 5 then 'monitoring'
           when k = 6 then case when i.status = 'resolved' then 'resolved' else 'investigating' end
           else null end,
      case when k in (7,8,9,10,11,12,13,14,15,16) or (k = 1 and i.source = 'alert') then 'integration:bench'
           when k in (19, 20) then 'service:plugin:incidents' else 'user:default/person-1' end,
      i.declared_at + case when k = 1 then interval '0'
           when k = 2 then (1 + random() * 14) * interval '1 minute'
           when k = 3 then (15 + random() * 10) * interval '1 minute'
           when k = 4 then (25 + random() * 20) * interval '1 minute'
           when k = 5 then (45 + random() * 30) * interval '1 minute'
           when k = 6 then (75 + random() * 180) * interval '1 minute'
           else random() * interval '60 minutes' end,
      '{}'
    from incidents i cross join generate_series(1, ${EVENTS_PER_INCIDENT}) k`);
  await db('integrations').insert({
    id: 'bench',
    name: 'bench',
    type: 'alertmanager',
    key_hash: 'b'.repeat(64),
    key_hint: 'lk_bench',
    created_by: 'user:default/bench',
    created_at: new Date(0),
  });
  await db.raw(`
    insert into alerts (integration_id, dedup_key, fingerprint, status, summary, description,
      incident_severity, source, entity_ref, labels, annotations, links, details, starts_at,
      first_seen_at, last_seen_at, occurrences, incident_seq)
    select 'bench', 'a' || seq, 'a' || seq, 'resolved', 'alert', '', severity, 'bench',
      entity_ref, '{}', '{}', '[]', '{}', declared_at - interval '3 minutes',
      declared_at - random() * interval '3 minutes', declared_at, 1, seq
    from incidents where source = 'alert'`);
  await db.raw(`
    insert into escalations (incident_seq, group_ref, policy_id, policy, state, level, round,
      epoch, started_at, stopped_at, run)
    select seq, owner_ref, 'p', '{}', 'resolved', 1, 1, 1, declared_at, null, 1 from incidents`);
  // two pages each, to two people of the owning team
  await db.raw(`
    insert into escalation_pages (id, incident_seq, level, round, user_ref, reason, status,
      channels, due_at, created_at, sent_at, run, reassignment)
    select 'p' || i.seq || '-' || r, i.seq, 1, r,
      'user:default/person-' || (split_part(i.owner_ref, '-', 2)::int * ${PEOPLE_PER_TEAM} + ((i.seq + r) % ${PEOPLE_PER_TEAM})),
      'bench', 'sent', '[]', i.declared_at, i.declared_at,
      i.declared_at + (r * 2 + random() * 3) * interval '1 minute', 1, 0
    from incidents i cross join generate_series(1, 2) r`);
  await db.raw(`
    insert into triage_results (incident_seq, result, trigger, computed_at)
    select seq, '{}', 'declared', declared_at + (10 + random() * 80) * interval '1 second'
    from incidents where random() < 0.8`);
  // a public incident for one in twenty, three updates each, ten subscribers per update
  await db.raw(`
    insert into status_incidents (id, kind, incident_seq, name, status, impact, component_ids,
      started_at, created_at, updated_at)
    select 's' || seq, 'incident', seq, 'Degraded', 'resolved', 'minor', '[]', declared_at,
      declared_at, declared_at
    from incidents where seq % 20 = 0`);
  await db.raw(`
    insert into status_updates (id, status_incident_id, status, body, created_by, created_at)
    select si.id || '-' || u, si.id, 'investigating', 'update', 'user:default/bench', si.created_at
    from status_incidents si cross join generate_series(1, 3) u`);
  await db.raw(`
    insert into status_deliveries (update_id, subscriber_id, state, attempts)
    select su.id, 'sub-' || s, case when random() < 0.97 then 'delivered' else 'failed' end, 1
    from status_updates su cross join generate_series(1, 10) s`);
  await db.raw(`
    insert into postmortems (id, incident_seq, title, status, entity_ref, owner_ref, severity,
      root_cause_entity_ref, created_by, version, incident_declared_at, created_at, updated_at)
    select 'pm' || seq, seq, 'Postmortem', 'published', entity_ref, owner_ref, severity,
      'resource:default/db-' || (seq % 40), 'user:default/person-1', 1, declared_at,
      declared_at, declared_at
    from incidents where seq % 10 = 0`);
  await db.raw(`
    insert into postmortem_action_items (id, postmortem_id, title, owner_ref, due_date, status,
      version, created_at, updated_at)
    select pm.id || '-' || n, pm.id, 'Fix it', pm.owner_ref,
      to_char(pm.created_at + interval '30 days', 'YYYY-MM-DD'),
      (array['open','in_progress','done','wont_do'])[1 + floor(random() * 4)::int], 1,
      pm.created_at, pm.created_at
    from postmortems pm cross join generate_series(1, 3) n`);
  await db.raw(`
    insert into change_events (integration_id, dedup_hash, entity_ref, summary, source, at,
      received_at, links, details)
    select 'bench', 'd' || g, 'component:default/svc-' || floor(${SERVICES} * power(random(), 3))::int,
      'deploy', 'ci', at, at, '[]', '{}'
    from (select g, timestamptz '2024-12-01 00:00:00+00' + random() * interval '730 days' as at
          from generate_series(1, ${DEPLOYS}) g) x`);
  const zones = ['Europe/Berlin', 'America/New_York', 'Asia/Tokyo', 'UTC'];
  await db('oncall_schedules').insert(
    Array.from({ length: TEAMS }, (_, team) => ({
      id: `schedule-${team}`,
      name: `Team ${team}`,
      owner_ref: `group:default/team-${team}`,
      time_zone: zones[team % zones.length],
      layers: JSON.stringify([
        {
          members: Array.from(
            { length: PEOPLE_PER_TEAM },
            (__, k) => `user:default/person-${team * PEOPLE_PER_TEAM + k}`,
          ),
        },
      ]),
      created_at: new Date(0),
      updated_at: new Date(0),
      version: 1,
    })),
  );
}

/**
 * The catalog as the bench knows it: service n is owned by team n % 50; no sub-teams; each of
 * the first thousand services has one service that depends on it (n + 1000), downstream.
 */
const catalog: InsightsCatalog = {
  teamTree: async ref => [ref],
  ownedBy: async ref => {
    const team = Number(ref.split('-').pop());
    const owned = [ref];
    for (let svc = team; svc < SERVICES; svc += TEAMS) {
      owned.push(`component:default/svc-${svc}`);
    }
    return owned;
  },
  partsOf: async ref =>
    // a "system" of the ten busiest services
    ref === 'system:default/core'
      ? Array.from({ length: 10 }, (_, i) => `component:default/svc-${i}`)
      : [ref],
  downstreamOf: async refs =>
    new Map(
      refs.flatMap(ref => {
        const svc = Number(ref.split('-').pop());
        return svc < SERVICES / 2
          ? [[ref, [`component:default/svc-${svc + SERVICES / 2}`]]]
          : [];
      }),
    ),
  userAnnotations: async () => new Map(),
};

/** A reader of five teams' incidents. */
const fiveTeams: IncidentCondition = {
  property: 'owner_ref',
  values: [0, 1, 2, 3, 4].map(t => `group:default/team-${t}`),
};

const range = (days: number) => ({
  from: new Date(END - days * DAY_MS).toISOString(),
  to: new Date(END).toISOString(),
});

/** The baseline: every incident of the request loaded (paged, with derived times), then computed. */
async function baseline(
  store: DatabaseIncidentsStore,
  request: InsightsRequest,
  scope: { entityRefs?: string[]; condition?: IncidentCondition },
) {
  const ack: number[] = [];
  const resolve: number[] = [];
  let after: IncidentCursor | undefined;
  do {
    const page = await store.listIncidents({
      from: request.from,
      to: request.to,
      entityRefs: scope.entityRefs,
      condition: scope.condition,
      after,
      limit: 1000,
    });
    for (const incident of page.items) {
      if (incident.status === 'merged') continue;
      const declared = Date.parse(incident.declaredAt);
      if (incident.acknowledgedAt) {
        ack.push((Date.parse(incident.acknowledgedAt) - declared) / 1000);
      }
      if (incident.resolvedAt) {
        resolve.push((Date.parse(incident.resolvedAt) - declared) / 1000);
      }
    }
    after = page.last;
  } while (after);
  return {
    acknowledged: distributionOf(ack.sort((a, b) => a - b)),
    resolved: distributionOf(resolve.sort((a, b) => a - b)),
  };
}

async function time(fn: () => Promise<unknown>) {
  const started = performance.now();
  await fn();
  return performance.now() - started;
}

/** The database a previous run kept, if it is there and complete. */
async function keptDatabase(): Promise<Knex | undefined> {
  const admin = knexFactory({ client: 'pg', connection: BENCH_PG_SERVER });
  const exists = await admin('pg_database')
    .where({ datname: DATABASE })
    .first();
  await admin.destroy();
  if (!exists) return undefined;
  const url = new URL(BENCH_PG_SERVER);
  url.pathname = `/${DATABASE}`;
  const db = knexFactory({
    client: 'pg',
    connection: url.toString(),
    pool: { min: 1, max: 8 },
  });
  try {
    const [{ n }] = await db('incident_events').count({ n: '*' });
    if (Number(n) === INCIDENTS * EVENTS_PER_INCIDENT) {
      // a kept database may predate a new migration: bring it up to date
      await migrateDatabase({
        getClient: async () => db,
        migrations: { skip: false },
      });
      await db.raw('vacuum analyze');
      return db;
    }
  } catch {
    // not there, or not seeded
  }
  await db.destroy();
  return undefined;
}

async function main() {
  const loadAtStart = os.loadavg();
  const reuse = process.env.LOOKOUT_BENCH_REUSE === '1';
  const kept = reuse ? await keptDatabase() : undefined;
  const db = kept ?? (await freshDatabase(DATABASE, { poolMax: 8 }));
  try {
    if (kept) console.log('Reusing the seeded database of the last run');
    else {
      console.log(
        `Seeding ${INCIDENTS.toLocaleString()} incidents and ${(
          INCIDENTS * EVENTS_PER_INCIDENT
        ).toLocaleString()} events on PostgreSQL…`,
      );
      const seeded = await time(async () => {
        await migrateDatabase({
          getClient: async () => db,
          migrations: { skip: false },
        });
        await seed(db);
      });
      console.log(`  seeded in ${(seeded / 1000).toFixed(1)} s`);
    }

    const incidentsStore = DatabaseIncidentsStore.create({ knex: db });
    const service = (condition?: IncidentCondition) =>
      new InsightsService({
        store: DatabaseInsightsStore.create({ knex: db }),
        authorizer: { readCondition: async () => condition },
        catalog,
        settings: { changeFailureWindowHours: 24, defaultTimeZone: 'UTC' },
        now: () => new Date(END),
      });
    const credentials = mockCredentials.user();
    const team7 = await catalog.ownedBy('group:default/team-7', credentials);

    const scenarios: Array<{
      name: string;
      request: InsightsRequest;
      condition?: IncidentCondition;
      baselineScope: { entityRefs?: string[]; condition?: IncidentCondition };
    }> = [
      { name: 'all-28d', request: range(28), baselineScope: {} },
      { name: 'all-90d', request: range(90), baselineScope: {} },
      {
        name: 'team-90d',
        request: { ...range(90), groupRef: 'group:default/team-7' },
        baselineScope: { entityRefs: team7 },
      },
      {
        name: 'system-90d',
        request: { ...range(90), entityRef: 'system:default/core' },
        baselineScope: {
          entityRefs: await catalog.partsOf('system:default/core', credentials),
        },
      },
      {
        name: 'reader-of-5-teams-90d',
        request: range(90),
        condition: fiveTeams,
        baselineScope: { condition: fiveTeams },
      },
      { name: 'all-365d', request: range(365), baselineScope: {} },
    ];

    const figures: Record<string, unknown> = {};
    for (const scenario of scenarios) {
      const insights = service(scenario.condition);
      const run = () => insights.insights(scenario.request, credentials);
      // warm the path so it does not pay for a cold cache
      const answer = await run();
      await run();
      const ours: number[] = [];
      for (let i = 0; i < SAMPLES; i++) ours.push(await time(run));
      const loaded: number[] = [];
      let check: Awaited<ReturnType<typeof baseline>> | undefined;
      for (let i = 0; i < BASELINE_SAMPLES; i++) {
        loaded.push(
          await time(async () => {
            check = await baseline(
              incidentsStore,
              answer.query,
              scenario.baselineScope,
            );
          }),
        );
      }
      const a = summarize(ours, 1);
      const b = summarize(loaded, 1);
      // both ways count the same incidents (their medians differ: the insights measure from
      // the first alert, which the baseline would need another load for)
      const agrees =
        check!.acknowledged.n === answer.response.acknowledged.n &&
        check!.resolved.n === answer.resolve.resolved.n;
      figures[scenario.name] = {
        incidents: answer.incidents.n,
        sqlMs: a,
        loadAndComputeMs: b,
        p95Ratio: Math.round((b.p95 / a.p95) * 10) / 10,
        meetsTarget: a.p95 <= TARGET_P95_MS,
        sameIncidents: agrees,
      };
      console.log(
        `${scenario.name.padEnd(22)} n=${String(answer.incidents.n).padStart(
          6,
        )} | ` +
          `SQL p50 ${a.p50} ms, p95 ${a.p95} ms | load+compute p50 ${b.p50} ms, p95 ${b.p95} ms | ` +
          `p95 ratio ${(b.p95 / a.p95).toFixed(
            1,
          )}x | target p95 <= ${TARGET_P95_MS} ms: ${
            a.p95 <= TARGET_P95_MS ? 'met' : 'MISSED'
          } | same incidents: ${agrees ? 'yes' : 'NO'}`,
      );
    }
    console.log(
      JSON.stringify({
        bench: 'insights',
        database: 'postgres',
        incidents: INCIDENTS,
        events: INCIDENTS * EVENTS_PER_INCIDENT,
        samples: SAMPLES,
        baselineSamples: BASELINE_SAMPLES,
        targetP95Ms: TARGET_P95_MS,
        ...figures,
        loadAverage: { start: loadAtStart, end: os.loadavg() },
      }),
    );
  } finally {
    await db.destroy();
    if (!reuse) await dropDatabase(DATABASE);
  }
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
