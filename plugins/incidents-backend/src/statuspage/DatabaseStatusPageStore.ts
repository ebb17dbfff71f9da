import { OPEN_STATUSES } from '@lookout/plugin-incidents-common';
import { Knex } from 'knex';
import { Timestamp, toDate, toIso } from '../database/timestamps';
import {
  ComponentRecord,
  DeliveryCounts,
  DeliveryState,
  NewUpdate,
  StatusIncidentRecord,
  StatusPageStore,
  SubscriberRecord,
  UpdateRecord,
} from './StatusPageStore';

interface ComponentRow {
  id: string;
  name: string;
  description: string | null;
  group_name: string | null;
  position: number;
  entity_refs: string;
  override_status: string | null;
  override_reason: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

interface IncidentRow {
  id: string;
  kind: string;
  incident_seq: number | null;
  name: string;
  status: string;
  impact: string;
  component_ids: string;
  scheduled_for: Timestamp | null;
  scheduled_until: Timestamp | null;
  started_at: Timestamp;
  monitoring_at: Timestamp | null;
  resolved_at: Timestamp | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

interface UpdateRow {
  id: string;
  status_incident_id: string;
  status: string;
  body: string;
  created_by: string;
  created_at: Timestamp;
}

interface SubscriberRow {
  id: string;
  kind: string;
  address: string;
  component_ids: string;
  confirm_token: string | null;
  unsubscribe_token: string;
  confirmed_at: Timestamp | null;
  created_at: Timestamp;
}

/** The knex implementation of {@link StatusPageStore}, on SQLite and PostgreSQL alike. */
export class DatabaseStatusPageStore implements StatusPageStore {
  static create(options: { knex: Knex }): DatabaseStatusPageStore {
    return new DatabaseStatusPageStore(options.knex);
  }

  private constructor(private readonly db: Knex) {}

  async version(): Promise<number> {
    const row = await this.db('status_page_state')
      .where({ id: 1 })
      .first('version');
    return Number(row?.version ?? 0);
  }

  async changeStamp(): Promise<string> {
    const now = new Date();
    const [row] = await this.db.select({
      version: this.db('status_page_state').where({ id: 1 }).select('version'),
      events: this.db('incident_events').max('id'),
      open: this.db('incidents').whereIn('status', OPEN_STATUSES).count('*'),
      windows: this.db('maintenance_windows')
        .where('starts_at', '<=', now)
        .andWhere('ends_at', '>', now)
        .count('*'),
    });
    return `${row.version}:${row.events ?? 0}:${row.open}:${row.windows}`;
  }

  async listComponents(): Promise<ComponentRecord[]> {
    const rows = await this.db<ComponentRow>('status_components').orderBy([
      { column: 'position', order: 'asc' },
      { column: 'name', order: 'asc' },
    ]);
    return rows.map(mapComponent);
  }

  async getComponent(id: string): Promise<ComponentRecord | undefined> {
    const row = await this.db<ComponentRow>('status_components')
      .where({ id })
      .first();
    return row && mapComponent(row);
  }

  async createComponents(components: ComponentRecord[]): Promise<number> {
    if (components.length === 0) return 0;
    return this.db.transaction(async trx => {
      const inserted = await trx('status_components')
        .insert(components.map(componentRow))
        .onConflict('name')
        .ignore()
        .returning('id');
      if (inserted.length > 0) await bump(trx);
      return inserted.length;
    });
  }

  async updateComponent(
    id: string,
    changes: Partial<Omit<ComponentRecord, 'id' | 'createdAt'>>,
  ): Promise<ComponentRecord | undefined> {
    const row: Record<string, unknown> = {};
    if (changes.name !== undefined) row.name = changes.name;
    if (changes.description !== undefined) {
      row.description = changes.description;
    }
    if (changes.group !== undefined) row.group_name = changes.group;
    if (changes.position !== undefined) row.position = changes.position;
    if (changes.entityRefs !== undefined) {
      row.entity_refs = JSON.stringify(changes.entityRefs);
    }
    if (changes.overrideStatus !== undefined) {
      row.override_status = changes.overrideStatus;
    }
    if (changes.overrideReason !== undefined) {
      row.override_reason = changes.overrideReason;
    }
    if (changes.updatedAt) row.updated_at = toDate(changes.updatedAt);
    const updated = await this.db.transaction(async trx => {
      const count = await trx('status_components').where({ id }).update(row);
      if (count > 0) await bump(trx);
      return count;
    });
    return updated > 0 ? this.getComponent(id) : undefined;
  }

