import { JsonObject } from '@backstage/types';
import { IncidentLink, Severity } from '@lookout/plugin-incidents-common';
import { Knex } from 'knex';
import { Timestamp, toDate, toIso } from '../database/timestamps';
import { DatabaseIncidentsStore } from '../incidents/DatabaseIncidentsStore';
import { newestFirstPage } from '../lib/keysetPage';
import { AlertUpdate } from './alertState';
import {
  AlertCursor,
  AlertFilter,
  AlertGroup,
  AlertsStore,
  AlertsTransaction,
  NewAlert,
} from './AlertsStore';
import { isConflict } from './databaseErrors';
import { AlertStatus, StoredAlert } from './types';

interface AlertRow {
  id: number | string;
  integration_id: string;
  dedup_key: string;
  fingerprint: string;
  group_key: string | null;
  status: string;
  summary: string;
  description: string;
  severity: string | null;
  incident_severity: string;
  source: string;
  entity_ref: string | null;
  owner_ref: string | null;
  labels: string;
  annotations: string;
  links: string;
  details: string;
  starts_at: Timestamp;
  ends_at: Timestamp | null;
  first_seen_at: Timestamp;
  last_seen_at: Timestamp;
  occurrences: number;
  acknowledged_at: Timestamp | null;
  incident_seq: number | null;
  group_id: number | null;
  suppressed_by: string | null;
}

interface GroupRow {
  id: number;
  entity_ref: string;
  open_key: string | null;
  incident_seq: number | null;
  opened_at: Timestamp;
  last_activity_at: Timestamp;
}

/** Alert fields and their columns; objects are stored as JSON text, times as timestamps. */
const COLUMNS: Record<
  keyof AlertUpdate,
  { column: string; kind?: 'json' | 'time' }
> = {
  fingerprint: { column: 'fingerprint' },
  groupKey: { column: 'group_key' },
  status: { column: 'status' },
  summary: { column: 'summary' },
  description: { column: 'description' },
  severity: { column: 'severity' },
  incidentSeverity: { column: 'incident_severity' },
  source: { column: 'source' },
  entityRef: { column: 'entity_ref' },
  ownerRef: { column: 'owner_ref' },
  labels: { column: 'labels', kind: 'json' },
  annotations: { column: 'annotations', kind: 'json' },
  links: { column: 'links', kind: 'json' },
  details: { column: 'details', kind: 'json' },
  startsAt: { column: 'starts_at', kind: 'time' },
  endsAt: { column: 'ends_at', kind: 'time' },
  lastSeenAt: { column: 'last_seen_at', kind: 'time' },
  occurrences: { column: 'occurrences' },
  acknowledgedAt: { column: 'acknowledged_at', kind: 'time' },
  incidentSeq: { column: 'incident_seq' },
  groupId: { column: 'group_id' },
  suppressedBy: { column: 'suppressed_by' },
};

/** Rows per statement in bulk reads and writes, well under every engine's parameter limit. */
const CHUNK = 500;

/** A transaction that lost a deadlock or serialization conflict is run again, this often. */
const MAX_ATTEMPTS = 4;

/** One transaction of alert ingestion: every query runs on `tx`. */
class DatabaseAlertsTransaction implements AlertsTransaction {
  constructor(
    private readonly tx: Knex.Transaction,
    readonly incidents: DatabaseIncidentsStore,
  ) {}

  async insertAlert(alert: NewAlert): Promise<StoredAlert | undefined> {
    return (await this.insertAlerts([alert])).get(alert.dedupKey);
  }

  async lockAlert(
    integrationId: string,
    dedupKey: string,
  ): Promise<StoredAlert | undefined> {
    const row = await this.locked(
      this.tx<AlertRow>('alerts').where({
        integration_id: integrationId,
        dedup_key: dedupKey,
      }),
    ).first();
    return row && mapAlert(row);
  }

  async lockAlerts(
    integrationId: string,
    dedupKeys: string[],
  ): Promise<Map<string, StoredAlert>> {
    const found = new Map<string, StoredAlert>();
    for (let i = 0; i < dedupKeys.length; i += CHUNK) {
      const rows = await this.locked(
        this.tx<AlertRow>('alerts')
          .where('integration_id', integrationId)
          .whereIn('dedup_key', dedupKeys.slice(i, i + CHUNK))
          .orderBy('dedup_key'),
      );
      for (const row of rows) found.set(row.dedup_key, mapAlert(row));
    }
    return found;
  }

