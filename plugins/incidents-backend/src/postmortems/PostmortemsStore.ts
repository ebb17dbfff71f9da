import {
  ActionItem,
  ActionItemStatus,
  PostmortemReviewer,
  PostmortemSection,
  PostmortemStatus,
  PostmortemSummary,
  ReviewDecision,
  Severity,
} from '@lookout/plugin-incidents-common';
import { PageCursor } from '../lib/cursor';
import { IncidentCondition } from '../permissions/conditions';

/** A postmortem as stored: everything but the derived timeline. */
export interface StoredPostmortem extends PostmortemSummary {
  incidentSeq: number;
  sections: PostmortemSection[];
  reviewers: PostmortemReviewer[];
  actionItems: ActionItem[];
}

/** What the service hands the store to create a postmortem; refs are already normalized. */
export interface NewPostmortem {
  id: string;
  incidentSeq: number;
  title: string;
  entityRef: string;
  ownerRef: string | null;
  severity: Severity;
  createdBy: string;
  incidentDeclaredAt: string;
  createdAt: string;
  /** In template order; the derived timeline section has an empty body. */
  sections: Array<{ key: string; title: string; prompt: string; body: string }>;
  /** Optional starting details (the demo seeds published postmortems). */
  status?: PostmortemStatus;
  publishedAt?: string | null;
  rootCauseEntityRef?: string | null;
  causeCategory?: string | null;
  tags?: string[];
}

export interface PostmortemDetailsChanges {
  title?: string;
  rootCauseEntityRef?: string | null;
  causeCategory?: string | null;
  tags?: string[];
  status?: PostmortemStatus;
  publishedAt?: string | null;
}

/** Keyset position in the list order (incident declared desc, id desc). */
export type PostmortemCursor = PageCursor<string>;

export interface PostmortemFilter {
  /** Origin or root-cause entity. */
  entityRef?: string;
  /** Origin or root-cause entity among these (a team's or a system's entities). */
  entityRefs?: string[];
  severity?: Severity[];
  status?: PostmortemStatus[];
  tag?: string;
  incidentSeq?: number;
  from?: string;
  to?: string;
  /** Lowercased words, each of which must appear. */
  words?: string[];
  /** `incident.read` as SQL, applied to the postmortem's incident. */
  condition?: IncidentCondition;
  after?: PostmortemCursor;
  limit: number;
}

export interface NewActionItem {
  id: string;
  title: string;
  ownerRef: string;
  dueDate: string | null;
  status: ActionItemStatus;
  trackerUrl: string | null;
  createdAt: string;
}

export interface ActionItemChanges {
  title?: string;
  ownerRef?: string;
  dueDate?: string | null;
  status?: ActionItemStatus;
  trackerUrl?: string | null;
}

/** The outcome of a versioned write: the new value, or the current one when the version was stale. */
export type VersionedWrite<T> =
  | { ok: true; value: T }
  | { ok: false; current: T }
  | undefined;

export interface ActionItemFilter {
  ownerRefs: string[];
  /** Only items not done or won't do. */
  openOnly?: boolean;
  /** Only items whose due date is before this day (`YYYY-MM-DD`). */
  dueBefore?: string;
  condition?: IncidentCondition;
  limit: number;
}

/** Persistence of postmortems, their sections, reviewers, tags and action items. */
export interface PostmortemsStore {
  /** Undefined when the incident already has a postmortem. */
  createPostmortem(
    postmortem: NewPostmortem,
  ): Promise<StoredPostmortem | undefined>;
  getPostmortem(id: string): Promise<StoredPostmortem | undefined>;
  /** The postmortems of these incidents, by incident sequence number. */
  getByIncidents(seqs: number[]): Promise<StoredPostmortem[]>;
  listPostmortems(
    filter: PostmortemFilter,
  ): Promise<{ items: PostmortemSummary[]; last?: PostmortemCursor }>;
  /**
   * Changes the details when `version` is still current (or is undefined: a status move
   * applies to whatever is current); bumps the version.
   */
  updateDetails(
    id: string,
    version: number | undefined,
    changes: PostmortemDetailsChanges,
    at: string,
  ): Promise<VersionedWrite<StoredPostmortem>>;
  /** Writes one section's body when `version` is that section's current version. */
  updateSection(
    id: string,
    key: string,
    version: number,
    body: string,
    actor: string,
    at: string,
  ): Promise<VersionedWrite<PostmortemSection>>;
  addReviewer(id: string, userRef: string): Promise<void>;
  removeReviewer(id: string, userRef: string): Promise<boolean>;
  /** Resets every decision to pending, when the text goes back for another review. */
  resetReviews(id: string): Promise<void>;
  recordDecision(
    id: string,
    userRef: string,
    decision: ReviewDecision,
    comment: string,
    at: string,
  ): Promise<boolean>;
  createActionItem(
    postmortemId: string,
    item: NewActionItem,
  ): Promise<ActionItem>;
  getActionItem(itemId: string): Promise<ActionItem | undefined>;
  updateActionItem(
    itemId: string,
    version: number,
    changes: ActionItemChanges,
    at: string,
  ): Promise<VersionedWrite<ActionItem>>;
  deleteActionItem(itemId: string): Promise<boolean>;
  listActionItems(filter: ActionItemFilter): Promise<ActionItem[]>;
  countPostmortems(): Promise<number>;
}