  async deleteComponent(id: string): Promise<boolean> {
    return this.db.transaction(async trx => {
      const count = await trx('status_components').where({ id }).delete();
      if (count > 0) await bump(trx);
      return count > 0;
    });
  }

  async listIncidents(filter: {
    kind?: 'incident' | 'maintenance';
    incidentSeq?: number;
    limit: number;
  }): Promise<StatusIncidentRecord[]> {
    const query = this.db<IncidentRow>('status_incidents');
    if (filter.kind) query.where('kind', filter.kind);
    if (filter.incidentSeq !== undefined) {
      query.where('incident_seq', filter.incidentSeq);
    }
    const rows = await query
      .orderBy([
        { column: 'created_at', order: 'desc' },
        { column: 'id', order: 'desc' },
      ])
      .limit(filter.limit);
    return this.withUpdates(rows);
  }

  async listIncidentsSince(from: string): Promise<StatusIncidentRecord[]> {
    const rows = await this.db<IncidentRow>('status_incidents')
      .where('kind', 'incident')
      .andWhere(q =>
        q.whereNull('resolved_at').orWhere('resolved_at', '>=', toDate(from)!),
      )
      .orderBy('started_at', 'asc');
    return rows.map(row => mapIncident(row, []));
  }

  async getIncident(id: string): Promise<StatusIncidentRecord | undefined> {
    const row = await this.db<IncidentRow>('status_incidents')
      .where({ id })
      .first();
    return row ? (await this.withUpdates([row]))[0] : undefined;
  }

  async incidentOfUpdate(
    updateId: string,
  ): Promise<StatusIncidentRecord | undefined> {
    const row = await this.db<UpdateRow>('status_updates')
      .where({ id: updateId })
      .first('status_incident_id');
    return row ? this.getIncident(row.status_incident_id) : undefined;
  }

  async createIncident(
    incident: StatusIncidentRecord,
    within: (trx: Knex.Transaction) => Promise<void>,
  ): Promise<void> {
    await this.db.transaction(async trx => {
      await trx('status_incidents').insert({
        id: incident.id,
        kind: incident.kind,
        incident_seq: incident.incidentSeq,
        name: incident.name,
        status: incident.status,
        impact: incident.impact,
        component_ids: JSON.stringify(incident.componentIds),
        scheduled_for: toDate(incident.scheduledFor),
        scheduled_until: toDate(incident.scheduledUntil),
        started_at: toDate(incident.startedAt),
        monitoring_at: toDate(incident.monitoringAt),
        resolved_at: toDate(incident.resolvedAt),
        created_at: toDate(incident.createdAt),
        updated_at: toDate(incident.updatedAt),
      });
      for (const update of [...incident.updates].reverse()) {
        await trx('status_updates').insert(updateRow(update));
      }
      await within(trx);
      await bump(trx);
    });
  }

  async addUpdate(
    statusIncidentId: string,
    change: NewUpdate,
    within: (trx: Knex.Transaction) => Promise<void>,
  ): Promise<void> {
    await this.db.transaction(async trx => {
      const { incident } = change;
      await trx('status_incidents')
        .where({ id: statusIncidentId })
        .update({
          ...(incident.name ? { name: incident.name } : {}),
          status: incident.status,
          impact: incident.impact,
          component_ids: JSON.stringify(incident.componentIds),
          monitoring_at: toDate(incident.monitoringAt),
          resolved_at: toDate(incident.resolvedAt),
          updated_at: toDate(incident.updatedAt),
        });
      await trx('status_updates').insert(updateRow(change.update));
      await within(trx);
      await bump(trx);
    });
  }

  async deleteIncident(id: string): Promise<boolean> {
    return this.db.transaction(async trx => {
      const count = await trx('status_incidents').where({ id }).delete();
      if (count > 0) await bump(trx);
      return count > 0;
    });
  }

