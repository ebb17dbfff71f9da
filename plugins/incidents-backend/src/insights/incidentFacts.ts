import {
  AUTOMATION_STEPS,
  AutomationStep,
  INSIGHTS_STATUSES,
} from '@lookout/plugin-incidents-common';
import { Knex } from 'knex';
import { actionItemTotals } from './actionItemsQuery';
import { InsightsScope } from './InsightsStore';
import { repeats, withPrevious } from './insightsScope';
import { SqlDialect } from './sqlDialect';

// One row per incident in scope with everything the per-incident figures need: its start, the
// ends of response and resolution, the time in each status, who did each response step, the
// status-page notices and support replies due and delivered, and whether it repeats. Each
// incident's rows in another table are read by index, once: on PostgreSQL through a LATERAL
// join per incident (the incidents of a range are a small part of the event log, and a hash
// join would read all of it), on SQLite, which has no LATERAL, through one grouped join each.

/** Timeline entries that count as the `timeline` automation step. */
export const TIMELINE_STEP_TYPES = [
  'status_changed',
  'note',
  'role_assigned',
  'runbook_step',
  'blast_radius',
  'alert_resolved',
  'merged',
];

/** Event types the figures read besides status events. */
const EVENT_TYPES = [
  'acknowledged',
  'declared',
  'severity_changed',
  'status_update_published',
  ...TIMELINE_STEP_TYPES,
];

/** An actor that is a person; anything else (integrations, Lookout itself) is automation. */
const PERSON_ACTOR = "'user:%'";

/** The duration columns of a facts row, in seconds. */
export const FACT_DURATIONS = {
  firstPage: 'first_page',
  triageReady: 'triage_ready',
  acknowledged: 'acknowledged',
  resolved: 'resolved',
  ...Object.fromEntries(INSIGHTS_STATUSES.map(s => [s, `in_${s}`])),
} as Record<
  | 'firstPage'
  | 'triageReady'
  | 'acknowledged'
  | 'resolved'
  | (typeof INSIGHTS_STATUSES)[number],
  string
>;

/** The count columns of each automation step: done by Lookout, and by a person. */
export const STEP_COLUMNS = Object.fromEntries(
  AUTOMATION_STEPS.map(step => [
    step,
    { automated: `${step}_auto`, manual: `${step}_manual` },
  ]),
) as Record<AutomationStep, { automated: string; manual: string }>;

/** The other count columns. */
export const FACT_COUNTS = {
  statusPageDelivered: 'sp_delivered',
  statusPageDue: 'sp_due',
  reportersTold: 'sr_told',
  reportersDue: 'sr_due',
  within30Days: 'rec_30',
  within90Days: 'rec_90',
  incidents: 'incident',
};

/** Totals of the whole scope, the same on every row: the action items behind repeats. */
export const FACT_CONSTANTS = ['items_done', 'items_overdue', 'items_total'];

export const FACT_SUMS = [
  ...Object.values(STEP_COLUMNS).flatMap(c => [c.automated, c.manual]),
  ...Object.values(FACT_COUNTS),
];

const list = (values: string[]) => values.map(v => `'${v}'`).join(', ');
const automated = (actor: string) => `${actor} not like ${PERSON_ACTOR}`;
const byPerson = (actor: string) => `${actor} like ${PERSON_ACTOR}`;
const countIf = (condition: string) =>
  `sum(case when ${condition} then 1 else 0 end)`;
const zeroIfNull = (column: string) => `coalesce(${column}, 0)`;

/**
 * A join that adds, for each scoped incident `s`, the aggregates `columns` over its rows of
 * `from` (a FROM clause given its filter; `key` is the column that names the incident, equal
 * to `outer` for its rows).
 */
function perIncident(
  sql: SqlDialect,
  alias: string,
  columns: string,
  from: (where: string) => string,
  key: string,
  outer = 's.seq',
): string {
  if (sql.isPostgres) {
    return `left join lateral (select ${columns} from ${from(
      `${key} = ${outer}`,
    )}) ${alias} on true`;
  }
  return `left join (select ${key} as k, ${columns} from ${from(
    `${key} in (select ${outer} from scoped s)`,
  )} group by ${key}) ${alias} on ${alias}.k = ${outer}`;
}

