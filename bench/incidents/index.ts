/*
 * bench/incidents: list latency on PostgreSQL with 100,000 incidents.
 *
 * Seeds a fresh database through the plugin's own migrations, then times the two lists the
 * portal calls most, as the backend runs them (DatabaseIncidentsStore, derived timestamps
 * included), beside the OFFSET/COUNT pagination most CRUD backends use, in the same run:
 *   - a filtered list (status and severity), paged with the cursor;
 *   - an entity's incidents (origin or impacted), paged with the cursor.
 * Target: p95 <= 20 ms for both. Ends with one JSON line of the figures.
 *
 * Run: npm run bench -- incidents   (LOOKOUT_BENCH_PG overrides the server URL)
 */
import { Knex } from 'knex';
import { performance } from 'node:perf_hooks';
import { migrateDatabase } from '../../plugins/incidents-backend/src/database/migrateDatabase';
import { DatabaseIncidentsStore } from '../../plugins/incidents-backend/src/incidents/DatabaseIncidentsStore';
import {
  IncidentCursor,
  IncidentFilter,
} from '../../plugins/incidents-backend/src/incidents/IncidentsStore';
import { dropDatabase, freshDatabase } from '../lib/postgres';
import { random, summarize } from '../lib/stats';

const DATABASE = 'lookout_bench_incidents';
const INCIDENTS = 100_000;
const ENTITIES = 2_000;
const SAMPLES = 1_000;
const PAGES = 5;
const PAGE_SIZE = 50;
const TARGET_P95_MS = 20;

async function seed(db: Knex) {
  const rand = random(42);
  const statuses = [
    'resolved',
    'closed',
    'closed',
    'resolved',
    'investigating',
  ];
  const severities = ['SEV1', 'SEV2', 'SEV3', 'SEV3', 'SEV4', 'SEV4'];
  // power law: a few entities have most incidents, as in real portals
  const entity = () =>
    `component:default/svc-${Math.floor(ENTITIES * rand() ** 3)}`;
  const start = Date.parse('2024-12-01T00:00:00Z');
  const span = 2 * 365 * 86_400_000;
  const batch = 1000;
  for (let offset = 0; offset < INCIDENTS; offset += batch) {
    const incidents = [];
    const entities = [];
    const events = [];
    for (let i = 0; i < batch; i++) {
      const seq = offset + i + 1;
      const declared = new Date(start + Math.floor(rand() * span));
      const origin = entity();
      const impacted = rand() < 0.4 ? entity() : undefined;
      const status = statuses[Math.floor(rand() * statuses.length)];
      incidents.push({
        seq,
        title: `Incident ${seq} on ${origin.split('/')[1]}`,
        description: 'Synthetic incident for the list benchmark',
        severity: severities[Math.floor(rand() * severities.length)],
        status,
        entity_ref: origin,
        impacted_entity_refs: JSON.stringify(
          impacted && impacted !== origin ? [impacted] : [],
        ),
        owner_ref: `group:default/team-${Math.floor(rand() * 50)}`,
        source: 'alert',
        labels: '{}',
        links: '[]',
        created_by: 'user:default/bench',
        version: 1,
        declared_at: declared,
        updated_at: declared,
      });
      entities.push({
        incident_seq: seq,
        entity_ref: origin,
        role: 'origin',
        declared_at: declared,
      });
      if (impacted && impacted !== origin) {
        entities.push({
          incident_seq: seq,
          entity_ref: impacted,
          role: 'impacted',
          declared_at: declared,
        });
      }
      const at = (minutes: number) =>
        new Date(declared.getTime() + minutes * 60_000);
      events.push(
        {
          incident_seq: seq,
          type: 'declared',
          status: 'triage',
          actor: 'a',
          at: declared,
          data: '{}',
        },
        {
          incident_seq: seq,
          type: 'acknowledged',
          status: null,
          actor: 'a',
          at: at(4),
          data: '{}',
        },
      );
      if (status !== 'investigating') {
        events.push({
          incident_seq: seq,
          type: 'status_changed',
          status: 'resolved',
          actor: 'a',
          at: at(60),
          data: '{}',
        });
      }
    }
    await db('incidents').insert(incidents);
    await db('incident_entities').insert(entities);
    await db('incident_events').insert(events);
  }
  // keep the identity sequence ahead of the explicit seqs above
  await db.raw(
    `select setval(pg_get_serial_sequence('incidents', 'seq'), ${INCIDENTS})`,
  );
  await db.raw('analyze');
}