  async upsertSubscriber(
    subscriber: SubscriberRecord,
  ): Promise<{ subscriber: SubscriberRecord; alreadyConfirmed: boolean }> {
    return this.db.transaction(async trx => {
      const existing = await trx<SubscriberRow>('status_subscribers')
        .where({ kind: subscriber.kind, address: subscriber.address })
        .first();
      if (existing?.confirmed_at) {
        // a confirmed subscription is changed only by its owner, never by a new sign-up
        return { subscriber: mapSubscriber(existing), alreadyConfirmed: true };
      }
      if (existing) {
        await trx('status_subscribers')
          .where({ id: existing.id })
          .update({
            confirm_token: subscriber.confirmToken,
            component_ids: JSON.stringify(subscriber.componentIds),
            confirmed_at: toDate(subscriber.confirmedAt),
          });
      } else {
        await trx('status_subscribers').insert({
          id: subscriber.id,
          kind: subscriber.kind,
          address: subscriber.address,
          component_ids: JSON.stringify(subscriber.componentIds),
          confirm_token: subscriber.confirmToken,
          unsubscribe_token: subscriber.unsubscribeToken,
          confirmed_at: toDate(subscriber.confirmedAt),
          created_at: toDate(subscriber.createdAt),
        });
      }
      const row = await trx<SubscriberRow>('status_subscribers')
        .where({ kind: subscriber.kind, address: subscriber.address })
        .first();
      return { subscriber: mapSubscriber(row!), alreadyConfirmed: false };
    });
  }

  async confirmSubscriber(
    token: string,
    at: string,
  ): Promise<SubscriberRecord | undefined> {
    const row = await this.db<SubscriberRow>('status_subscribers')
      .where({ confirm_token: token })
      .first();
    if (!row) return undefined;
    await this.db('status_subscribers')
      .where({ id: row.id })
      .update({ confirm_token: null, confirmed_at: toDate(at) });
    return this.getSubscriber(row.id);
  }

  async findByUnsubscribeToken(
    token: string,
  ): Promise<SubscriberRecord | undefined> {
    const row = await this.db<SubscriberRow>('status_subscribers')
      .where({ unsubscribe_token: token })
      .first();
    return row && mapSubscriber(row);
  }

  async deleteSubscriber(id: string): Promise<boolean> {
    return (await this.db('status_subscribers').where({ id }).delete()) > 0;
  }

  async getSubscriber(id: string): Promise<SubscriberRecord | undefined> {
    const row = await this.db<SubscriberRow>('status_subscribers')
      .where({ id })
      .first();
    return row && mapSubscriber(row);
  }

  async subscribersFor(
    componentIds: string[],
    trx?: Knex.Transaction,
  ): Promise<SubscriberRecord[]> {
    const rows = await (trx ?? this.db)<SubscriberRow>('status_subscribers')
      .whereNotNull('confirmed_at')
      .orderBy('id');
    const wanted = new Set(componentIds);
    return rows
      .map(mapSubscriber)
      .filter(
        s =>
          s.componentIds.length === 0 ||
          s.componentIds.some(id => wanted.has(id)),
      );
  }

  async listSubscribers(): Promise<SubscriberRecord[]> {
    const rows = await this.db<SubscriberRow>('status_subscribers').orderBy(
      'created_at',
    );
    return rows.map(mapSubscriber);
  }

  async recordDeliveries(
    updateId: string,
    subscriberIds: string[],
    trx: Knex.Transaction,
  ): Promise<void> {
    const rows = subscriberIds.map(subscriberId => ({
      update_id: updateId,
      subscriber_id: subscriberId,
      state: 'pending',
      attempts: 0,
    }));
    // batches keep each statement under SQLite's bound-parameter limit
    for (let i = 0; i < rows.length; i += 500) {
      await trx('status_deliveries').insert(rows.slice(i, i + 500));
    }
  }

  async setDelivery(
    updateId: string,
    subscriberId: string,
    state: DeliveryState,
    error?: string,
  ): Promise<void> {
    await this.db('status_deliveries')
      .where({ update_id: updateId, subscriber_id: subscriberId })
      .update({
        state,
        attempts: this.db.raw('attempts + 1'),
        last_error: error ? error.slice(0, 500) : null,
        delivered_at: state === 'delivered' ? new Date() : null,
      });
  }

  async deliveryCounts(updateIds: string[]): Promise<DeliveryCounts[]> {
    if (updateIds.length === 0) return [];
    const rows = await this.db('status_deliveries')
      .whereIn('update_id', updateIds)
      .select('update_id', 'state')
      .count({ count: '*' })
      .groupBy('update_id', 'state');
    const byUpdate = new Map<string, DeliveryCounts>(
      updateIds.map(updateId => [
        updateId,
        { updateId, total: 0, delivered: 0, failed: 0, pending: 0 },
      ]),
    );
    for (const row of rows as Array<{
      update_id: string;
      state: DeliveryState;
      count: number | string;
    }>) {
      const counts = byUpdate.get(row.update_id)!;
      const count = Number(row.count);
      // a subscriber who left before the update reached them is no longer in the audience
      if (row.state === 'skipped') continue;
      counts.total += count;
      counts[row.state] += count;
    }
    return [...byUpdate.values()];
  }

