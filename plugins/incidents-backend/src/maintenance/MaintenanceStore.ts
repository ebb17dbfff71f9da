import { MaintenanceWindow } from '@lookout/plugin-incidents-common';

export type { MaintenanceWindow };
export interface MaintenanceFilter {
  entityRef?: string;
  /** Windows that have not ended by this time. */
  endingAfter?: string;
  /** Windows in force at this time. */
  activeAt?: string;
  limit: number;
}

/** Persistence of maintenance windows. */
export interface MaintenanceStore {
  createWindow(window: MaintenanceWindow): Promise<MaintenanceWindow>;
  /** Soonest first. */
  listWindows(filter: MaintenanceFilter): Promise<MaintenanceWindow[]>;
  deleteWindow(id: string): Promise<boolean>;
  /** The windows in force at `at` on any of the entities; all entities when none are given. */
  activeWindows(
    at: string,
    entityRefs?: string[],
  ): Promise<MaintenanceWindow[]>;
}
