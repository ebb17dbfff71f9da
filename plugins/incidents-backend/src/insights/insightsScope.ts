import { Knex } from 'knex';
import { toDate } from '../database/timestamps';
import { applyCondition } from '../permissions/conditions';
import { InsightsScope } from './InsightsStore';
import { SqlDialect } from './sqlDialect';

// The common table expressions every figure starts from: the incidents in scope (the time
// range, the catalog scope, severity, source and what the reader may read), and for
// recurrence each incident's predecessor on its origin and on its cause.

const DAY_MS = 86_400_000;

/** The scoped incidents as a CTE named `scoped`: seq, declared_at, entity_ref, owner_ref, week. */
export function withScope(
  db: Knex,
  sql: SqlDialect,
  scope: InsightsScope,
  options: { start?: boolean } = {},
): Knex.QueryBuilder {
  const scoped = db('incidents as i')
    .select(
      'i.seq',
      'i.declared_at',
      'i.entity_ref',
      'i.owner_ref',
      db.raw(`${sql.week('i.declared_at')} as week`),
    )
    .where('i.declared_at', '>=', toDate(scope.from)!)
    .where('i.declared_at', '<', toDate(scope.to)!)
    .whereNot('i.status', 'merged');
  if (options.start) {
    // an incident starts with its first alert, or when declared if that came first
    scoped.select(
      db.raw(
        `${sql.earliest(
          'i.declared_at',
          'coalesce((select min(a.first_seen_at) from alerts a where a.incident_seq = i.seq), i.declared_at)',
        )} as started_at`,
      ),
    );
  }
  if (scope.entityRefs || scope.ownerRefs) {
    const entityRefs = scope.entityRefs ?? [];
    const ownerRefs = scope.ownerRefs ?? [];
    scoped.where(within => {
      within.whereIn(
        'i.seq',
        db('incident_entities')
          .select('incident_seq')
          .whereIn('entity_ref', entityRefs),
      );
      if (ownerRefs.length) within.orWhereIn('i.owner_ref', ownerRefs);
    });
  }
  narrowIncidents(scoped, scope, 'i');
  return db.queryBuilder().with('scoped', scoped);
}

/**
 * The scope, plus for every incident the one before it on the same origin (`origin_prev`)
 * and, for incidents whose postmortem names a cause, the one before it with the same cause
 * (`cause_prev`): readable, not merged, ordered by declaration time then id. The nearest
 * earlier one decides whether an incident repeats within a window (if it is too old, all
 * earlier ones are), so one sorted pass answers what a join of every pair would.
 */
export function withPrevious(
  db: Knex,
  sql: SqlDialect,
  scope: InsightsScope,
  windowDays: number,
  options: { start?: boolean } = {},
): Knex.QueryBuilder {
  // an earlier incident can only matter if it is within the window of the first in scope
  const since = new Date(Date.parse(scope.from) - windowDays * DAY_MS);
  const origins = db('incidents as i')
    .select(
      'i.seq',
      db.raw(
        'lag(i.declared_at) over (partition by i.entity_ref order by i.declared_at, i.seq) as prev_at',
      ),
      db.raw(
        'lag(i.seq) over (partition by i.entity_ref order by i.declared_at, i.seq) as prev_seq',
      ),
    )
    .where('i.declared_at', '>=', since)
    .where('i.declared_at', '<', toDate(scope.to)!)
    .whereIn('i.entity_ref', db('scoped').select('entity_ref'))
    .whereNot('i.status', 'merged');
  const causes = db('postmortems as pm')
    .join('incidents as i', 'i.seq', 'pm.incident_seq')
    .select(
      'pm.incident_seq as seq',
      db.raw(
        'lag(pm.incident_declared_at) over (partition by pm.root_cause_entity_ref order by pm.incident_declared_at, pm.incident_seq) as prev_at',
      ),
      db.raw(
        'lag(pm.incident_seq) over (partition by pm.root_cause_entity_ref order by pm.incident_declared_at, pm.incident_seq) as prev_seq',
      ),
    )
    .whereNotNull('pm.root_cause_entity_ref')
    .where('pm.incident_declared_at', '>=', since)
    .where('pm.incident_declared_at', '<', toDate(scope.to)!)
    .whereNot('i.status', 'merged');
  if (scope.condition) {
    applyCondition(origins, scope.condition, 'i');
    applyCondition(causes, scope.condition, 'i');
  }
  return withScope(db, sql, scope, options)
    .with('origin_prev', origins)
    .with('cause_prev', causes);
}

/**
 * FROM clause: the scoped incidents `s`, each with its pages sent (`p`), read by index per
 * incident on PostgreSQL (a hash join would read every page there is).
 */
export function scopedPages(db: Knex, sql: SqlDialect): Knex.Raw {
  return db.raw(
    sql.isPostgres
      ? 'scoped s cross join lateral (select p.incident_seq, p.user_ref, p.sent_at from escalation_pages p where p.incident_seq = s.seq and p.sent_at is not null) p'
      : 'scoped s join escalation_pages p on p.incident_seq = s.seq and p.sent_at is not null',
  );
}

/** SQL: the previous incident of `alias` came at most `?` days before the scoped one. */
export function repeats(sql: SqlDialect, alias: 'op' | 'cp'): string {
  return `${alias}.prev_at >= ${sql.minusDays('s.declared_at')}`;
}

/** Severity, source and the reader's condition, on the incidents aliased `alias`. */
export function narrowIncidents(
  query: Knex.QueryBuilder,
  scope: InsightsScope,
  alias: string,
): void {
  if (scope.severity?.length)
    query.whereIn(`${alias}.severity`, scope.severity);
  if (scope.source?.length) query.whereIn(`${alias}.source`, scope.source);
  if (scope.condition) applyCondition(query, scope.condition, alias);
}