  async countAttempt(bucket: string, windowMs: number): Promise<number> {
    const windowStart = Math.floor(Date.now() / windowMs) * windowMs;
    // One upsert: a new window restarts the count, the same window adds one.
    const [row] = await this.db('status_rate_windows')
      .insert({ bucket, window_start: windowStart, count: 1 })
      .onConflict('bucket')
      .merge({
        count: this.db.raw(
          'case when status_rate_windows.window_start = ? ' +
            'then status_rate_windows.count + 1 else 1 end',
          [windowStart],
        ),
        window_start: windowStart,
      })
      .returning('count');
    return Number(typeof row === 'object' ? row.count : row);
  }

  private async withUpdates(
    rows: IncidentRow[],
  ): Promise<StatusIncidentRecord[]> {
    if (rows.length === 0) return [];
    const updates = await this.db<UpdateRow>('status_updates')
      .whereIn(
        'status_incident_id',
        rows.map(r => r.id),
      )
      .orderBy([
        { column: 'created_at', order: 'desc' },
        { column: 'id', order: 'desc' },
      ]);
    const byIncident = new Map<string, UpdateRecord[]>();
    for (const update of updates) {
      const list = byIncident.get(update.status_incident_id) ?? [];
      list.push(mapUpdate(update));
      byIncident.set(update.status_incident_id, list);
    }
    return rows.map(row => mapIncident(row, byIncident.get(row.id) ?? []));
  }
}

async function bump(trx: Knex.Transaction) {
  await trx('status_page_state').where({ id: 1 }).increment('version', 1);
}

function componentRow(c: ComponentRecord) {
  return {
    id: c.id,
    name: c.name,
    description: c.description,
    group_name: c.group,
    position: c.position,
    entity_refs: JSON.stringify(c.entityRefs),
    override_status: c.overrideStatus,
    override_reason: c.overrideReason,
    created_at: toDate(c.createdAt),
    updated_at: toDate(c.updatedAt),
  };
}

function updateRow(u: UpdateRecord) {
  return {
    id: u.id,
    status_incident_id: u.statusIncidentId,
    status: u.status,
    body: u.body,
    created_by: u.createdBy,
    created_at: toDate(u.createdAt),
  };
}

function mapComponent(row: ComponentRow): ComponentRecord {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    group: row.group_name,
    position: Number(row.position),
    entityRefs: JSON.parse(row.entity_refs),
    overrideStatus: row.override_status as ComponentRecord['overrideStatus'],
    overrideReason: row.override_reason,
    createdAt: toIso(row.created_at),
    updatedAt: toIso(row.updated_at),
  };
}

function mapUpdate(row: UpdateRow): UpdateRecord {
  return {
    id: row.id,
    statusIncidentId: row.status_incident_id,
    status: row.status as UpdateRecord['status'],
    body: row.body,
    createdBy: row.created_by,
    createdAt: toIso(row.created_at),
  };
}

function mapIncident(
  row: IncidentRow,
  updates: UpdateRecord[],
): StatusIncidentRecord {
  return {
    id: row.id,
    kind: row.kind as StatusIncidentRecord['kind'],
    incidentSeq: row.incident_seq === null ? null : Number(row.incident_seq),
    name: row.name,
    status: row.status as StatusIncidentRecord['status'],
    impact: row.impact as StatusIncidentRecord['impact'],
    componentIds: JSON.parse(row.component_ids),
    scheduledFor: toIso(row.scheduled_for),
    scheduledUntil: toIso(row.scheduled_until),
    startedAt: toIso(row.started_at),
    monitoringAt: toIso(row.monitoring_at),
    resolvedAt: toIso(row.resolved_at),
    createdAt: toIso(row.created_at),
    updatedAt: toIso(row.updated_at),
    updates,
  };
}

function mapSubscriber(row: SubscriberRow): SubscriberRecord {
  return {
    id: row.id,
    kind: row.kind as SubscriberRecord['kind'],
    address: row.address,
    componentIds: JSON.parse(row.component_ids),
    confirmedAt: toIso(row.confirmed_at),
    createdAt: toIso(row.created_at),
    unsubscribeToken: row.unsubscribe_token,
    confirmToken: row.confirm_token,
  };
}
