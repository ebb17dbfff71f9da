import { Knex } from 'knex';
import { InsightsScope, PageLoadRow, ZoneSegment } from './InsightsStore';
import { scopedPages, withScope } from './insightsScope';
import { SqlDialect } from './sqlDialect';

type Row = Record<string, any>;

const num = (value: unknown) => Number(value ?? 0);

/**
 * Pages per person and per team, read on each person's clock (`zones` covers every paged
 * person at every time), in one statement: the pages are bucketed once and counted both ways.
 */
export async function pageLoad(
  db: Knex,
  sql: SqlDialect,
  scope: InsightsScope,
  zones: ZoneSegment[],
): Promise<{ people: PageLoadRow[]; teams: PageLoadRow[] }> {
  if (zones.length === 0) return { people: [], teams: [] };
  // the zones as a table: VALUES columns are column1.. on both engines
  const tz = db.raw(
    `select column1 as user_ref, column2 as from_s, column3 as to_s, column4 as off_s from (values ${zones
      .map(
        () =>
          '(cast(? as varchar(255)), cast(? as bigint), cast(? as bigint), cast(? as bigint))',
      )
      .join(', ')}) v`,
    zones.flatMap(z => [z.userRef, z.fromSecond, z.toSecond, z.offsetSeconds]),
  );
  const sentSecond = sql.epochSeconds('p.sent_at');
  const paged = db
    .select(
      'p.user_ref',
      db.raw('coalesce(x.group_ref, s.owner_ref) as team_ref'),
      db.raw(`${sentSecond} + tz.off_s as local_s`),
    )
    .from(scopedPages(db, sql))
    .leftJoin('escalations as x', 'x.incident_seq', 'p.incident_seq')
    .join('tz', join =>
      join
        .on('tz.user_ref', 'p.user_ref')
        .andOn(db.raw(`${sentSecond} >= tz.from_s`))
        .andOn(db.raw(`${sentSecond} < tz.to_s`)),
    );
  // seconds into the local day; day 0 (1970-01-01) was a Thursday, so (day + 4) % 7 is 0 on Sundays
  const bucketed = db
    .select(
      'g.user_ref',
      'g.team_ref',
      'g.local_s',
      db.raw(`case
        when g.local_s % 86400 >= 79200 or g.local_s % 86400 < 28800 then 'sleep'
        when (g.local_s / 86400 + 4) % 7 between 1 and 5 and g.local_s % 86400 < 64800 then 'business'
        else 'off' end as bucket`),
    )
    .from(paged.as('g'));
  const counted = (by: 'person' | 'team') => {
    const key = by === 'person' ? 'b.user_ref' : 'b.team_ref';
    return db
      .from('bucketed as b')
      .select(
        db.raw('? as by', [by]),
        db.raw(`${key} as k`),
        db.raw(
          "sum(case when b.bucket = 'business' then 1 else 0 end) as business",
        ),
        db.raw(
          "sum(case when b.bucket = 'off' then 1 else 0 end) as off_hours",
        ),
        db.raw("sum(case when b.bucket = 'sleep' then 1 else 0 end) as sleep"),
        // a night runs 22:00 to 08:00 and is named by the day it starts on
        db.raw(
          "count(distinct case when b.bucket = 'sleep' then (b.local_s - 28800) / 86400 end) as nights",
        ),
        db.raw('count(*) as total'),
      )
      .groupBy(key);
  };
  const rows: Row[] = await withScope(db, sql, scope)
    .with('tz', tz)
    .with('bucketed', bucketed)
    .from(
      db.raw(
        '(select * from (?) as per_person union all select * from (?) as per_team) as c',
        [counted('person'), counted('team')],
      ),
    )
    .select('c.*')
    .orderBy('c.k');
  const load = (row: Row) => ({
    business: num(row.business),
    off: num(row.off_hours),
    sleep: num(row.sleep),
    total: num(row.total),
    nightsWithPage: num(row.nights),
  });
  return {
    people: rows
      .filter(row => row.by === 'person')
      .map(row => ({ userRef: String(row.k), teamRef: null, ...load(row) })),
    teams: rows
      .filter(row => row.by === 'team')
      .map(row => ({
        userRef: '',
        teamRef: row.k as string | null,
        ...load(row),
      })),
  };
}
