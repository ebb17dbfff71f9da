import {
  AUTOMATION_STEPS,
  AutomationStep,
  Distribution,
  Share,
  Weekly,
} from '@lookout/plugin-incidents-common';
import { Knex } from 'knex';
import { toDate } from '../database/timestamps';
import {
  DurationMeasure,
  InsightsScope,
  InsightsStore,
  Measured,
  PageLoadRow,
  ZoneSegment,
} from './InsightsStore';
import {
  narrowIncidents,
  repeats,
  withPrevious,
  withScope,
} from './insightsScope';
import { distributionOf } from './percentiles';
import { dialectOf, SqlDialect, weekStart } from './sqlDialect';

/** Timeline entries that count as the `timeline` automation step. */
const TIMELINE_STEP_TYPES = [
  'status_changed',
  'note',
  'role_assigned',
  'runbook_step',
  'blast_radius',
  'alert_resolved',
  'merged',
];

/** Action item statuses that close an item. */
const CLOSED_ITEM_STATUSES = ['done', 'wont_do'];

/** An actor that is a person; anything else (integrations, Lookout itself) is automation. */
const PERSON_ACTOR = 'user:%';

/** A row of an aggregate; counts come back as strings on PostgreSQL. */
type Row = Record<string, any>;

const num = (value: unknown) => Number(value ?? 0);

const shareOf = (numerator: number, denominator: number): Share => ({
  share: denominator > 0 ? numerator / denominator : null,
  numerator,
  denominator,
});

/**
 * Every figure as SQL over the event log, on PostgreSQL and SQLite alike, over one connection
 * or transaction ({@link DatabaseInsightsStore} chooses which). Only aggregates
 * leave the database, except the sorted duration column SQLite needs for percentiles (it has
 * no `percentile_cont`); {@link distributionOf} then computes them by PostgreSQL's definition.
 */
export class InsightsQueries implements InsightsStore {
  private readonly sql: SqlDialect;

  constructor(private readonly db: Knex) {
    this.sql = dialectOf(db);
  }

  async countIncidents(scope: InsightsScope): Promise<Measured<{ n: number }>> {
    const rows: Row[] = await withScope(this.db, this.sql, scope)
      .from('scoped as s')
      .select('s.week')
      .count({ n: '*' })
      .groupBy('s.week');
    const weekly = rows.map(row => ({
      week: weekStart(num(row.week)),
      n: num(row.n),
    }));
    return {
      overall: { n: weekly.reduce((sum, w) => sum + w.n, 0) },
      weekly,
    };
  }

  async durations(
    scope: InsightsScope,
    measure: DurationMeasure,
  ): Promise<Measured<Distribution>> {
    const { sql, db } = this;
    if (typeof measure === 'object') {
      // each visit lasts until the next status event; visits of one incident add up. The
      // scope is read once, so PostgreSQL inlines it and walks each incident's status events
      // by index instead of hashing every status event there is.
      const spans = db
        .select(
          's.seq',
          's.week',
          'e.status',
          'e.at',
          db.raw(
            'lead(e.at) over (partition by e.incident_seq order by e.at, e.id) as next_at',
          ),
        )
        .from('scoped as s')
        .join('incident_events as e', 'e.incident_seq', 's.seq')
        .whereNotNull('e.status');
      const rows = db
        .select(
          'v.week',
          db.raw(`sum(${sql.secondsBetween('v.at', 'v.next_at')}) as d`),
        )
        .from(spans.as('v'))
        .where('v.status', measure.inStatus)
        .whereNotNull('v.next_at')
        .groupBy('v.seq', 'v.week');
      return this.distribution(withScope(this.db, this.sql, scope), rows);
    }
    const end = {
      firstPage:
        '(select min(p.sent_at) from escalation_pages p where p.incident_seq = s.seq)',
      triageReady:
        '(select t.computed_at from triage_results t where t.incident_seq = s.seq)',
      acknowledged:
        "(select min(e.at) from incident_events e where e.incident_seq = s.seq and e.type = 'acknowledged')",
      resolved:
        "(select min(e.at) from incident_events e where e.incident_seq = s.seq and e.status = 'resolved')",
    }[measure];
    const timed = db
      .select('s.week', db.raw(`${end} as ended_at`), 's.started_at')
      .from('scoped as s');
    const rows = db
      .select(
        't.week',
        db.raw(`${sql.secondsBetween('t.started_at', 't.ended_at')} as d`),
      )
      .from(timed.as('t'))
      .whereNotNull('t.ended_at');
    return this.distribution(
      withScope(this.db, this.sql, scope, { start: true }),
      rows,
    );
  }

