import { JsonObject } from '@backstage/types';
import { IncidentLink } from '@lookout/plugin-incidents-common';

/** A deploy or other change, kept per entity to correlate with incidents. */
export interface ChangeEvent {
  id: string;
  integrationId: string;
  /** Null when no rule could place it. */
  entityRef: string | null;
  summary: string;
  source: string;
  /** When the change happened, by the sender; the time of receipt when it gave none. */
  at: string;
  receivedAt: string;
  links: IncidentLink[];
  details: JsonObject;
}

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
