import { Knex } from 'knex';
import {
  InsightsScope,
  InsightsStore,
  ZoneSegment,
  DurationMeasure,
} from './InsightsStore';
import { InsightsQueries } from './InsightsQueries';

/**
 * The knex implementation of {@link InsightsStore}: the SQL is {@link InsightsQueries}; this
 * decides where it runs. On PostgreSQL each figure runs in its own read transaction with JIT
 * compilation off: these are one-off aggregates whose plans cost enough to trigger JIT, which
 * then spends seconds compiling what runs in milliseconds. The figures of one answer run in
 * parallel, each on a connection of its own.
 */
export class DatabaseInsightsStore implements InsightsStore {
  static create(options: { knex: Knex }): DatabaseInsightsStore {
    return new DatabaseInsightsStore(options.knex);
  }

  private readonly postgres: boolean;

  private constructor(private readonly db: Knex) {
    this.postgres = String(db.client.config.client) === 'pg';
  }

  countIncidents(scope: InsightsScope) {
    return this.read(q => q.countIncidents(scope));
  }

  durations(scope: InsightsScope, measure: DurationMeasure) {
    return this.read(q => q.durations(scope, measure));
  }

  statusPageDeliveries(scope: InsightsScope) {
    return this.read(q => q.statusPageDeliveries(scope));
  }

  automation(scope: InsightsScope) {
    return this.read(q => q.automation(scope));
  }

  recurrence(scope: InsightsScope, windowDays: number) {
    return this.read(q => q.recurrence(scope, windowDays));
  }

  recurrenceActionItems(
    scope: InsightsScope,
    windowDays: number,
    today: string,
  ) {
    return this.read(q => q.recurrenceActionItems(scope, windowDays, today));
  }

  pagedPeople(scope: InsightsScope) {
    return this.read(q => q.pagedPeople(scope));
  }

  pageLoad(scope: InsightsScope, zones: ZoneSegment[], by: 'person' | 'team') {
    return this.read(q => q.pageLoad(scope, zones, by));
  }

  scheduleZones(userRefs: string[]) {
    return new InsightsQueries(this.db).scheduleZones(userRefs);
  }

  teamsWithIncidents(from: string, to: string) {
    return new InsightsQueries(this.db).teamsWithIncidents(from, to);
  }

  changeFailure(scope: InsightsScope, windowHours: number) {
    return this.read(q => q.changeFailure(scope, windowHours));
  }

  private async read<T>(
    run: (queries: InsightsQueries) => Promise<T>,
  ): Promise<T> {
    if (!this.postgres) return run(new InsightsQueries(this.db));
    return this.db.transaction(
      async tx => {
        await tx.raw('set local jit = off');
        return run(new InsightsQueries(tx));
      },
      { readOnly: true },
    );
  }
}