  async statusPageDeliveries(scope: InsightsScope): Promise<Measured<Share>> {
    const rows = await withScope(this.db, this.sql, scope)
      .from('scoped as s')
      .join('status_incidents as si', 'si.incident_seq', 's.seq')
      .join('status_updates as u', 'u.status_incident_id', 'si.id')
      .join('status_deliveries as d', 'd.update_id', 'u.id')
      .whereNot('d.state', 'skipped')
      .select(
        's.week',
        this.db.raw(
          "sum(case when d.state = 'delivered' then 1 else 0 end) as numerator",
        ),
      )
      .count({ denominator: '*' })
      .groupBy('s.week');
    return sharesByWeek(rows);
  }

  async automation(scope: InsightsScope): Promise<{
    steps: Array<{ step: AutomationStep; automated: number; manual: number }>;
    weekly: Array<Weekly<Share>>;
  }> {
    const { db } = this;
    const byActor = (column: string) =>
      db.raw(`case when ${column} like ? then 0 else 1 end as automated`, [
        PERSON_ACTOR,
      ]);
    const events = (step: AutomationStep, types: string[]) =>
      db
        .select(db.raw('? as step', [step]), 's.week', byActor('e.actor'))
        .from('incident_events as e')
        .join('scoped as s', 's.seq', 'e.incident_seq')
        .whereIn('e.type', types);
    const parts = [
      events('opened', ['declared']),
      db
        .select(
          db.raw('? as step', ['paged']),
          's.week',
          db.raw('case when p.level > 0 then 1 else 0 end as automated'),
        )
        .from('escalation_pages as p')
        .join('scoped as s', 's.seq', 'p.incident_seq')
        .whereNotNull('p.sent_at'),
      db
        .select(
          db.raw('? as step', ['triaged']),
          's.week',
          db.raw('1 as automated'),
        )
        .from('triage_results as t')
        .join('scoped as s', 's.seq', 't.incident_seq'),
      events('triaged', ['severity_changed']),
      events('drafted', ['status_update_published']),
      db
        .select(
          db.raw('? as step', ['drafted']),
          's.week',
          byActor('pm.created_by'),
        )
        .from('postmortems as pm')
        .join('scoped as s', 's.seq', 'pm.incident_seq'),
      events('timeline', TIMELINE_STEP_TYPES),
    ];
    const [first, ...rest] = parts;
    const rows = await withScope(this.db, this.sql, scope)
      .from(first.unionAll(rest).as('x'))
      .select('x.step', 'x.week', 'x.automated')
      .count({ n: '*' })
      .groupBy('x.step', 'x.week', 'x.automated');

    const steps = AUTOMATION_STEPS.map(step => ({
      step,
      automated: 0,
      manual: 0,
    }));
    const weeks = new Map<number, { numerator: number; denominator: number }>();
    for (const row of rows) {
      const n = num(row.n);
      const automated = num(row.automated) === 1;
      const step = steps.find(s => s.step === row.step)!;
      if (automated) step.automated += n;
      else step.manual += n;
      const week = weeks.get(num(row.week)) ?? { numerator: 0, denominator: 0 };
      week.denominator += n;
      if (automated) week.numerator += n;
      weeks.set(num(row.week), week);
    }
    return {
      steps,
      weekly: [...weeks.entries()]
        .sort(([a], [b]) => a - b)
        .map(([week, w]) => ({
          week: weekStart(week),
          ...shareOf(w.numerator, w.denominator),
        })),
    };
  }

  async recurrence(
    scope: InsightsScope,
    windowDays: number,
  ): Promise<Measured<Share>> {
    const rows = await withPrevious(this.db, this.sql, scope, windowDays)
      .from('scoped as s')
      .leftJoin('origin_prev as op', 'op.seq', 's.seq')
      .leftJoin('cause_prev as cp', 'cp.seq', 's.seq')
      .select(
        's.week',
        this.db.raw(
          `sum(case when ${repeats(this.sql, 'op')} or ${repeats(
            this.sql,
            'cp',
          )} then 1 else 0 end) as numerator`,
          [windowDays, windowDays],
        ),
      )
      .count({ denominator: '*' })
      .groupBy('s.week');
    return sharesByWeek(rows);
  }

