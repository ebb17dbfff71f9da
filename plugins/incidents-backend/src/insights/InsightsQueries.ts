import { AUTOMATION_STEPS } from '@lookout/plugin-incidents-common';
import { Knex } from 'knex';
import { toDate } from '../database/timestamps';
import { changeFailure, deployedEntities } from './changeFailureQuery';
import {
  FACT_CONSTANTS,
  FACT_COUNTS,
  FACT_DURATIONS,
  FACT_SUMS,
  incidentFacts,
  STEP_COLUMNS,
} from './incidentFacts';
import {
  IncidentFigures,
  InsightsScope,
  InsightsStore,
  ZoneSegment,
} from './InsightsStore';
import { pageLoad } from './pageLoadQuery';
import { scopedPages, withScope } from './insightsScope';
import { dialectOf, SqlDialect } from './sqlDialect';
import {
  aggregateByWeek,
  countOf,
  distributionOfColumn,
  shareOfColumns,
} from './weeklyAggregate';

/** A row of an aggregate; counts come back as strings on PostgreSQL. */

/**
 * Every figure as SQL over the event log, on PostgreSQL and SQLite alike, over one connection
 * or transaction ({@link DatabaseInsightsStore} chooses which): the per-incident figures in one
 * statement ({@link incidentFacts}), change failure in another, on-call load and the action
 * items behind repeats in their own. Only aggregates leave PostgreSQL; see
 * {@link aggregateByWeek} for SQLite.
 */
export class InsightsQueries implements InsightsStore {
  private readonly sql: SqlDialect;

  constructor(private readonly db: Knex) {
    this.sql = dialectOf(db);
  }

  async incidentFigures(
    scope: InsightsScope,
    today: string,
  ): Promise<IncidentFigures> {
    const { base, rows } = incidentFacts(this.db, this.sql, scope, today);
    const aggregates = await aggregateByWeek(this.db, this.sql, base, rows, {
      durations: Object.values(FACT_DURATIONS),
      sums: FACT_SUMS,
      constants: FACT_CONSTANTS,
    });
    const items = aggregates.overall.constants;
    const steps = AUTOMATION_STEPS.map(step => ({
      step,
      automated: aggregates.overall.sums[STEP_COLUMNS[step].automated],
      manual: aggregates.overall.sums[STEP_COLUMNS[step].manual],
    }));
    const byLookout = AUTOMATION_STEPS.map(s => STEP_COLUMNS[s].automated);
    const all = AUTOMATION_STEPS.flatMap(s => [
      STEP_COLUMNS[s].automated,
      STEP_COLUMNS[s].manual,
    ]);
    return {
      incidents: countOf(aggregates),
      durations: Object.fromEntries(
        Object.entries(FACT_DURATIONS).map(([measure, column]) => [
          measure,
          distributionOfColumn(aggregates, column),
        ]),
      ) as IncidentFigures['durations'],
      statusPage: shareOfColumns(
        aggregates,
        [FACT_COUNTS.statusPageDelivered],
        [FACT_COUNTS.statusPageDue],
      ),
      supportReporters: shareOfColumns(
        aggregates,
        [FACT_COUNTS.reportersTold],
        [FACT_COUNTS.reportersDue],
      ),
      automation: {
        steps,
        weekly: shareOfColumns(aggregates, byLookout, all).weekly,
      },
      within30Days: shareOfColumns(
        aggregates,
        [FACT_COUNTS.within30Days],
        [FACT_COUNTS.incidents],
      ),
      within90Days: shareOfColumns(
        aggregates,
        [FACT_COUNTS.within90Days],
        [FACT_COUNTS.incidents],
      ),
      actionItems: {
        done: items.items_done,
        overdue: items.items_overdue,
        open: items.items_total - items.items_done - items.items_overdue,
      },
    };
  }

  async pagedPeople(scope: InsightsScope): Promise<string[]> {
    return withScope(this.db, this.sql, scope)
      .from(scopedPages(this.db, this.sql))
      .distinct('p.user_ref')
      .orderBy('p.user_ref')
      .pluck('p.user_ref');
  }

  pageLoad(scope: InsightsScope, zones: ZoneSegment[]) {
    return pageLoad(this.db, this.sql, scope, zones);
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

  deployedEntities(scope: InsightsScope): Promise<string[]> {
    return deployedEntities(this.db, this.sql, scope);
  }

  changeFailure(
    scope: InsightsScope,
    windowHours: number,
    downstream: Map<string, string[]>,
  ) {
    return changeFailure(this.db, this.sql, scope, windowHours, downstream);
  }
}
