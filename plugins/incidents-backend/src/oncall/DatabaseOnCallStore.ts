import { ScheduleOverride } from '@lookout/plugin-incidents-common';
import { Knex } from 'knex';
import { Timestamp, toDate, toIso } from '../database/timestamps';
import { OnCallStore, ScheduleChanges, StoredSchedule } from './OnCallStore';
import { UpdateResult } from './versions';

interface ScheduleRow {
  id: string;
  name: string;
  owner_ref: string;
  time_zone: string;
  layers: string;
  created_at: Timestamp;
  updated_at: Timestamp;
  version: number;
}

interface OverrideRow {
  id: string;
  schedule_id: string;
  user_ref: string;
  replaces_user_ref: string | null;
  starts_at: Timestamp;
  ends_at: Timestamp;
  created_by: string;
  created_at: Timestamp;
}

/** The knex implementation of {@link OnCallStore}, on SQLite and PostgreSQL alike. */
export class DatabaseOnCallStore implements OnCallStore {
  static create(options: { knex: Knex }): DatabaseOnCallStore {
    return new DatabaseOnCallStore(options.knex);
  }

  private constructor(private readonly db: Knex) {}

  async createSchedule(schedule: StoredSchedule): Promise<StoredSchedule> {
    await this.db('oncall_schedules').insert({
      id: schedule.id,
      name: schedule.name,
      owner_ref: schedule.ownerRef,
      time_zone: schedule.timeZone,
      layers: JSON.stringify(schedule.layers),
      created_at: toDate(schedule.createdAt),
      updated_at: toDate(schedule.updatedAt),
      version: schedule.version,
    });
    return (await this.getSchedule(schedule.id))!;
  }

  async getSchedule(id: string): Promise<StoredSchedule | undefined> {
    const row = await this.db<ScheduleRow>('oncall_schedules')
      .where({ id })
      .first();
    return row && mapSchedule(row);
  }

  async listSchedules(filter: {
    ownerRefs?: string[];
    ids?: string[];
  }): Promise<StoredSchedule[]> {
    const query = this.db<ScheduleRow>('oncall_schedules');
    if (filter.ownerRefs) query.whereIn('owner_ref', filter.ownerRefs);
    if (filter.ids) query.whereIn('id', filter.ids);
    const rows = await query.orderBy([
      { column: 'name', order: 'asc' },
      { column: 'id', order: 'asc' },
    ]);
    return rows.map(mapSchedule);
  }

  async updateSchedule(
    id: string,
    version: number,
    changes: ScheduleChanges,
  ): Promise<UpdateResult<StoredSchedule>> {
    const count = await this.db('oncall_schedules')
      .where({ id, version })
      .update({
        name: changes.name,
        owner_ref: changes.ownerRef,
        time_zone: changes.timeZone,
        layers: JSON.stringify(changes.layers),
        updated_at: toDate(changes.updatedAt),
        version: version + 1,
      });
    const current = await this.getSchedule(id);
    if (!current) return { missing: true };
    return count > 0 ? { updated: current } : { stale: current.version };
  }

  async deleteSchedule(id: string): Promise<boolean> {
    return this.db.transaction(async tx => {
      // the foreign key cascades on PostgreSQL; SQLite enforces it only when told to
      await tx('oncall_overrides').where({ schedule_id: id }).delete();
      return (await tx('oncall_schedules').where({ id }).delete()) > 0;
    });
  }

  async addOverride(
    scheduleId: string,
    override: ScheduleOverride & { createdAt: string },
  ): Promise<ScheduleOverride> {
    await this.db('oncall_overrides').insert({
      id: override.id,
      schedule_id: scheduleId,
      user_ref: override.userRef,
      replaces_user_ref: override.replacesUserRef ?? null,
      starts_at: toDate(override.startsAt),
      ends_at: toDate(override.endsAt),
      created_by: override.createdBy,
      created_at: toDate(override.createdAt),
    });
    const row = await this.db<OverrideRow>('oncall_overrides')
      .where({ id: override.id })
      .first();
    return mapOverride(row!);
  }

  async listOverrides(
    scheduleIds: string[],
    range: { from: string; to?: string },
  ): Promise<Array<ScheduleOverride & { scheduleId: string }>> {
    if (scheduleIds.length === 0) return [];
    const query = this.db<OverrideRow>('oncall_overrides')
      .whereIn('schedule_id', scheduleIds)
      .andWhere('ends_at', '>', toDate(range.from)!);
    if (range.to) query.andWhere('starts_at', '<', toDate(range.to)!);
    const rows = await query.orderBy([
      { column: 'created_at', order: 'asc' },
      { column: 'id', order: 'asc' },
    ]);
    return rows.map(row => ({
      ...mapOverride(row),
      scheduleId: row.schedule_id,
    }));
  }

  async deleteOverride(
    scheduleId: string,
    overrideId: string,
  ): Promise<boolean> {
    return (
      (await this.db('oncall_overrides')
        .where({ id: overrideId, schedule_id: scheduleId })
        .delete()) > 0
    );
  }

  async policiesUsingSchedule(scheduleId: string): Promise<string[]> {
    // levels is JSON text written by JSON.stringify, so the target's exact spelling is known
    const rows = await this.db<{ name: string }>('escalation_policies')
      .where(
        'levels',
        'like',
        `%${JSON.stringify({ type: 'schedule', scheduleId }).slice(1, -1)}%`,
      )
      .select('name')
      .orderBy('name');
    return rows.map(row => row.name);
  }
}

function mapSchedule(row: ScheduleRow): StoredSchedule {
  return {
    id: row.id,
    name: row.name,
    ownerRef: row.owner_ref,
    timeZone: row.time_zone,
    layers: JSON.parse(row.layers),
    createdAt: toIso(row.created_at),
    updatedAt: toIso(row.updated_at),
    version: row.version,
  };
}

function mapOverride(row: OverrideRow): ScheduleOverride {
  return {
    id: row.id,
    userRef: row.user_ref,
    startsAt: toIso(row.starts_at),
    endsAt: toIso(row.ends_at),
    ...(row.replaces_user_ref
      ? { replacesUserRef: row.replaces_user_ref }
      : {}),
    createdBy: row.created_by,
  };
}
