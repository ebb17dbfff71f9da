import { Knex } from 'knex';
import { InsightsScope, InsightsStore, ZoneSegment } from './InsightsStore';
import { InsightsQueries } from './InsightsQueries';

/**
 * The knex implementation of {@link InsightsStore}: the SQL is {@link InsightsQueries}; this
 * decides where it runs. On PostgreSQL each figure runs in its own read transaction with JIT
 * compilation off (these are one-off aggregates whose plans cost enough to trigger JIT, which
 * then spends seconds compiling what runs in milliseconds) and random reads costed as the
 * cached reads they are. The figures of one answer run in
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

  incidentFigures(scope: InsightsScope, today: string) {
    return this.read(q => q.incidentFigures(scope, today));
  }

  pagedPeople(scope: InsightsScope) {
    return this.read(q => q.pagedPeople(scope));
  }

  pageLoad(scope: InsightsScope, zones: ZoneSegment[]) {
    return this.read(q => q.pageLoad(scope, zones));
  }

  scheduleZones(userRefs: string[]) {
    return new InsightsQueries(this.db).scheduleZones(userRefs);
  }

  teamsWithIncidents(from: string, to: string) {
    return new InsightsQueries(this.db).teamsWithIncidents(from, to);
  }

  deployedEntities(scope: InsightsScope) {
    return new InsightsQueries(this.db).deployedEntities(scope);
  }

  changeFailure(
    scope: InsightsScope,
    windowHours: number,
    downstream: Map<string, string[]>,
  ) {
    return this.read(q => q.changeFailure(scope, windowHours, downstream));
  }

  private async read<T>(
    run: (queries: InsightsQueries) => Promise<T>,
  ): Promise<T> {
    if (!this.postgres) return run(new InsightsQueries(this.db));
    return this.db.transaction(
      async tx => {
        await tx.raw('set local jit = off');
        // the figures read a range's incidents and their rows by index, from pages the server
        // keeps in memory; at the default cost of a random read (4, for spinning disks) the
        // planner hashes whole tables instead (all incidents, to join a few thousand
        // postmortems: 145 ms where the index takes 23 ms on the bench's data)
        await tx.raw('set local random_page_cost = 1.1');
        return run(new InsightsQueries(tx));
      },
      { readOnly: true },
    );
  }
}
