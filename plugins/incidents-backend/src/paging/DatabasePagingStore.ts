import {
  BlastRadiusSummary,
  PageStatus,
} from '@lookout/plugin-incidents-common';
import { Knex } from 'knex';
import { Timestamp } from '../database/timestamps';
import {
  NewPage,
  PageKey,
  PageOutcome,
  PageRecord,
  PagingStore,
  UserPageRecord,
  WebhookRecord,
} from './PagingStore';

interface PageRow {
  id: string;
  incident_seq: number;
  run: number;
  reassignment: number;
  level: number;
  round: number;
  user_ref: string;
  reason: string;
  status: string;
  channels: string;
  due_at: Timestamp;
  created_at: Timestamp;
  sent_at: Timestamp | null;
  acknowledged_at: Timestamp | null;
  error: string | null;
}

interface WebhookRow {
  id: string;
  name: string;
  url: string;
  secret: string;
  group_ref: string | null;
  created_by: string;
  created_at: Timestamp;
}

/** The columns that make a page unique (the `escalation_pages_slot_user_unique` index). */
const PAGE_KEY = [
  'incident_seq',
  'run',
  'reassignment',
  'level',
  'round',
  'user_ref',
];

/** The knex implementation of {@link PagingStore}, on SQLite and PostgreSQL alike. */
export class DatabasePagingStore implements PagingStore {
  static create(options: { knex: Knex }): DatabasePagingStore {
    return new DatabasePagingStore(options.knex);
  }

  private constructor(private readonly db: Knex) {}

  async insertPages(
    pages: NewPage[],
    createdAt: Date,
    trx: Knex.Transaction,
  ): Promise<PageRecord[]> {
    if (pages.length === 0) return [];
    const rows: PageRow[] = await trx('escalation_pages')
      .insert(
        pages.map(page => ({
          id: page.id,
          incident_seq: page.incidentSeq,
          run: page.run,
          reassignment: page.reassignment,
          level: page.level,
          round: page.round,
          user_ref: page.userRef,
          reason: page.reason.slice(0, 500),
          status: 'pending',
          channels: '[]',
          due_at: page.dueAt,
          created_at: createdAt,
        })),
      )
      .onConflict(PAGE_KEY)
      .ignore()
      // only the rows that were new come back
      .returning('*');
    return rows.map(mapPage);
  }

  async nextReassignment(seq: number, trx: Knex.Transaction): Promise<number> {
    const row = await trx('escalation_pages')
      .where({ incident_seq: seq })
      .max('reassignment as last')
      .first();
    return Number(row?.last ?? 0) + 1;
  }

  async getPage(id: string): Promise<PageRecord | undefined> {
    const row = await this.db<PageRow>('escalation_pages')
      .where({ id })
      .first();
    return row && mapPage(row);
  }

  async findPage(key: PageKey): Promise<PageRecord | undefined> {
    const row = await this.db<PageRow>('escalation_pages')
      .where({
        incident_seq: key.incidentSeq,
        run: key.run,
        reassignment: key.reassignment,
        level: key.level,
        round: key.round,
        user_ref: key.userRef,
      })
      .first();
    return row && mapPage(row);
  }

  async finishPage(
    id: string,
    outcome: PageOutcome & { at: Date },
  ): Promise<boolean> {
    const updated = await this.db('escalation_pages')
      .where({ id, status: 'pending' })
      .update({
        status: outcome.status,
        channels: JSON.stringify(outcome.channels),
        sent_at: outcome.status === 'sent' ? outcome.at : null,
        error: outcome.error?.slice(0, 1000) ?? null,
      });
    return updated > 0;
  }

  async finishPages(
    outcomes: Array<PageOutcome & { id: string }>,
    at: Date,
  ): Promise<string[]> {
    // one statement per distinct outcome: a batch of pages mostly went out the same way
    const groups = new Map<string, { row: Partial<PageRow>; ids: string[] }>();
    for (const outcome of outcomes) {
      const row: Partial<PageRow> = {
        status: outcome.status,
        channels: JSON.stringify(outcome.channels),
        sent_at: outcome.status === 'sent' ? at : null,
        error: outcome.error?.slice(0, 1000) ?? null,
      };
      const key = JSON.stringify(row);
      const group = groups.get(key) ?? { row, ids: [] };
      group.ids.push(outcome.id);
      groups.set(key, group);
    }
    const finished: string[] = [];
    for (const { row, ids } of groups.values()) {
      const updated: Array<{ id: string }> = await this.db('escalation_pages')
        .whereIn('id', ids)
        .andWhere({ status: 'pending' })
        .update(row)
        .returning('id');
      finished.push(...updated.map(r => r.id));
    }
    return finished;
  }

  async acknowledgePages(
    seq: number,
    at: Date,
    trx: Knex.Transaction,
  ): Promise<number> {
    return trx('escalation_pages')
      .where({ incident_seq: seq })
      .whereIn('status', ['pending', 'sent'])
      .update({ status: 'acknowledged', acknowledged_at: at });
  }