  async insertAlerts(alerts: NewAlert[]): Promise<Map<string, StoredAlert>> {
    const inserted = new Map<string, StoredAlert>();
    for (let i = 0; i < alerts.length; i += CHUNK) {
      const rows: AlertRow[] = await this.tx('alerts')
        .insert(
          alerts.slice(i, i + CHUNK).map(alert => ({
            integration_id: alert.integrationId,
            dedup_key: alert.dedupKey,
            first_seen_at: toDate(alert.firstSeenAt),
            ...toColumns(alert),
          })),
        )
        .onConflict(['integration_id', 'dedup_key'])
        .ignore()
        .returning('*');
      for (const row of rows) inserted.set(row.dedup_key, mapAlert(row));
    }
    return inserted;
  }

  async lockAlertById(id: number): Promise<StoredAlert | undefined> {
    const row = await this.locked(
      this.tx<AlertRow>('alerts').where({ id }),
    ).first();
    return row && mapAlert(row);
  }

  async updateAlert(id: number, update: AlertUpdate): Promise<StoredAlert> {
    const [row] = await this.tx('alerts')
      .where({ id })
      .update(toColumns(update))
      .returning('*');
    return mapAlert(row);
  }

  async lockLiveGroup(entityRef: string): Promise<AlertGroup | undefined> {
    const row = await this.locked(
      this.tx<GroupRow>('alert_groups').where({ open_key: entityRef }),
    ).first();
    return row && mapGroup(row);
  }

  async lockLiveGroups(entityRefs: string[]): Promise<Map<string, AlertGroup>> {
    const found = new Map<string, AlertGroup>();
    for (let i = 0; i < entityRefs.length; i += CHUNK) {
      const rows = await this.locked(
        this.tx<GroupRow>('alert_groups')
          .whereIn('open_key', entityRefs.slice(i, i + CHUNK))
          .orderBy('open_key'),
      );
      for (const row of rows) found.set(row.open_key!, mapGroup(row));
    }
    return found;
  }

  async assignAlerts(
    assignments: Array<{ id: number; incidentSeq: number; groupId: number }>,
  ): Promise<void> {
    for (let i = 0; i < assignments.length; i += CHUNK) {
      const chunk = assignments.slice(i, i + CHUNK);
      // one UPDATE with CASE works on both engines, where UPDATE … FROM (VALUES …) does not
      const cases = (column: 'incidentSeq' | 'groupId') =>
        this.tx.raw(
          `case id ${chunk
            .map(() => 'when ? then cast(? as integer)')
            .join(' ')} end`,
          chunk.flatMap(a => [a.id, a[column]]),
        );
      await this.tx('alerts')
        .whereIn(
          'id',
          chunk.map(a => a.id),
        )
        .update({
          incident_seq: cases('incidentSeq'),
          group_id: cases('groupId'),
        });
    }
  }

  async touchGroups(ids: number[], at: string): Promise<void> {
    if (ids.length === 0) return;
    await this.tx('alert_groups')
      .whereIn(
        'id',
        [...new Set(ids)].sort((a, b) => a - b),
      )
      .update({ last_activity_at: toDate(at) });
  }

  async claimGroup(
    entityRef: string,
    at: string,
  ): Promise<AlertGroup | undefined> {
    const [row] = await this.tx('alert_groups')
      .insert({
        entity_ref: entityRef,
        open_key: entityRef,
        opened_at: toDate(at),
        last_activity_at: toDate(at),
      })
      .onConflict('open_key')
      .ignore()
      .returning('*');
    return row && mapGroup(row);
  }

  async updateGroup(
    id: number,
    update: { incidentSeq?: number; lastActivityAt?: string },
  ): Promise<void> {
    await this.tx('alert_groups')
      .where({ id })
      .update({
        ...(update.incidentSeq !== undefined
          ? { incident_seq: update.incidentSeq }
          : {}),
        ...(update.lastActivityAt
          ? { last_activity_at: toDate(update.lastActivityAt) }
          : {}),
      });
  }

  async endGroup(id: number, at: string): Promise<void> {
    await this.tx('alert_groups')
      .where({ id })
      .update({ open_key: null, ended_at: toDate(at) });
  }

  async countFiringInGroup(
    groupId: number,
    exceptAlertId: number,
  ): Promise<number> {
    const [{ count }] = await this.tx('alerts')
      .where({ group_id: groupId, status: 'firing' })
      .whereNot('id', exceptAlertId)
      .count({ count: '*' });
    return Number(count);
  }

