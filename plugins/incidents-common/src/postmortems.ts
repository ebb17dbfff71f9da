import { Severity, TimelineEvent } from './types';

/** Draft while it is written, in review while reviewers read it, published when done. */
export const POSTMORTEM_STATUSES = ['draft', 'in_review', 'published'] as const;
export type PostmortemStatus = (typeof POSTMORTEM_STATUSES)[number];

/** The Backstage search document type of a postmortem. */
export const POSTMORTEM_SEARCH_TYPE = 'lookout-postmortem';

/**
 * The key of the section that is not written but derived from the incident's timeline on every
 * read; a template places it with this key.
 */
export const TIMELINE_SECTION_KEY = 'timeline';

/** One section of a template: the key it is stored under, its heading and a hint for writers. */
export interface PostmortemTemplateSection {
  key: string;
  title: string;
  /** Shown to writers in an empty section. */
  prompt?: string;
}

/** One written section; `version` grows with every write, for concurrent editors. */
export interface PostmortemSection {
  key: string;
  title: string;
  prompt?: string;
  /** Markdown. Empty for the derived timeline section. */
  body: string;
  /** True for the timeline, which comes from the incident and is never edited. */
  derived: boolean;
  version: number;
  updatedBy: string | null;
  updatedAt: string | null;
}

export const REVIEW_DECISIONS = [
  'pending',
  'approved',
  'changes_requested',
] as const;
export type ReviewDecision = (typeof REVIEW_DECISIONS)[number];

export interface PostmortemReviewer {
  /** A User entity ref. */
  userRef: string;
  decision: ReviewDecision;
  comment: string;
  decidedAt: string | null;
}

export const ACTION_ITEM_STATUSES = [
  'open',
  'in_progress',
  'done',
  'wont_do',
] as const;
export type ActionItemStatus = (typeof ACTION_ITEM_STATUSES)[number];

/** A follow-up a postmortem asks for. */
export interface ActionItem {
  id: string;
  postmortemId: string;
  /** The incident the postmortem is about, for links. */
  incidentId: string;
  title: string;
  /** A User or Group entity ref. */
  ownerRef: string;
  /** A calendar day, `YYYY-MM-DD`; overdue from the day after. */
  dueDate: string | null;
  status: ActionItemStatus;
  trackerUrl: string | null;
  /** Not done or won't do, and past its due date. */
  overdue: boolean;
  version: number;
  createdAt: string;
  updatedAt: string;
}

/** A postmortem as lists show it, without its sections. */
export interface PostmortemSummary {
  id: string;
  incidentId: string;
  title: string;
  status: PostmortemStatus;
  /** The incident's origin entity. */
  entityRef: string;
  /** The team that owned the origin when the incident was declared. */
  ownerRef: string | null;
  severity: Severity;
  /** The entity the root cause was found in, when known: what recurrence matches on. */
  rootCauseEntityRef: string | null;
  /** A short category of cause, for example `config-change` or `capacity`. */
  causeCategory: string | null;
  tags: string[];
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  publishedAt: string | null;
  /** The incident's declaration time, what the date filter applies to. */
  incidentDeclaredAt: string;
  /** Version of the details (title, root cause, category, tags). */
  version: number;
}

/** A postmortem with everything it holds; `timeline` is derived from the incident. */
export interface Postmortem extends PostmortemSummary {
  sections: PostmortemSection[];
  timeline: TimelineEvent[];
  reviewers: PostmortemReviewer[];
  actionItems: ActionItem[];
}

/** The body of `PATCH /postmortems/:id`; `version` must be the one the caller read. */
export interface UpdatePostmortemRequest {
  version: number;
  title?: string;
  rootCauseEntityRef?: string | null;
  causeCategory?: string | null;
  tags?: string[];
}

/**
 * The body of `POST /postmortems/:id/action-items`; `PATCH …/action-items/:itemId` takes any of
 * its fields with the `version` the caller read.
 */
export interface ActionItemRequest {
  title: string;
  ownerRef: string;
  dueDate?: string | null;
  status?: ActionItemStatus;
  trackerUrl?: string | null;
}

/** The query of `GET /postmortems`. */
export interface ListPostmortemsQuery {
  /** The origin or root-cause entity. */
  entityRef?: string;
  /** Postmortems on any entity this group owns. */
  ownerRef?: string;
  /** Postmortems on any entity that is part of this system or domain. */
  systemRef?: string;
  severity?: Severity[];
  status?: PostmortemStatus[];
  tag?: string;
  incidentId?: string;
  /** Incident declared at or after. */
  from?: string;
  /** Incident declared before. */
  to?: string;
  /** Full text: every word must appear in the title, a section, the category or a tag. */
  q?: string;
  cursor?: string;
  limit?: number;
}

/** An earlier postmortem that matches an incident, from `GET /postmortems/recurrence`. */
export interface PostmortemMatch {
  postmortem: PostmortemSummary;
  /**
   * `cause`: same origin (or root-cause entity) and same cause category;
   * `entity`: same entity, while this incident's cause is not known yet.
   */
  match: 'cause' | 'entity';
}

/** The answer of `GET /postmortems/related`. */
export interface RelatedPostmortems {
  /** Postmortems whose incident started on the entity or whose root cause was in it. */
  sameEntity: PostmortemSummary[];
  /** Postmortems whose root cause was in something the entity depends on. */
  upstream: Array<{ postmortem: PostmortemSummary; distance: number }>;
}
