import {
  EscalationLevel,
  EscalationPolicy,
  Schedule,
  ScheduleLayer,
  ScheduleOverride,
} from '@lookout/plugin-incidents-common';

/** A schedule's stored fields; its overrides are rows of their own. */
export type StoredSchedule = Omit<Schedule, 'overrides'>;

export interface ScheduleChanges {
  name: string;
  ownerRef: string;
  timeZone: string;
  layers: ScheduleLayer[];
  updatedAt: string;
}

export interface PolicyChanges {
  name: string;
  ownerRef: string;
  levels: EscalationLevel[];
  repeat: number;
  updatedAt: string;
}

/** A stored policy is never derived; it also keeps when it was created. */
export type StoredPolicy = EscalationPolicy & {
  createdAt: string;
  updatedAt: string;
};

/** What an update finds: the new row, a newer version than the caller saw, or nothing. */
export type UpdateResult<T> =
  | { updated: T }
  | { stale: number }
  | { missing: true };

/** Persistence of schedules, their overrides and escalation policies. */
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

  /** Throws {@link DuplicatePolicyNameError} when the name is taken. */
  createPolicy(policy: StoredPolicy): Promise<StoredPolicy>;
  getPolicy(id: string): Promise<StoredPolicy | undefined>;
  getPolicyByName(name: string): Promise<StoredPolicy | undefined>;
  /** Oldest first, so a group's first policy is its default. */
  listPolicies(filter: { ownerRefs?: string[] }): Promise<StoredPolicy[]>;
  updatePolicy(
    id: string,
    version: number,
    changes: PolicyChanges,
  ): Promise<UpdateResult<StoredPolicy>>;
  deletePolicy(id: string): Promise<boolean>;
  /** Names of the policies whose levels page this schedule. */
  policiesUsingSchedule(scheduleId: string): Promise<string[]>;
}

export class DuplicatePolicyNameError extends Error {
  constructor(name: string) {
    super(`An escalation policy named "${name}" already exists`);
    this.name = 'DuplicatePolicyNameError';
  }
}
