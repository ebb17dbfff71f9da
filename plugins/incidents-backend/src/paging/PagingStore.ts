import {
  BlastRadiusSummary,
  OnCallPage,
  PageStatus,
} from '@lookout/plugin-incidents-common';
import { Knex } from 'knex';
import { Step } from '../escalation/policy';

/**
 * Where a page sits in the incident's paging: a step of one run of the escalation policy, or
 * one reassignment (level 0, round 0).
 */
export interface PageSlot extends Step {
  /** The escalation run of a policy page; 0 for a reassignment. */
  run: number;
  /** The incident's reassignment number (1, 2, ...) of a reassignment page; 0 for a policy page. */
  reassignment: number;
}

/** What makes a page unique: one slot, one person. */
export interface PageKey extends PageSlot {
  incidentSeq: number;
  userRef: string;
}

/** A page as stored; `OnCallPage` is its wire shape. */
export interface PageRecord extends PageKey {
  id: string;
  reason: string;
  status: PageStatus;
  channels: string[];
  dueAt: Date;
  createdAt: Date;
  sentAt: Date | null;
  acknowledgedAt: Date | null;
  error: string | null;
}

export type NewPage = PageKey & Pick<PageRecord, 'id' | 'reason' | 'dueAt'>;

/** A user's page with the incident it is about. */
export interface UserPageRecord extends PageRecord {
  incidentTitle: string;
  incidentSeverity: string;
  incidentStatus: string;
}

export interface WebhookRecord {
  id: string;
  name: string;
  url: string;
  secret: string;
  groupRef: string | null;
  createdBy: string;
  createdAt: Date;
}

/** How a pending page ended: sent through these channels, or failed with this error. */
export interface PageOutcome {
  status: 'sent' | 'failed';
  channels: string[];
  error?: string;
}

/**
 * Pages and where they go: the pages of every incident, the paging webhooks, and what a page
 * reads (the incident's blast radius, the secret of acknowledge links). Writes that belong to
 * an escalation step take that step's transaction (`EscalationStore.transaction`).
 */
export interface PagingStore {
  /**
   * Inserts pages with status `pending`; a page whose key (incident, run, reassignment,
   * level, round, user) exists already is skipped. Returns the pages that were new.
   */
  insertPages(
    pages: NewPage[],
    createdAt: Date,
    trx: Knex.Transaction,
  ): Promise<PageRecord[]>;
  /** The number the incident's next reassignment takes: one more than the last. */
  nextReassignment(seq: number, trx: Knex.Transaction): Promise<number>;
  getPage(id: string): Promise<PageRecord | undefined>;
  findPage(key: PageKey): Promise<PageRecord | undefined>;
  /** Moves a pending page to `sent` or `failed`; false when it was no longer pending. */
  finishPage(id: string, outcome: PageOutcome & { at: Date }): Promise<boolean>;
  /**
   * Moves several pending pages to their outcome; pages with the same outcome share one
   * statement. Answers the ids that were still pending (the ones this call finished).
   */
  finishPages(
    outcomes: Array<PageOutcome & { id: string }>,
    at: Date,
  ): Promise<string[]>;
  /** Marks the incident's pending and sent pages acknowledged. */
  acknowledgePages(
    seq: number,
    at: Date,
    trx: Knex.Transaction,
  ): Promise<number>;
  listPages(seq: number): Promise<PageRecord[]>;
  listUserPages(
    userRef: string,
    options: { limit: number; statuses?: PageStatus[] },
  ): Promise<UserPageRecord[]>;

  createWebhook(webhook: WebhookRecord): Promise<void>;
  listWebhooks(): Promise<WebhookRecord[]>;
  getWebhook(id: string): Promise<WebhookRecord | undefined>;
  deleteWebhook(id: string): Promise<boolean>;

  /** The incident's latest recorded blast radius (its timeline's last `blast_radius` event). */
  latestBlastRadius(seq: number): Promise<BlastRadiusSummary | null>;

  /** {@link latestBlastRadius} of several incidents in one read; those without one are left out. */
  latestBlastRadii(seqs: number[]): Promise<Map<number, BlastRadiusSummary>>;

  /** A generated secret every replica shares; the first caller to ask creates it. */
  sharedSecret(name: string, generate: () => string): Promise<string>;
}

/** The wire shape of a stored page. */
export function toOnCallPage(page: PageRecord, incidentId: string): OnCallPage {
  return {
    id: page.id,
    incidentId,
    level: page.level,
    round: page.round,
    userRef: page.userRef,
    reason: page.reason,
    status: page.status,
    channels: page.channels,
    dueAt: page.dueAt.toISOString(),
    sentAt: page.sentAt?.toISOString() ?? null,
    acknowledgedAt: page.acknowledgedAt?.toISOString() ?? null,
  };
}
