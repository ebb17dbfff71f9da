import { Knex } from 'knex';

/** 1970-01-05, the first Monday of the epoch, in seconds: weeks start on Monday (UTC). */
const FIRST_MONDAY_SECONDS = 345_600;
const WEEK_SECONDS = 604_800;

/**
 * The few expressions that differ between the engines. Timestamps are `timestamptz` on
 * PostgreSQL and epoch milliseconds (integers) on SQLite; every expression here gives the
 * same number on both, so the figures match exactly.
 */
export interface SqlDialect {
  isPostgres: boolean;
  /** Seconds from `start` to `end`, as a double; null when either is null. */
  secondsBetween(start: string, end: string): string;
  /** Whole epoch seconds of a timestamp (floored). */
  epochSeconds(column: string): string;
  /** The week number (Monday-based, UTC) of a timestamp; see {@link weekStart}. */
  week(column: string): string;
  /** `column` minus `?` days; binds one number. */
  minusDays(column: string): string;
  /** `column` plus `?` hours; binds one number. */
  plusHours(column: string): string;
  /** The earlier of two timestamps, neither null. */
  earliest(a: string, b: string): string;
}

export function dialectOf(db: Knex): SqlDialect {
  const client = String(db.client.config.client);
  if (client === 'pg') {
    return {
      isPostgres: true,
      secondsBetween: (start, end) =>
        `cast(extract(epoch from (${end} - ${start})) as double precision)`,
      epochSeconds: column =>
        `cast(floor(extract(epoch from ${column})) as bigint)`,
      week: column =>
        `cast(floor((extract(epoch from ${column}) - ${FIRST_MONDAY_SECONDS}) / ${WEEK_SECONDS}) as integer)`,
      minusDays: column =>
        `(${column} - cast(? as integer) * interval '24 hours')`,
      plusHours: column =>
        `(${column} + cast(? as integer) * interval '1 hour')`,
      earliest: (a, b) => `least(${a}, ${b})`,
    };
  }
  return {
    isPostgres: false,
    secondsBetween: (start, end) => `((${end} - ${start}) / 1000.0)`,
    epochSeconds: column => `(${column} / 1000)`,
    week: column =>
      `((${column} - ${FIRST_MONDAY_SECONDS * 1000}) / ${WEEK_SECONDS * 1000})`,
    minusDays: column => `(${column} - cast(? as integer) * 86400000)`,
    plusHours: column => `(${column} + cast(? as integer) * 3600000)`,
    earliest: (a, b) => `min(${a}, ${b})`,
  };
}

/** The Monday (YYYY-MM-DD) that starts week number `week`. */
export function weekStart(week: number): string {
  return new Date((week * WEEK_SECONDS + FIRST_MONDAY_SECONDS) * 1000)
    .toISOString()
    .slice(0, 10);
}

/** The week number of an ISO time, as {@link SqlDialect.week} computes it. */
export function weekOf(iso: string): number {
  return Math.floor(
    (Date.parse(iso) / 1000 - FIRST_MONDAY_SECONDS) / WEEK_SECONDS,
  );
}
