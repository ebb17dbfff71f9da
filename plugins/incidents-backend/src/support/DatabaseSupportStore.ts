import { Knex } from 'knex';
import { randomUUID } from 'node:crypto';
import { toDate, toIso } from '../database/timestamps';
import { PageCursor } from '../lib/cursor';
import { escapeLike } from '../lib/sql';
import {
  LinkedReportOutcome,
  NewNotice,
  NoticeToSend,
  RecordedEvent,
  ReportFilter,
  SupportStore,
} from './SupportStore';
import {
  SupportNotice,
  SupportNoticeKind,
  SupportNoticeStatus,
  SupportProvider,
  SupportReport,
  SupportReportStatus,
  SupportSuggestion,
  TicketEvent,
} from './types';

type Timestamp = Date | number | string;

interface ReportRow {
  id: string;
  integration_id: string;
  provider: string;
  ticket_id: string;
  ticket_url: string | null;
  subject: string;
  description: string;
  requester: string | null;
  organization: string | null;
  product: string | null;
  tags: string;
  entity_refs: string;
  primary_entity_ref: string | null;
  status: string;
  incident_id: string | null;
  linked_by: string | null;
  linked_at: Timestamp | null;
  suggestions: string;
  ticket_status: string | null;
  event_at: Timestamp;
  reported_at: Timestamp;
  updated_at: Timestamp;
}

interface NoticeRow {
  id: string;
  report_id: string;
  incident_id: string;
  kind: string;
  update_key: string;
  body: string;
  status: string;
  attempts: number;
  last_error: string | null;
  delivered_at: Timestamp | null;
  created_at: Timestamp;
  ticket_id: string;
  provider: string;
  requester?: string | null;
}

/** Fields cut to their columns' sizes: a helpdesk's long subject is not the sender's mistake. */
function ticketColumns(event: TicketEvent) {
  return {
    ticket_url: event.ticketUrl?.slice(0, 1000) ?? null,
    subject: event.subject.slice(0, 500),
    description: event.description.slice(0, 100_000),
    requester: event.requester?.slice(0, 255) ?? null,
    organization: event.organization?.slice(0, 255) ?? null,
    product: event.product?.slice(0, 255) ?? null,
    tags: JSON.stringify(event.tags.slice(0, 100)),
    ticket_status: event.ticketStatus?.slice(0, 64) ?? null,
    event_at: toDate(event.eventAt),
  };
}

/** The knex implementation of {@link SupportStore}, on SQLite and PostgreSQL alike. */
export class DatabaseSupportStore implements SupportStore {
  static create(options: { knex: Knex }): DatabaseSupportStore {
    return new DatabaseSupportStore(options.knex);
  }

  private constructor(private readonly db: Knex) {}

  async recordEvent(
    integration: { id: string; provider: SupportProvider },
    event: TicketEvent,
    payload: unknown,
    now: string,
  ): Promise<RecordedEvent> {
    const ticketId = event.ticketId.slice(0, 255);
    return this.db.transaction(async trx => {
      // The report first, then the event, in every transaction: concurrent deliveries of one
      // ticket wait on the same unique key in the same order and never deadlock.
      const inserted = await trx('support_reports')
        .insert({
          id: randomUUID(),
          integration_id: integration.id,
          provider: integration.provider,
          ticket_id: ticketId,
          ...ticketColumns(event),
          entity_refs: '[]',
          primary_entity_ref: null,
          status: 'open',
          incident_id: null,
          linked_by: null,
          linked_at: null,
          suggestions: '[]',
          reported_at: toDate(now),
          updated_at: toDate(now),
        })
        .onConflict(['integration_id', 'ticket_id'])
        .ignore()
        .returning('id');
      const created = inserted.length > 0;
      const { id: reportId } = await trx('support_reports')
        .where({ integration_id: integration.id, ticket_id: ticketId })
        .first('id');
      const recorded = await trx('support_events')
        .insert({
          integration_id: integration.id,
          event_key: event.eventKey.slice(0, 255),
          report_id: reportId,
          payload: JSON.stringify(payload),
          received_at: toDate(now),
        })
        .onConflict(['integration_id', 'event_key'])
        .ignore()
        .returning('id');
      const duplicate = recorded.length === 0;
      if (!duplicate && !created) {
        // a late event of an older state is kept (above) but does not roll the ticket back
        await trx('support_reports')
          .where({ id: reportId })
          .andWhere('event_at', '<=', toDate(event.eventAt)!)
          .update({ ...ticketColumns(event), updated_at: toDate(now) });
      }
      const row = await trx<ReportRow>('support_reports')
        .where({ id: reportId })
        .first();
      return { report: mapReport(row!), duplicate, created };
    });
  }

  async getReport(id: string): Promise<SupportReport | undefined> {
    const row = await this.db<ReportRow>('support_reports')
      .where({ id })
      .first();
    return row && mapReport(row);
  }

