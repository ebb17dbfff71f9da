import { Knex } from 'knex';
import { Timestamp, toDate, toIso } from '../database/timestamps';
import {
  MaintenanceFilter,
  MaintenanceStore,
  MaintenanceWindow,
} from './MaintenanceStore';

interface WindowRow {
  id: string;
  entity_ref: string;
  starts_at: Timestamp;
  ends_at: Timestamp;
  reason: string;
  created_by: string;
  created_at: Timestamp;
}

/** The knex implementation of {@link MaintenanceStore}, on SQLite and PostgreSQL alike. */
export class DatabaseMaintenanceStore implements MaintenanceStore {
  static create(options: { knex: Knex }): DatabaseMaintenanceStore {
    return new DatabaseMaintenanceStore(options.knex);
  }

  private constructor(private readonly db: Knex) {}

  async createWindow(window: MaintenanceWindow): Promise<MaintenanceWindow> {
    await this.db('maintenance_windows').insert({
      id: window.id,
      entity_ref: window.entityRef,
      starts_at: toDate(window.startsAt),
      ends_at: toDate(window.endsAt),
      reason: window.reason,
      created_by: window.createdBy,
      created_at: toDate(window.createdAt),
    });
    const row = await this.db<WindowRow>('maintenance_windows')
      .where({ id: window.id })
      .first();
    return mapWindow(row!);
  }

  async listWindows(filter: MaintenanceFilter): Promise<MaintenanceWindow[]> {
    const query = this.db<WindowRow>('maintenance_windows');
    if (filter.entityRef) query.where('entity_ref', filter.entityRef);
    if (filter.endingAfter) {
      query.where('ends_at', '>', toDate(filter.endingAfter)!);
    }
    if (filter.activeAt) {
      const at = toDate(filter.activeAt)!;
      query.where('starts_at', '<=', at).andWhere('ends_at', '>', at);
    }
    const rows = await query
      .orderBy([
        { column: 'starts_at', order: 'asc' },
        { column: 'id', order: 'asc' },
      ])
      .limit(filter.limit);
    return rows.map(mapWindow);
  }

  async deleteWindow(id: string): Promise<boolean> {
    return (await this.db('maintenance_windows').where({ id }).delete()) > 0;
  }

  async activeWindows(
    at: string,
    entityRefs?: string[],
  ): Promise<MaintenanceWindow[]> {
    if (entityRefs?.length === 0) return [];
    const when = toDate(at)!;
    const query = this.db<WindowRow>('maintenance_windows')
      .where('ends_at', '>', when)
      .andWhere('starts_at', '<=', when);
    if (entityRefs) query.whereIn('entity_ref', entityRefs);
    const rows = await query.orderBy([
      { column: 'starts_at', order: 'asc' },
      { column: 'id', order: 'asc' },
    ]);
    return rows.map(mapWindow);
  }
}

function mapWindow(row: WindowRow): MaintenanceWindow {
  return {
    id: row.id,
    entityRef: row.entity_ref,
    startsAt: toIso(row.starts_at),
    endsAt: toIso(row.ends_at),
    reason: row.reason,
    createdBy: row.created_by,
    createdAt: toIso(row.created_at),
  };
}
