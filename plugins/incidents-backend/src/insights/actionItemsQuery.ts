import { Knex } from 'knex';
import { repeats } from './insightsScope';
import { SqlDialect } from './sqlDialect';

/** Action item statuses that close an item. */
const CLOSED_ITEM_STATUSES = ['done', 'wont_do'];

/**
 * One row: the action items of the postmortems of the incidents that repeats within
 * `windowDays` followed (by origin or by cause): done (or won't do), overdue on `today`, and
 * all of them. Reads the CTEs of `withPrevious` (`scoped`, `origin_prev`, `cause_prev`).
 */
export function actionItemTotals(
  db: Knex,
  sql: SqlDialect,
  windowDays: number,
  today: string,
): Knex.QueryBuilder {
  // the incidents repeats follow, by origin or by cause, each once: joined, not tested with IN
  // per postmortem (a subquery too big to hash is run again for every postmortem)
  const followed = (alias: 'op' | 'cp') =>
    db
      .select(`${alias}.prev_seq as seq`)
      .from('scoped as s')
      .join(
        `${alias === 'op' ? 'origin_prev' : 'cause_prev'} as ${alias}`,
        `${alias}.seq`,
        's.seq',
      )
      .whereRaw(repeats(sql, alias), [windowDays]);
  const closed = CLOSED_ITEM_STATUSES.map(() => '?').join(', ');
  return db
    .from(followed('op').union(followed('cp')).as('f'))
    .join('postmortems as pm', 'pm.incident_seq', 'f.seq')
    .join('postmortem_action_items as ai', 'ai.postmortem_id', 'pm.id')
    .select(
      db.raw(
        `coalesce(sum(case when ai.status in (${closed}) then 1 else 0 end), 0) as items_done`,
        CLOSED_ITEM_STATUSES,
      ),
      db.raw(
        `coalesce(sum(case when ai.status not in (${closed}) and ai.due_date < ? then 1 else 0 end), 0) as items_overdue`,
        [...CLOSED_ITEM_STATUSES, today],
      ),
      db.raw('count(*) as items_total'),
    );
}