  async listReports(
    filter: ReportFilter,
  ): Promise<{ items: SupportReport[]; last?: PageCursor<string> }> {
    const query = this.db<ReportRow>('support_reports');
    if (filter.status?.length) query.whereIn('status', filter.status);
    if (filter.incidentId) query.where('incident_id', filter.incidentId);
    if (filter.organization) query.where('organization', filter.organization);
    if (filter.entityRef) {
      query.whereRaw(`entity_refs LIKE ? ESCAPE '\\'`, [
        `%${escapeLike(JSON.stringify(filter.entityRef))}%`,
      ]);
    }
    if (filter.after) {
      const at = toDate(filter.after.at)!;
      const id = filter.after.id;
      query.where(q =>
        q
          .where('reported_at', '<', at)
          .orWhere(q2 =>
            q2.where('reported_at', '=', at).andWhere('id', '<', id),
          ),
      );
    }
    const rows = await query
      .orderBy([
        { column: 'reported_at', order: 'desc' },
        { column: 'id', order: 'desc' },
      ])
      .limit(filter.limit + 1);
    const items = rows.slice(0, filter.limit).map(mapReport);
    const lastItem = items[items.length - 1];
    return {
      items,
      last:
        rows.length > filter.limit && lastItem
          ? { at: lastItem.reportedAt, id: lastItem.id }
          : undefined,
    };
  }

  async setMatch(
    id: string,
    match: { entityRefs: string[]; suggestions: SupportSuggestion[] },
    now: string,
  ): Promise<void> {
    await this.db('support_reports')
      .where({ id })
      .update({
        entity_refs: JSON.stringify(match.entityRefs),
        primary_entity_ref: match.entityRefs[0] ?? null,
        suggestions: JSON.stringify(match.suggestions),
        updated_at: toDate(now),
      });
  }

  async link(
    id: string,
    link: {
      incidentId: string;
      linkedBy: string;
      status: SupportReportStatus;
      onlyIfOpen: boolean;
    },
    now: string,
  ): Promise<{ report: SupportReport; changed: boolean } | undefined> {
    const query = this.db('support_reports').where({ id });
    if (link.onlyIfOpen) query.andWhere({ status: 'open' });
    else
      query.andWhere(q =>
        q.whereNull('incident_id').orWhereNot('incident_id', link.incidentId),
      );
    const changed = await query.update({
      status: link.status,
      incident_id: link.incidentId,
      linked_by: link.linkedBy.slice(0, 255),
      linked_at: toDate(now),
      updated_at: toDate(now),
    });
    const report = await this.getReport(id);
    return report && { report, changed: changed > 0 };
  }

  async reportsOfIncidents(incidentIds: string[]): Promise<SupportReport[]> {
    if (incidentIds.length === 0) return [];
    const rows = await this.db<ReportRow>('support_reports')
      .whereIn('incident_id', incidentIds)
      .orderBy([
        { column: 'reported_at', order: 'asc' },
        { column: 'id', order: 'asc' },
      ]);
    return rows.map(mapReport);
  }

  async addNotices(
    notices: NewNotice[],
    now: string,
    schedule: (added: SupportNotice[], trx: Knex.Transaction) => Promise<void>,
  ): Promise<SupportNotice[]> {
    if (notices.length === 0) return [];
    return this.db.transaction(async trx => {
      const ids: string[] = [];
      // in chunks: SQLite binds at most a few thousand values a statement
      for (let i = 0; i < notices.length; i += 200) {
        const chunk = notices.slice(i, i + 200);
        const inserted = await trx('support_notices')
          .insert(
            chunk.map(n => ({
              id: randomUUID(),
              report_id: n.reportId,
              incident_id: n.incidentId,
              kind: n.kind,
              update_key: n.updateKey.slice(0, 255),
              body: n.body,
              status: 'pending',
              attempts: 0,
              last_error: null,
              delivered_at: null,
              created_at: toDate(now),
            })),
          )
          .onConflict(['report_id', 'kind', 'update_key'])
          .ignore()
          .returning('id');
        ids.push(
          ...inserted.map((r: { id: string } | string) =>
            typeof r === 'string' ? r : r.id,
          ),
        );
      }
      const added = await this.noticesWhere(trx, q => q.whereIn('n.id', ids));
      await schedule(added, trx);
      return added;
    });
  }

  async getNotice(id: string): Promise<NoticeToSend | undefined> {
    const rows = await this.noticeQuery(this.db)
      .select('n.body', 'r.requester')
      .where('n.id', id);
    const row = rows[0] as NoticeRow | undefined;
    return (
      row && {
        ...mapNotice(row),
        body: row.body,
        requester: row.requester ?? null,
      }
    );
  }

  async setNotice(
    id: string,
    update: {
      status: SupportNoticeStatus;
      attempts: number;
      lastError: string | null;
      deliveredAt: string | null;
    },
  ): Promise<void> {
    await this.db('support_notices')
      .where({ id })
      // a delivered notice stays delivered, whatever a late retry reports
      .andWhereNot({ status: 'delivered' })
      .update({
        status: update.status,
        attempts: update.attempts,
        last_error: update.lastError?.slice(0, 4000) ?? null,
        delivered_at: toDate(update.deliveredAt),
      });
  }