/** The facts of the incidents in scope: the CTEs in `base`, the rows in `rows`. */
export function incidentFacts(
  db: Knex,
  sql: SqlDialect,
  scope: InsightsScope,
  today: string,
): { base: Knex.QueryBuilder; rows: Knex.QueryBuilder } {
  const secondsFromStart = (end: string) =>
    sql.secondsBetween('s.started_at', end);
  const timeline = `e.type in (${list(TIMELINE_STEP_TYPES)})`;
  const visit = (status: string) =>
    `sum(case when e.status = '${status}' and e.next_at is not null then ${sql.secondsBetween(
      'e.at',
      'e.next_at',
    )} end) as in_${status}`;

  // each visit to a status lasts until the next status event; visits of one incident add up
  const events = perIncident(
    sql,
    'ev',
    [
      "min(case when e.type = 'acknowledged' then e.at end) as acknowledged_at",
      "min(case when e.status = 'resolved' then e.at end) as resolved_at",
      ...INSIGHTS_STATUSES.map(visit),
      `${countIf(
        `e.type = 'declared' and ${automated('e.actor')}`,
      )} as opened_auto`,
      `${countIf(
        `e.type = 'declared' and ${byPerson('e.actor')}`,
      )} as opened_manual`,
      `${countIf(
        `e.type = 'severity_changed' and ${automated('e.actor')}`,
      )} as severity_auto`,
      `${countIf(
        `e.type = 'severity_changed' and ${byPerson('e.actor')}`,
      )} as severity_manual`,
      `${countIf(
        `e.type = 'status_update_published' and ${automated('e.actor')}`,
      )} as published_auto`,
      `${countIf(
        `e.type = 'status_update_published' and ${byPerson('e.actor')}`,
      )} as published_manual`,
      `${countIf(`${timeline} and ${automated('e.actor')}`)} as timeline_auto`,
      `${countIf(`${timeline} and ${byPerson('e.actor')}`)} as timeline_manual`,
    ].join(', '),
    // the next status event's time, read in the index's order (no sort per incident)
    where => `(select e.incident_seq, e.type, e.status, e.actor, e.at,
        case when e.status is not null then min(case when e.status is not null then e.at end) over (
          partition by e.incident_seq order by e.at, e.id
          rows between 1 following and unbounded following) end as next_at
      from incident_events e
      where ${where} and (e.status is not null or e.type in (${list(
      EVENT_TYPES,
    )}))) e`,
    'e.incident_seq',
  );
  const pages = perIncident(
    sql,
    'pg',
    `min(p.sent_at) as first_page_at,
      ${countIf('p.level > 0')} as paged_auto,
      sum(case when p.level > 0 then 0 else 1 end) as paged_manual`,
    where => `escalation_pages p where ${where} and p.sent_at is not null`,
    'p.incident_seq',
  );
  const statusPage = perIncident(
    sql,
    'sp',
    `${countIf("d.state = 'delivered'")} as delivered, count(*) as due`,
    where => `status_incidents si
      join status_updates u on u.status_incident_id = si.id
      join status_deliveries d on d.update_id = u.id
      where ${where} and d.state <> 'skipped'`,
    'si.incident_seq',
  );
  // a support report counts once: due when a resolution notice was made for it, told when the
  // helpdesk confirmed one (a report told twice, reopened and resolved again, still counts once)
  const reporters = perIncident(
    sql,
    'sr',
    `count(distinct case when n.id is not null then r.id end) as due,
      count(distinct case when n.status = 'delivered' then r.id end) as told`,
    where => `support_reports r
      left join support_notices n on n.report_id = r.id
        and n.incident_id = r.incident_id and n.kind = 'resolution'
      where ${where}`,
    'r.incident_id',
    "'INC-' || s.seq",
  );

  const recurs = (windowDays: number) =>
    db.raw(
      `case when ${repeats(sql, 'op')} or ${repeats(
        sql,
        'cp',
      )} then 1 else 0 end`,
      [windowDays, windowDays],
    );
  const rows = db
    .select(
      's.week',
      db.raw(`${secondsFromStart('pg.first_page_at')} as first_page`),
      db.raw(`${secondsFromStart('t.computed_at')} as triage_ready`),
      db.raw(`${secondsFromStart('ev.acknowledged_at')} as acknowledged`),
      db.raw(`${secondsFromStart('ev.resolved_at')} as resolved`),
      ...INSIGHTS_STATUSES.map(status => `ev.in_${status}`),
      db.raw(`${zeroIfNull('ev.opened_auto')} as opened_auto`),
      db.raw(`${zeroIfNull('ev.opened_manual')} as opened_manual`),
      db.raw(`${zeroIfNull('pg.paged_auto')} as paged_auto`),
      db.raw(`${zeroIfNull('pg.paged_manual')} as paged_manual`),
      // a triage Lookout computed, and severity changes
      db.raw(
        `case when t.incident_seq is null then 0 else 1 end + ${zeroIfNull(
          'ev.severity_auto',
        )} as triaged_auto`,
      ),
      db.raw(`${zeroIfNull('ev.severity_manual')} as triaged_manual`),
      // status-page updates published, and the postmortem
      db.raw(
        `${zeroIfNull(
          'ev.published_auto',
        )} + case when pm.id is not null and ${automated(
          'pm.created_by',
        )} then 1 else 0 end as drafted_auto`,
      ),
      db.raw(
        `${zeroIfNull(
          'ev.published_manual',
        )} + case when pm.id is not null and ${byPerson(
          'pm.created_by',
        )} then 1 else 0 end as drafted_manual`,
      ),
      db.raw(`${zeroIfNull('ev.timeline_auto')} as timeline_auto`),
      db.raw(`${zeroIfNull('ev.timeline_manual')} as timeline_manual`),
      db.raw(`${zeroIfNull('sp.delivered')} as sp_delivered`),
      db.raw(`${zeroIfNull('sp.due')} as sp_due`),
      db.raw(`${zeroIfNull('sr.told')} as sr_told`),
      db.raw(`${zeroIfNull('sr.due')} as sr_due`),
      db.raw('1 as incident'),
      ...FACT_CONSTANTS.map(c => `ai.${c}`),
      db.raw('? as rec_30', [recurs(30)]),
      db.raw('? as rec_90', [recurs(90)]),
    )
    .from(db.raw(`scoped s ${events} ${pages} ${statusPage} ${reporters}`))
    .leftJoin('triage_results as t', 't.incident_seq', 's.seq')
    .leftJoin('postmortems as pm', 'pm.incident_seq', 's.seq')
    .leftJoin('origin_prev as op', 'op.seq', 's.seq')
    .leftJoin('cause_prev as cp', 'cp.seq', 's.seq')
    .crossJoin(db.raw('action_items as ai'));
  return {
    base: withPrevious(db, sql, scope, 90, { start: true }).with(
      'action_items',
      actionItemTotals(db, sql, 90, today),
    ),
    rows,
  };
}
