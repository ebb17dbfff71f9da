/** A timestamp column as knex reads it: a Date on PostgreSQL, epoch milliseconds on SQLite. */
export type Timestamp = Date | number | string;

/**
 * Knex returns timestamps as Date on PostgreSQL and as epoch milliseconds on SQLite
 * (better-sqlite3 binds a Date as its number); this turns either into ISO 8601.
 */
export function toIso(value: Date | number | string): string;
export function toIso(
  value: Date | number | string | null | undefined,
): string | null;
export function toIso(
  value: Date | number | string | null | undefined,
): string | null {
  if (value === null || value === undefined) {
    return null;
  }
  return new Date(value).toISOString();
}

/** The inverse of {@link toIso}: what to bind for a timestamp column. */
export function toDate(value: string | null | undefined): Date | null {
  return value ? new Date(value) : null;
}
