import { Distribution, Share } from '@lookout/plugin-incidents-common';
import { Knex } from 'knex';
import { toDate } from '../database/timestamps';
import { InsightsScope, Measured } from './InsightsStore';
import { narrowIncidents } from './insightsScope';
import { SqlDialect } from './sqlDialect';
import {
  aggregateByWeek,
  distributionOfColumn,
  shareOfColumns,
} from './weeklyAggregate';

/** The deploys (change events on an entity) of the range, narrowed to the scope's entities. */
function deploysOf(db: Knex, sql: SqlDialect, scope: InsightsScope) {
  const deploys = db('change_events as c')
    .where('c.at', '>=', toDate(scope.from)!)
    .where('c.at', '<', toDate(scope.to)!)
    .whereNotNull('c.entity_ref');
  if (scope.entityRefs) deploys.whereIn('c.entity_ref', scope.entityRefs);
  return deploys.select(
    'c.id',
    'c.entity_ref',
    'c.at',
    db.raw(`${sql.week('c.at')} as week`),
  );
}

/** The entities deployed in the range, for the catalog to find what is downstream of them. */
export async function deployedEntities(
  db: Knex,
  sql: SqlDialect,
  scope: InsightsScope,
): Promise<string[]> {
  const rows: Array<{ entity_ref: string }> = await db
    .from(deploysOf(db, sql, scope).as('d'))
    .distinct('d.entity_ref')
    .orderBy('d.entity_ref');
  return rows.map(row => row.entity_ref);
}

/**
 * Change failure rate and time to recover in one statement: each deploy with the first
 * readable incident that followed it within the window on the deployed entity or on one
 * downstream of it (`downstream`: deployed ref → refs that depend on it), and the time from the
 * deploy to that incident's first resolution.
 */
export async function changeFailure(
  db: Knex,
  sql: SqlDialect,
  scope: InsightsScope,
  windowHours: number,
  downstream: Map<string, string[]>,
): Promise<{ rate: Measured<Share>; recover: Measured<Distribution> }> {
  const pairs = [...downstream.entries()].flatMap(([deployed, refs]) =>
    refs.map(ref => [deployed, ref]),
  );
  const base = db.queryBuilder().with('deploys', deploysOf(db, sql, scope));
  // every entity a deploy may fail: its own, and those downstream of it
  const targets = db.select('d.id', 'd.entity_ref as ref').from('deploys as d');
  if (pairs.length > 0) {
    base.with(
      'reach',
      db.raw(
        `select column1 as deployed_ref, column2 as entity_ref from (values ${pairs
          .map(() => '(cast(? as varchar(255)), cast(? as varchar(255)))')
          .join(', ')}) v`,
        pairs.flat(),
      ),
    );
    targets.unionAll(
      db
        .select('d.id', 'r.entity_ref as ref')
        .from('deploys as d')
        .join('reach as r', 'r.deployed_ref', 'd.entity_ref'),
    );
  }
  // on each of them, the first readable incident within the window: one index read each
  const following = db('incident_entities as ie')
    .join('incidents as i', 'i.seq', 'ie.incident_seq')
    .select('ie.incident_seq')
    .whereRaw('ie.entity_ref = t.ref')
    .whereRaw('ie.declared_at >= d.at')
    .whereRaw(`ie.declared_at < ${sql.plusHours('d.at')}`, [windowHours])
    .whereNot('i.status', 'merged')
    .orderBy('ie.declared_at')
    .orderBy('ie.incident_seq')
    .limit(1);
  narrowIncidents(following, scope, 'i');
  // materialized, so each lookup runs once however often its result is read
  base.withMaterialized(
    'firsts',
    db
      .select('t.id', db.raw('(?) as seq', [following]))
      .from(targets.as('t'))
      .join('deploys as d', 'd.id', 't.id'),
  );
  // the deploy failed with the earliest of them (each incident's time read by its key)
  base.with(
    'picked',
    db
      .select(
        'f.id',
        'f.seq',
        db.raw(
          'row_number() over (partition by f.id order by (select i.declared_at from incidents i where i.seq = f.seq), f.seq) as nth',
        ),
      )
      .from('firsts as f')
      .whereNotNull('f.seq'),
  );
  const failed = db
    .select('d.week', 'd.at', 'p.seq as failed_seq')
    .from('deploys as d')
    .leftJoin('picked as p', join =>
      join.on('p.id', 'd.id').andOn('p.nth', db.raw('1')),
    );
  const resolvedAt =
    "(select min(e.at) from incident_events e where e.incident_seq = f.failed_seq and e.status = 'resolved')";
  const rows = db
    .select(
      'f.week',
      db.raw(
        'case when f.failed_seq is null then 0 else 1 end as failed_deploys',
      ),
      db.raw('1 as deploys'),
      db.raw(`${sql.secondsBetween('f.at', resolvedAt)} as recover`),
    )
    .from(failed.as('f'));
  const aggregates = await aggregateByWeek(db, sql, base, rows, {
    durations: ['recover'],
    sums: ['failed_deploys', 'deploys'],
  });
  return {
    rate: shareOfColumns(aggregates, ['failed_deploys'], ['deploys']),
    recover: distributionOfColumn(aggregates, 'recover'),
  };
}