/** The common way: COUNT(*) for the total, then OFFSET for the page. */
async function offsetPage(
  db: Knex,
  filter: Omit<IncidentFilter, 'limit'>,
  page: number,
) {
  const base = () => {
    const q = db('incidents as i');
    if (filter.entityRef) {
      q.whereIn(
        'i.seq',
        db('incident_entities')
          .select('incident_seq')
          .where('entity_ref', filter.entityRef),
      );
    }
    if (filter.status) q.whereIn('i.status', filter.status);
    if (filter.severity) q.whereIn('i.severity', filter.severity);
    return q;
  };
  const [{ count }] = await base().count({ count: '*' });
  const rows = await base()
    .select('i.*')
    .orderBy([
      { column: 'i.declared_at', order: 'desc' },
      { column: 'i.seq', order: 'desc' },
    ])
    .offset(page * PAGE_SIZE)
    .limit(PAGE_SIZE);
  return { count: Number(count), rows };
}

async function time(fn: () => Promise<unknown>) {
  const started = performance.now();
  await fn();
  return performance.now() - started;
}

async function main() {
  const db = await freshDatabase(DATABASE, { poolMax: 4 });
  try {
    console.log(
      `Seeding ${INCIDENTS.toLocaleString()} incidents on PostgreSQL…`,
    );
    const seeded = await time(async () => {
      await migrateDatabase({
        getClient: async () => db,
        migrations: { skip: false },
      });
      await seed(db);
    });
    console.log(`  seeded in ${(seeded / 1000).toFixed(1)} s`);
    const store = DatabaseIncidentsStore.create({ knex: db });
    const rand = random(7);

    const filters: Array<Omit<IncidentFilter, 'limit'>> = [
      { status: ['resolved'], severity: ['SEV1', 'SEV2'] },
      { status: ['closed'] },
      { severity: ['SEV1'] },
      { status: ['investigating'] },
    ];
    const hotEntity = () =>
      `component:default/svc-${Math.floor(ENTITIES * rand() ** 3)}`;

    const scenarios = {
      filteredList: () => filters[Math.floor(rand() * filters.length)],
      entityIncidents: () => ({ entityRef: hotEntity() }),
    };

    const figures: Record<string, unknown> = {};
    for (const [name, pick] of Object.entries(scenarios)) {
      const ours: number[] = [];
      const baseline: number[] = [];
      // warm both paths so neither pays for a cold cache
      for (let i = 0; i < 20; i++) {
        await store.listIncidents({ ...pick(), limit: PAGE_SIZE });
        await offsetPage(db, pick(), 0);
      }
      for (let sample = 0; sample < SAMPLES / PAGES; sample++) {
        const filter = pick();
        let after: IncidentCursor | undefined;
        for (let page = 0; page < PAGES; page++) {
          let last: IncidentCursor | undefined;
          ours.push(
            await time(async () => {
              last = (
                await store.listIncidents({
                  ...filter,
                  after,
                  limit: PAGE_SIZE,
                })
              ).last;
            }),
          );
          baseline.push(await time(() => offsetPage(db, filter, page)));
          after = last;
          if (!after) break;
        }
      }
      const a = summarize(ours, 2);
      const b = summarize(baseline, 2);
      figures[name] = {
        samples: ours.length,
        cursorMs: a,
        offsetCountMs: b,
        p95Speedup: Math.round((b.p95 / a.p95) * 10) / 10,
        meetsTarget: a.p95 <= TARGET_P95_MS,
      };
      console.log(
        `${name.padEnd(16)} cursor p50 ${a.p50} ms, p95 ${a.p95} ms, p99 ${
          a.p99
        } ms | ` +
          `OFFSET/COUNT p50 ${b.p50} ms, p95 ${b.p95} ms, p99 ${b.p99} ms | ` +
          `p95 ratio ${(b.p95 / a.p95).toFixed(
            1,
          )}x | target p95 <= ${TARGET_P95_MS} ms: ${
            a.p95 <= TARGET_P95_MS ? 'met' : 'MISSED'
          }`,
      );
    }
    console.log(
      JSON.stringify({
        bench: 'incidents',
        database: 'postgres',
        incidents: INCIDENTS,
        pageSize: PAGE_SIZE,
        ...figures,
      }),
    );
  } finally {
    await db.destroy();
    await dropDatabase(DATABASE);
  }
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
