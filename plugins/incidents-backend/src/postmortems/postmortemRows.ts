import {
  ActionItem,
  ActionItemStatus,
  PostmortemReviewer,
  PostmortemSection,
  PostmortemStatus,
  PostmortemSummary,
  ReviewDecision,
  Severity,
  TIMELINE_SECTION_KEY,
} from '@lookout/plugin-incidents-common';
import { Timestamp, toIso } from '../database/timestamps';
import { formatIncidentId } from '../incidents/incidentIds';

// The postmortem tables' rows, the columns read of them, and their mapping to domain types.

export interface PostmortemRow {
  id: string;
  incident_seq: number;
  title: string;
  status: string;
  entity_ref: string;
  owner_ref: string | null;
  severity: string;
  root_cause_entity_ref: string | null;
  cause_category: string | null;
  search_text: string;
  created_by: string;
  version: number;
  incident_declared_at: Timestamp;
  created_at: Timestamp;
  updated_at: Timestamp;
  published_at: Timestamp | null;
}

export interface SectionRow {
  postmortem_id: string;
  key: string;
  position: number;
  title: string;
  prompt: string;
  body: string;
  version: number;
  updated_by: string | null;
  updated_at: Timestamp | null;
}

export interface ReviewerRow {
  postmortem_id: string;
  user_ref: string;
  decision: string;
  comment: string;
  decided_at: Timestamp | null;
}

export interface ActionItemRow {
  id: string;
  postmortem_id: string;
  incident_seq?: number;
  title: string;
  owner_ref: string;
  due_date: string | null;
  status: string;
  tracker_url: string | null;
  version: number;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export const SUMMARY_COLUMNS = [
  'p.id',
  'p.incident_seq',
  'p.title',
  'p.status',
  'p.entity_ref',
  'p.owner_ref',
  'p.severity',
  'p.root_cause_entity_ref',
  'p.cause_category',
  'p.created_by',
  'p.version',
  'p.incident_declared_at',
  'p.created_at',
  'p.updated_at',
  'p.published_at',
];

export const ITEM_COLUMNS = [
  'a.id',
  'a.postmortem_id',
  'p.incident_seq',
  'a.title',
  'a.owner_ref',
  'a.due_date',
  'a.status',
  'a.tracker_url',
  'a.version',
  'a.created_at',
  'a.updated_at',
];

export const CLOSED_ITEM_STATUSES: ActionItemStatus[] = ['done', 'wont_do'];

export function mapSummary(
  row: PostmortemRow,
  tags: string[],
): PostmortemSummary {
  return {
    id: row.id,
    incidentId: formatIncidentId(row.incident_seq),
    title: row.title,
    status: row.status as PostmortemStatus,
    entityRef: row.entity_ref,
    ownerRef: row.owner_ref,
    severity: row.severity as Severity,
    rootCauseEntityRef: row.root_cause_entity_ref,
    causeCategory: row.cause_category,
    tags,
    createdBy: row.created_by,
    createdAt: toIso(row.created_at),
    updatedAt: toIso(row.updated_at),
    publishedAt: toIso(row.published_at),
    incidentDeclaredAt: toIso(row.incident_declared_at),
    version: row.version,
  };
}

export function mapSection(row: SectionRow): PostmortemSection {
  return {
    key: row.key,
    title: row.title,
    ...(row.prompt ? { prompt: row.prompt } : {}),
    body: row.body,
    derived: row.key === TIMELINE_SECTION_KEY,
    version: row.version,
    updatedBy: row.updated_by,
    updatedAt: toIso(row.updated_at),
  };
}

export function mapReviewer(row: ReviewerRow): PostmortemReviewer {
  return {
    userRef: row.user_ref,
    decision: row.decision as ReviewDecision,
    comment: row.comment,
    decidedAt: toIso(row.decided_at),
  };
}

export function mapItem(row: ActionItemRow, today: string): ActionItem {
  const status = row.status as ActionItemStatus;
  return {
    id: row.id,
    postmortemId: row.postmortem_id,
    incidentId: formatIncidentId(Number(row.incident_seq)),
    title: row.title,
    ownerRef: row.owner_ref,
    dueDate: row.due_date,
    status,
    trackerUrl: row.tracker_url,
    overdue:
      row.due_date !== null &&
      row.due_date < today &&
      !CLOSED_ITEM_STATUSES.includes(status),
    version: row.version,
    createdAt: toIso(row.created_at),
    updatedAt: toIso(row.updated_at),
  };
}