  async recurrenceActionItems(
    scope: InsightsScope,
    windowDays: number,
    today: string,
  ): Promise<{ done: number; open: number; overdue: number }> {
    const { db } = this;
    // the incident each repeat follows, by origin or by cause
    const followed = (alias: 'op' | 'cp') =>
      db
        .select(`${alias}.prev_seq`)
        .from('scoped as s')
        .join(
          `${alias === 'op' ? 'origin_prev' : 'cause_prev'} as ${alias}`,
          `${alias}.seq`,
          's.seq',
        )
        .whereRaw(repeats(this.sql, alias), [windowDays]);
    const closed = CLOSED_ITEM_STATUSES.map(() => '?').join(', ');
    const [row] = await withPrevious(this.db, this.sql, scope, windowDays)
      .from('postmortem_action_items as ai')
      .join('postmortems as pm', 'pm.id', 'ai.postmortem_id')
      .where(earlier =>
        earlier
          .whereIn('pm.incident_seq', followed('op'))
          .orWhereIn('pm.incident_seq', followed('cp')),
      )
      .select(
        db.raw(
          `sum(case when ai.status in (${closed}) then 1 else 0 end) as done`,
          CLOSED_ITEM_STATUSES,
        ),
        db.raw(
          `sum(case when ai.status not in (${closed}) and ai.due_date < ? then 1 else 0 end) as overdue`,
          [...CLOSED_ITEM_STATUSES, today],
        ),
      )
      .count({ total: '*' });
    const done = num(row?.done);
    const overdue = num(row?.overdue);
    return { done, overdue, open: num(row?.total) - done - overdue };
  }

  async pagedPeople(scope: InsightsScope): Promise<string[]> {
    return withScope(this.db, this.sql, scope)
      .from('escalation_pages as p')
      .join('scoped as s', 's.seq', 'p.incident_seq')
      .whereNotNull('p.sent_at')
      .distinct('p.user_ref')
      .orderBy('p.user_ref')
      .pluck('p.user_ref');
  }

  async pageLoad(
    scope: InsightsScope,
    zones: ZoneSegment[],
    by: 'person' | 'team',
  ): Promise<PageLoadRow[]> {
    if (zones.length === 0) return [];
    const { db, sql } = this;
    // the zones as a table: VALUES columns are column1.. on both engines
    const tz = db.raw(
      `select column1 as user_ref, column2 as from_s, column3 as to_s, column4 as off_s from (values ${zones
        .map(
          () =>
            '(cast(? as varchar(255)), cast(? as bigint), cast(? as bigint), cast(? as bigint))',
        )
        .join(', ')}) v`,
      zones.flatMap(z => [
        z.userRef,
        z.fromSecond,
        z.toSecond,
        z.offsetSeconds,
      ]),
    );
    const sentSecond = sql.epochSeconds('p.sent_at');
    const paged = db
      .select(
        'p.user_ref',
        db.raw('coalesce(x.group_ref, s.owner_ref) as team_ref'),
        db.raw(`${sentSecond} + tz.off_s as local_s`),
      )
      .from('escalation_pages as p')
      .join('scoped as s', 's.seq', 'p.incident_seq')
      .leftJoin('escalations as x', 'x.incident_seq', 'p.incident_seq')
      .join('tz', join =>
        join
          .on('tz.user_ref', 'p.user_ref')
          .andOn(db.raw(`${sentSecond} >= tz.from_s`))
          .andOn(db.raw(`${sentSecond} < tz.to_s`)),
      )
      .whereNotNull('p.sent_at');
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
    const key = by === 'person' ? 'b.user_ref' : 'b.team_ref';
    const rows: Row[] = await withScope(this.db, this.sql, scope)
      .with('tz', tz)
      .from(bucketed.as('b'))
      .select(
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
      )
      .count({ total: '*' })
      .groupBy(key)
      .orderBy(key);
    return rows.map(row => ({
      userRef: by === 'person' ? String(row.k) : '',
      teamRef: by === 'team' ? (row.k as string | null) : null,
      business: num(row.business),
      off: num(row.off_hours),
      sleep: num(row.sleep),
      total: num(row.total),
      nightsWithPage: num(row.nights),
    }));
  }

  async scheduleZones(userRefs: string[]): Promise<Map<string, string>> {
    const wanted = new Set(userRefs);
    const zones = new Map<string, string>();
    const schedules: Array<{ time_zone: string; layers: string }> =
      await this.db('oncall_schedules')
        .select('time_zone', 'layers')
        .orderBy('created_at')
        .orderBy('id');
    for (const schedule of schedules) {
      const layers = JSON.parse(schedule.layers) as Array<{
        members?: string[];
      }>;
      for (const member of layers.flatMap(layer => layer.members ?? [])) {
        const ref = member.toLocaleLowerCase('en-US');
        if (wanted.has(ref) && !zones.has(ref))
          zones.set(ref, schedule.time_zone);
      }
    }
    return zones;
  }

  async teamsWithIncidents(from: string, to: string): Promise<string[]> {
    return this.db('incidents')
      .where('declared_at', '>=', toDate(from)!)
      .where('declared_at', '<', toDate(to)!)
      .whereNotNull('owner_ref')
      .distinct('owner_ref')
      .orderBy('owner_ref')
      .pluck('owner_ref');
  }