  async noticesOfIncident(
    incidentId: string,
    kind?: SupportNoticeKind,
  ): Promise<SupportNotice[]> {
    return this.noticesWhere(this.db, q => {
      // a report moved on (its incident merged into another) counts there, not here
      q.where('n.incident_id', incidentId).andWhere(
        'r.incident_id',
        incidentId,
      );
      if (kind) q.andWhere('n.kind', kind);
    });
  }

  async resetFailed(
    incidentId: string,
    schedule: (reset: SupportNotice[], trx: Knex.Transaction) => Promise<void>,
  ): Promise<SupportNotice[]> {
    return this.db.transaction(async trx => {
      const failed = await this.noticesWhere(trx, q =>
        q.where({ 'n.incident_id': incidentId, 'n.status': 'failed' }),
      );
      if (failed.length === 0) return [];
      await trx('support_notices')
        .whereIn(
          'id',
          failed.map(n => n.id),
        )
        .update({ status: 'pending' });
      const reset = failed.map(n => ({ ...n, status: 'pending' as const }));
      await schedule(reset, trx);
      return reset;
    });
  }

  async linkedOutcomes(
    from: string,
    to: string,
  ): Promise<LinkedReportOutcome[]> {
    const rows = await this.db('support_reports as r')
      .leftJoin('support_notices as n', join =>
        join
          .on('n.report_id', '=', 'r.id')
          .andOn('n.incident_id', '=', 'r.incident_id')
          .andOnVal('n.kind', '=', 'resolution'),
      )
      .whereNotNull('r.incident_id')
      .andWhere('r.linked_at', '>=', toDate(from)!)
      .andWhere('r.linked_at', '<', toDate(to)!)
      .select(
        'r.id as report_id',
        'r.incident_id',
        'r.linked_at',
        'n.status as resolution_status',
        'n.delivered_at as resolution_delivered_at',
      );
    // a report told twice (reopened and resolved again) counts its first confirmed reply
    const byReport = new Map<string, LinkedReportOutcome>();
    for (const row of rows) {
      const outcome: LinkedReportOutcome = {
        reportId: row.report_id,
        incidentId: row.incident_id,
        linkedAt: toIso(row.linked_at),
        resolutionStatus: row.resolution_status ?? null,
        resolutionDeliveredAt: toIso(row.resolution_delivered_at),
      };
      const seen = byReport.get(outcome.reportId);
      if (!seen || rank(outcome) > rank(seen)) {
        byReport.set(outcome.reportId, outcome);
      }
    }
    return [...byReport.values()];
  }

  private noticeQuery(db: Knex | Knex.Transaction) {
    return db('support_notices as n')
      .join('support_reports as r', 'r.id', 'n.report_id')
      .select(
        'n.id',
        'n.report_id',
        'n.incident_id',
        'n.kind',
        'n.update_key',
        'n.status',
        'n.attempts',
        'n.last_error',
        'n.delivered_at',
        'n.created_at',
        'r.ticket_id',
        'r.provider',
      );
  }

  private async noticesWhere(
    db: Knex | Knex.Transaction,
    where: (q: Knex.QueryBuilder) => void,
  ): Promise<SupportNotice[]> {
    const query = this.noticeQuery(db);
    where(query);
    const rows: NoticeRow[] = await query.orderBy([
      { column: 'n.created_at', order: 'asc' },
      { column: 'n.id', order: 'asc' },
    ]);
    return rows.map(mapNotice);
  }
}

function rank(outcome: LinkedReportOutcome): number {
  if (outcome.resolutionStatus === 'delivered') return 3;
  if (outcome.resolutionStatus) return 2;
  return 1;
}

function mapReport(row: ReportRow): SupportReport {
  return {
    id: row.id,
    provider: row.provider as SupportProvider,
    integrationId: row.integration_id,
    ticketId: row.ticket_id,
    ticketUrl: row.ticket_url,
    subject: row.subject,
    description: row.description,
    requester: row.requester,
    organization: row.organization,
    product: row.product,
    tags: JSON.parse(row.tags),
    entityRefs: JSON.parse(row.entity_refs),
    status: row.status as SupportReportStatus,
    incidentId: row.incident_id,
    linkedBy: row.linked_by,
    linkedAt: toIso(row.linked_at),
    suggestions: JSON.parse(row.suggestions),
    ticketStatus: row.ticket_status,
    reportedAt: toIso(row.reported_at),
    updatedAt: toIso(row.updated_at),
  };
}

function mapNotice(row: NoticeRow): SupportNotice {
  return {
    id: row.id,
    reportId: row.report_id,
    ticketId: row.ticket_id,
    provider: row.provider as SupportProvider,
    incidentId: row.incident_id,
    kind: row.kind as SupportNoticeKind,
    status: row.status as SupportNoticeStatus,
    attempts: Number(row.attempts),
    lastError: row.last_error,
    deliveredAt: toIso(row.delivered_at),
    createdAt: toIso(row.created_at),
  };
}