  async listPages(seq: number): Promise<PageRecord[]> {
    const rows = await this.db<PageRow>('escalation_pages')
      .where({ incident_seq: seq })
      .orderBy([
        { column: 'created_at', order: 'asc' },
        { column: 'run', order: 'asc' },
        { column: 'reassignment', order: 'asc' },
        { column: 'round', order: 'asc' },
        { column: 'level', order: 'asc' },
        { column: 'user_ref', order: 'asc' },
      ]);
    return rows.map(mapPage);
  }

  async listUserPages(
    userRef: string,
    options: { limit: number; statuses?: PageStatus[] },
  ): Promise<UserPageRecord[]> {
    const query = this.db('escalation_pages as p')
      .join('incidents as i', 'i.seq', 'p.incident_seq')
      .where('p.user_ref', userRef)
      .select(
        'p.*',
        'i.title as incident_title',
        'i.severity as incident_severity',
        'i.status as incident_status',
      );
    if (options.statuses?.length) query.whereIn('p.status', options.statuses);
    const rows: Array<
      PageRow & {
        incident_title: string;
        incident_severity: string;
        incident_status: string;
      }
    > = await query
      .orderBy([
        { column: 'p.created_at', order: 'desc' },
        { column: 'p.id', order: 'asc' },
      ])
      .limit(options.limit);
    return rows.map(row => ({
      ...mapPage(row),
      incidentTitle: row.incident_title,
      incidentSeverity: row.incident_severity,
      incidentStatus: row.incident_status,
    }));
  }

  async createWebhook(webhook: WebhookRecord): Promise<void> {
    await this.db('paging_webhooks').insert({
      id: webhook.id,
      name: webhook.name,
      url: webhook.url,
      secret: webhook.secret,
      group_ref: webhook.groupRef,
      created_by: webhook.createdBy,
      created_at: webhook.createdAt,
    });
  }

  async listWebhooks(): Promise<WebhookRecord[]> {
    const rows = await this.db<WebhookRow>('paging_webhooks').orderBy([
      { column: 'created_at', order: 'asc' },
      { column: 'id', order: 'asc' },
    ]);
    return rows.map(mapWebhook);
  }

  async getWebhook(id: string): Promise<WebhookRecord | undefined> {
    const row = await this.db<WebhookRow>('paging_webhooks')
      .where({ id })
      .first();
    return row && mapWebhook(row);
  }

  async deleteWebhook(id: string): Promise<boolean> {
    return (await this.db('paging_webhooks').where({ id }).delete()) > 0;
  }

  async latestBlastRadius(seq: number): Promise<BlastRadiusSummary | null> {
    // one indexed row instead of the whole timeline: every page asks for it
    const row = await this.db('incident_events')
      .where({ incident_seq: seq, type: 'blast_radius' })
      .orderBy('id', 'desc')
      .first('data');
    return row ? JSON.parse(row.data) : null;
  }

  async latestBlastRadii(
    seqs: number[],
  ): Promise<Map<number, BlastRadiusSummary>> {
    if (seqs.length === 0) return new Map();
    const rows: Array<{ incident_seq: number; data: string }> = await this.db(
      'incident_events',
    )
      .whereIn(
        'id',
        this.db('incident_events')
          .whereIn('incident_seq', seqs)
          .andWhere({ type: 'blast_radius' })
          .groupBy('incident_seq')
          .max('id'),
      )
      .select('incident_seq', 'data');
    return new Map(
      rows.map(row => [Number(row.incident_seq), JSON.parse(row.data)]),
    );
  }

  async sharedSecret(name: string, generate: () => string): Promise<string> {
    await this.db('paging_keys')
      .insert({ name, value: generate() })
      .onConflict('name')
      .ignore();
    const row = await this.db('paging_keys').where({ name }).first();
    return row.value;
  }
}

function toDateValue(value: Timestamp): Date;
function toDateValue(value: Timestamp | null): Date | null;
function toDateValue(value: Timestamp | null): Date | null {
  return value === null || value === undefined ? null : new Date(value);
}

function mapPage(row: PageRow): PageRecord {
  return {
    id: row.id,
    incidentSeq: row.incident_seq,
    run: row.run,
    reassignment: row.reassignment,
    level: row.level,
    round: row.round,
    userRef: row.user_ref,
    reason: row.reason,
    status: row.status as PageStatus,
    channels: JSON.parse(row.channels),
    dueAt: toDateValue(row.due_at),
    createdAt: toDateValue(row.created_at),
    sentAt: toDateValue(row.sent_at),
    acknowledgedAt: toDateValue(row.acknowledged_at),
    error: row.error,
  };
}

function mapWebhook(row: WebhookRow): WebhookRecord {
  return {
    id: row.id,
    name: row.name,
    url: row.url,
    secret: row.secret,
    groupRef: row.group_ref,
    createdBy: row.created_by,
    createdAt: toDateValue(row.created_at),
  };
}
