import { Distribution, Share } from '@lookout/plugin-incidents-common';
import { Knex } from 'knex';
import { Measured } from './InsightsStore';
import { distributionOf } from './percentiles';
import { SqlDialect, weekStart } from './sqlDialect';

/** What to aggregate of a query's rows (each has a `week` column): durations and counts. */
export interface AggregateColumns {
  /** Columns of seconds (null when not measured): median, p90 and n of each. */
  durations: readonly string[];
  /** Columns of counts: their sum. */
  sums: readonly string[];
  /** Columns with one value on every row (totals of the scope): that value, 0 without rows. */
  constants?: readonly string[];
}

/** One week's aggregates, or the whole range's (`week` null). */
export interface AggregateRow {
  week: number | null;
  /** Rows in the week. */
  n: number;
  durations: Record<string, Distribution>;
  sums: Record<string, number>;
  constants: Record<string, number>;
}

export interface Aggregates {
  overall: AggregateRow;
  /** Weeks with at least one row, in order. */
  weekly: AggregateRow[];
}

type Row = Record<string, any>;

const num = (value: unknown) => Number(value ?? 0);
const nullable = (value: unknown) => (value === null ? null : Number(value));

/**
 * Every aggregate of `rows` in one statement, per week and over the whole range: on
 * PostgreSQL `percentile_cont` per duration column over grouping sets, so only a row a week
 * leaves the database; on SQLite (no percentile function, no grouping sets) the rows
 * themselves, aggregated by {@link distributionOf}, which computes PostgreSQL's definition.
 * `base` carries the common table expressions `rows` reads.
 */
export async function aggregateByWeek(
  db: Knex,
  sql: SqlDialect,
  base: Knex.QueryBuilder,
  rows: Knex.QueryBuilder,
  columns: AggregateColumns,
): Promise<Aggregates> {
  const constants = columns.constants ?? [];
  if (sql.isPostgres) {
    const result: Row[] = await base
      .from(rows.as('x'))
      .select(
        'x.week',
        db.raw('grouping(x.week) as overall'),
        db.raw('count(*) as n'),
        ...columns.durations.flatMap(c => [
          db.raw(
            `percentile_cont(0.5) within group (order by x.${c}) as ${c}__median`,
          ),
          db.raw(
            `percentile_cont(0.9) within group (order by x.${c}) as ${c}__p90`,
          ),
          db.raw(`count(x.${c}) as ${c}__n`),
        ]),
        ...columns.sums.map(c => db.raw(`sum(x.${c}) as ${c}`)),
        ...constants.map(c => db.raw(`max(x.${c}) as ${c}`)),
      )
      .groupByRaw('grouping sets ((x.week), ())');
    const toRow = (row: Row): AggregateRow => ({
      week: num(row.overall) === 1 ? null : num(row.week),
      n: num(row.n),
      durations: Object.fromEntries(
        columns.durations.map(c => [
          c,
          {
            median: nullable(row[`${c}__median`]),
            p90: nullable(row[`${c}__p90`]),
            n: num(row[`${c}__n`]),
          },
        ]),
      ),
      sums: Object.fromEntries(columns.sums.map(c => [c, num(row[c])])),
      constants: Object.fromEntries(constants.map(c => [c, num(row[c])])),
    });
    const all = result.map(toRow);
    return {
      overall: all.find(row => row.week === null)!,
      weekly: all
        .filter(row => row.week !== null)
        .sort((a, b) => a.week! - b.week!),
    };
  }
  const listed: Row[] = await base.from(rows.as('x')).select('x.*');
  const byWeek = new Map<number, Row[]>();
  for (const row of listed) {
    const week = num(row.week);
    byWeek.set(week, [...(byWeek.get(week) ?? []), row]);
  }
  const aggregate = (week: number | null, group: Row[]): AggregateRow => ({
    week,
    n: group.length,
    durations: Object.fromEntries(
      columns.durations.map(c => [
        c,
        distributionOf(
          group
            .filter(row => row[c] !== null && row[c] !== undefined)
            .map(row => Number(row[c]))
            .sort((a, b) => a - b),
        ),
      ]),
    ),
    sums: Object.fromEntries(
      columns.sums.map(c => [
        c,
        group.reduce((sum, row) => sum + num(row[c]), 0),
      ]),
    ),
    constants: Object.fromEntries(constants.map(c => [c, num(group[0]?.[c])])),
  });
  return {
    overall: aggregate(null, listed),
    weekly: [...byWeek.entries()]
      .sort(([a], [b]) => a - b)
      .map(([week, group]) => aggregate(week, group)),
  };
}

const weekOfRow = (row: AggregateRow) => weekStart(row.week!);

/** The rows per week, as a count. */
export function countOf(aggregates: Aggregates): Measured<{ n: number }> {
  return {
    overall: { n: aggregates.overall.n },
    weekly: aggregates.weekly.map(row => ({
      week: weekOfRow(row),
      n: row.n,
    })),
  };
}

/** The distribution of one duration column. */
export function distributionOfColumn(
  aggregates: Aggregates,
  column: string,
): Measured<Distribution> {
  return {
    overall: aggregates.overall.durations[column],
    weekly: aggregates.weekly.map(row => ({
      week: weekOfRow(row),
      ...row.durations[column],
    })),
  };
}

export const shareOf = (numerator: number, denominator: number): Share => ({
  share: denominator > 0 ? numerator / denominator : null,
  numerator,
  denominator,
});

/** A share of summed columns: the numerators' sum over the denominators' sum. */
export function shareOfColumns(
  aggregates: Aggregates,
  numerators: readonly string[],
  denominators: readonly string[],
): Measured<Share> {
  const total = (row: AggregateRow, list: readonly string[]) =>
    list.reduce((sum, c) => sum + row.sums[c], 0);
  const share = (row: AggregateRow) =>
    shareOf(total(row, numerators), total(row, denominators));
  return {
    overall: share(aggregates.overall),
    weekly: aggregates.weekly.map(row => ({
      week: weekOfRow(row),
      ...share(row),
    })),
  };
}
