import { Knex } from 'knex';
import { toDate } from '../database/timestamps';
import { PageCursor } from './cursor';

/**
 * One page of a list read newest first, by keyset: orders `query` by the `time` column and
 * then the `id` column, both descending; keeps the rows after `after` (the cursor of the
 * previous page's last row); and reads one row more than `limit` to know whether another page
 * follows. Answers the page's rows and, when more follow, the cursor of its last row.
 */
export async function newestFirstPage<Row, Id extends number | string>(
  query: Knex.QueryBuilder,
  columns: { time: string; id: string },
  page: { after?: PageCursor<Id>; limit: number },
  cursorOf: (row: Row) => PageCursor<Id>,
): Promise<{ rows: Row[]; last?: PageCursor<Id> }> {
  const { time, id } = columns;
  if (page.after) {
    const at = toDate(page.after.at)!;
    const afterId = page.after.id;
    query.where(inner =>
      inner
        .where(time, '<', at)
        .orWhere(same => same.where(time, '=', at).andWhere(id, '<', afterId)),
    );
  }
  const rows: Row[] = await query
    .orderBy([
      { column: time, order: 'desc' },
      { column: id, order: 'desc' },
    ])
    .limit(page.limit + 1);
  const kept = rows.slice(0, page.limit);
  return {
    rows: kept,
    last:
      rows.length > page.limit ? cursorOf(kept[kept.length - 1]) : undefined,
  };
}
