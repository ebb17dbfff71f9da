import {
  Schedule,
  ScheduleLayer,
  ScheduleOverride,
} from '@lookout/plugin-incidents-common';
import { UpdateResult } from './versions';

/** A schedule's stored fields; its overrides are rows of their own. */
export type StoredSchedule = Omit<Schedule, 'overrides'>;

export interface ScheduleChanges {
  name: string;
  ownerRef: string;
  timeZone: string;
  layers: ScheduleLayer[];
  updatedAt: string;
}

/** Persistence of schedules and their overrides. */
export interface OnCallStore {
  createSchedule(schedule: StoredSchedule): Promise<StoredSchedule>;
  getSchedule(id: string): Promise<StoredSchedule | undefined>;
  /** By owner when given, else every schedule; by name. */
  listSchedules(filter: {
    ownerRefs?: string[];
    ids?: string[];
  }): Promise<StoredSchedule[]>;
  /** Writes when the stored version is `version`, and bumps it. */
  updateSchedule(
    id: string,
    version: number,
    changes: ScheduleChanges,
  ): Promise<UpdateResult<StoredSchedule>>;
  deleteSchedule(id: string): Promise<boolean>;
  /**
   * Names of the escalation policies whose levels page this schedule: what a foreign key
   * would refuse the delete for, if the levels were rows and not JSON.
   */
  policiesUsingSchedule(scheduleId: string): Promise<string[]>;

  addOverride(
    scheduleId: string,
    override: ScheduleOverride & { createdAt: string },
  ): Promise<ScheduleOverride>;
  /** Overrides of the schedules that overlap `[from, to)`, oldest created first. */
  listOverrides(
    scheduleIds: string[],
    range: { from: string; to?: string },
  ): Promise<Array<ScheduleOverride & { scheduleId: string }>>;
  deleteOverride(scheduleId: string, overrideId: string): Promise<boolean>;
}
