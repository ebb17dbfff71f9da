/** A runbook written in Lookout, as stored. */
export interface StoredRunbook {
  id: string;
  title: string;
  markdown: string;
  /** Full lowercased entity refs, sorted. */
  entityRefs: string[];
  createdBy: string;
  createdAt: string;
  updatedBy: string;
  updatedAt: string;
  version: number;
}

export interface RunbookChanges {
  title?: string;
  markdown?: string;
  entityRefs?: string[];
  updatedBy: string;
  updatedAt: string;
}

export interface RunbookFilter {
  /** Attached to any of these entities. */
  entityRefs?: string[];
  /** Every word occurs in the title or the markdown, case-insensitively. */
  allWords?: string[];
  /** At least one word occurs in the title or the markdown, case-insensitively. */
  anyWords?: string[];
  limit: number;
}

/** Persistence of the runbooks written in Lookout. */
export interface RunbooksStore {
  createRunbook(runbook: StoredRunbook): Promise<StoredRunbook>;
  getRunbook(id: string): Promise<StoredRunbook | undefined>;
  /**
   * Applies the changes if the runbook is still at `version`; answers the updated runbook,
   * `{ conflict }` with the current one when it has moved on, or undefined when it is gone.
   */
  updateRunbook(
    id: string,
    version: number,
    changes: RunbookChanges,
  ): Promise<StoredRunbook | { conflict: StoredRunbook } | undefined>;
  deleteRunbook(id: string): Promise<boolean>;
  /** Title order. */
  listRunbooks(filter: RunbookFilter): Promise<StoredRunbook[]>;
}