  async changeFailure(
    scope: InsightsScope,
    windowHours: number,
  ): Promise<{ rate: Measured<Share>; recover: Measured<Distribution> }> {
    const { db, sql } = this;
    const deploys = db('change_events as c')
      .select(
        'c.id',
        'c.entity_ref',
        'c.at',
        db.raw(`${sql.week('c.at')} as week`),
      )
      .where('c.at', '>=', toDate(scope.from)!)
      .where('c.at', '<', toDate(scope.to)!)
      .whereNotNull('c.entity_ref');
    if (scope.entityRefs) deploys.whereIn('c.entity_ref', scope.entityRefs);

    // the first readable incident on the deployed entity within the window
    const following = db('incident_entities as ie')
      .join('incidents as i', 'i.seq', 'ie.incident_seq')
      .select('ie.incident_seq')
      .whereRaw('ie.entity_ref = d.entity_ref')
      .whereRaw('ie.declared_at >= d.at')
      .whereRaw(`ie.declared_at < ${sql.plusHours('d.at')}`, [windowHours])
      .whereNot('i.status', 'merged')
      .orderBy('ie.declared_at')
      .orderBy('ie.incident_seq')
      .limit(1);
    narrowIncidents(following, scope, 'i');
    const failed = db
      .select('d.week', 'd.at', db.raw('(?) as failed_seq', [following]))
      .from('deploys as d');

    const rateRows = await db
      .with('deploys', deploys)
      .from(failed.as('f'))
      .select('f.week')
      .count({ denominator: '*' })
      .count({ numerator: 'f.failed_seq' })
      .groupBy('f.week');

    const recovered = db
      .select(
        'f.week',
        db.raw(
          `${sql.secondsBetween(
            'f.at',
            "(select min(e.at) from incident_events e where e.incident_seq = f.failed_seq and e.status = 'resolved')",
          )} as d`,
        ),
      )
      .from(failed.as('f'))
      .whereNotNull('f.failed_seq');
    const rows = db
      .select('r.week', 'r.d')
      .from(recovered.as('r'))
      .whereNotNull('r.d');
    return {
      rate: sharesByWeek(rateRows),
      recover: await this.distribution(
        db.queryBuilder().with('deploys', deploys),
        rows,
      ),
    };
  }

  /**
   * Median, p90 and n of the `d` column of `rows` (with a `week` column), overall and per
   * week: `percentile_cont` on PostgreSQL, the sorted column through {@link distributionOf}
   * on SQLite.
   */
  private async distribution(
    base: Knex.QueryBuilder,
    rows: Knex.QueryBuilder,
  ): Promise<Measured<Distribution>> {
    const { db } = this;
    if (this.sql.isPostgres) {
      const result: Row[] = await base
        .from(rows.as('x'))
        .select(
          'x.week',
          db.raw('percentile_cont(0.5) within group (order by x.d) as median'),
          db.raw('percentile_cont(0.9) within group (order by x.d) as p90'),
          db.raw('grouping(x.week) as overall'),
        )
        .count({ n: '*' })
        .groupByRaw('grouping sets ((x.week), ())');
      const value = (row: Row): Distribution => ({
        median: row.median === null ? null : Number(row.median),
        p90: row.p90 === null ? null : Number(row.p90),
        n: num(row.n),
      });
      const overall = result.find(row => num(row.overall) === 1);
      return {
        overall: overall ? value(overall) : { median: null, p90: null, n: 0 },
        weekly: result
          .filter(row => num(row.overall) === 0)
          .sort((a, b) => num(a.week) - num(b.week))
          .map(row => ({ week: weekStart(num(row.week)), ...value(row) })),
      };
    }
    const sorted: Array<{ week: number; d: number }> = await base
      .from(rows.as('x'))
      .select('x.week', 'x.d')
      .orderBy('x.d');
    const byWeek = new Map<number, number[]>();
    for (const row of sorted) {
      const list = byWeek.get(num(row.week)) ?? [];
      list.push(Number(row.d));
      byWeek.set(num(row.week), list);
    }
    return {
      overall: distributionOf(sorted.map(row => Number(row.d))),
      weekly: [...byWeek.entries()]
        .sort(([a], [b]) => a - b)
        .map(([week, values]) => ({
          week: weekStart(week),
          ...distributionOf(values),
        })),
    };
  }
}

function sharesByWeek(rows: Array<Record<string, unknown>>): Measured<Share> {
  const weekly = rows
    .map(row => ({
      week: num(row.week),
      numerator: num(row.numerator),
      denominator: num(row.denominator),
    }))
    .sort((a, b) => a.week - b.week);
  const numerator = weekly.reduce((sum, w) => sum + w.numerator, 0);
  const denominator = weekly.reduce((sum, w) => sum + w.denominator, 0);
  return {
    overall: shareOf(numerator, denominator),
    weekly: weekly.map(w => ({
      week: weekStart(w.week),
      ...shareOf(w.numerator, w.denominator),
    })),
  };
}