  async incidentAlertSummary(
    incidentSeq: number,
  ): Promise<{ firing: number; manualResolve: number }> {
    const [row] = await this.tx('alerts as a')
      .join('integrations as i', 'i.id', 'a.integration_id')
      .where('a.incident_seq', incidentSeq)
      .select(
        this.tx.raw(
          `sum(case when a.status = 'firing' then 1 else 0 end) as firing,
           sum(case when i.auto_resolve then 0 else 1 end) as manual_resolve`,
        ),
      );
    return {
      firing: Number(row?.firing ?? 0),
      manualResolve: Number(row?.manual_resolve ?? 0),
    };
  }

  /** SQLite runs one writer at a time already; PostgreSQL needs the row lock. */
  private locked<Q extends Knex.QueryBuilder>(query: Q): Q {
    if (this.tx.client.config.client === 'pg') query.forUpdate();
    return query;
  }
}

/** The knex implementation of {@link AlertsStore}, on SQLite and PostgreSQL alike. */
export class DatabaseAlertsStore implements AlertsStore {
  static create(options: {
    knex: Knex;
    incidents: DatabaseIncidentsStore;
  }): DatabaseAlertsStore {
    return new DatabaseAlertsStore(options.knex, options.incidents);
  }

  private constructor(
    private readonly db: Knex,
    private readonly incidents: DatabaseIncidentsStore,
  ) {}

  async transaction<T>(
    work: (tx: AlertsTransaction) => Promise<T>,
  ): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.db.transaction(tx =>
          work(
            new DatabaseAlertsTransaction(tx, this.incidents.inTransaction(tx)),
          ),
        );
      } catch (error) {
        if (attempt >= MAX_ATTEMPTS || !isConflict(error)) throw error;
      }
    }
  }

  async getAlert(id: number): Promise<StoredAlert | undefined> {
    const row = await this.db<AlertRow>('alerts').where({ id }).first();
    return row && mapAlert(row);
  }

  async listAlerts(
    filter: AlertFilter,
  ): Promise<{ items: StoredAlert[]; last?: AlertCursor }> {
    const query = this.db<AlertRow>('alerts');
    if (filter.entityRef === null) query.whereNull('entity_ref');
    else if (filter.entityRef) query.where('entity_ref', filter.entityRef);
    if (filter.incidentSeq !== undefined) {
      query.where('incident_seq', filter.incidentSeq);
    }
    if (filter.status) query.where('status', filter.status);
    const { rows, last } = await newestFirstPage(
      query,
      { time: 'last_seen_at', id: 'id' },
      filter,
      (row: AlertRow) => ({ at: toIso(row.last_seen_at), id: Number(row.id) }),
    );
    return { items: rows.map(mapAlert), last };
  }
}

function toColumns(update: AlertUpdate): Record<string, unknown> {
  const columns: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(update)) {
    const spec = COLUMNS[field as keyof AlertUpdate];
    if (!spec || value === undefined) continue;
    if (spec.kind === 'json') columns[spec.column] = JSON.stringify(value);
    else if (spec.kind === 'time')
      columns[spec.column] = toDate(value as string | null);
    else columns[spec.column] = value;
  }
  return columns;
}

function mapAlert(row: AlertRow): StoredAlert {
  return {
    id: Number(row.id),
    integrationId: row.integration_id,
    dedupKey: row.dedup_key,
    fingerprint: row.fingerprint,
    groupKey: row.group_key,
    status: row.status as AlertStatus,
    summary: row.summary,
    description: row.description,
    severity: row.severity,
    incidentSeverity: row.incident_severity as Severity,
    source: row.source,
    entityRef: row.entity_ref,
    ownerRef: row.owner_ref,
    labels: JSON.parse(row.labels) as Record<string, string>,
    annotations: JSON.parse(row.annotations) as Record<string, string>,
    links: JSON.parse(row.links) as IncidentLink[],
    details: JSON.parse(row.details) as JsonObject,
    startsAt: toIso(row.starts_at),
    endsAt: toIso(row.ends_at),
    firstSeenAt: toIso(row.first_seen_at),
    lastSeenAt: toIso(row.last_seen_at),
    occurrences: row.occurrences,
    acknowledgedAt: toIso(row.acknowledged_at),
    incidentSeq: row.incident_seq,
    groupId: row.group_id,
    suppressedBy: row.suppressed_by,
  };
}

function mapGroup(row: GroupRow): AlertGroup {
  return {
    id: row.id,
    entityRef: row.entity_ref,
    incidentSeq: row.incident_seq,
    openedAt: toIso(row.opened_at),
    lastActivityAt: toIso(row.last_activity_at),
  };
}
