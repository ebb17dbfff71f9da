import { ChangeEvent } from '@lookout/plugin-incidents-common';

export type { ChangeEvent };

export type NewChangeEvent = Omit<ChangeEvent, 'id'> & {
  /** Identifies a retried delivery of the same change. */
  dedupHash: string;
};

export interface ChangeFilter {
  /** Changes on any of these entities; all changes when absent. */
  entityRefs?: string[];
  since: string;
  until?: string;
  limit: number;
}

/** Persistence of change events. */
export interface ChangesStore {
  /** Stores the change unless the same one (integration and hash) is stored already. */
  recordChange(change: NewChangeEvent): Promise<void>;
  /** Newest first. */
  listChanges(filter: ChangeFilter): Promise<ChangeEvent[]>;
}
