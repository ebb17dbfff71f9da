import { JsonObject } from '@backstage/types';
import { Knex } from 'knex';
import type { WorkItem } from '../queue/WorkQueue';

/** One due timer or side effect, as the work queue hands it to a handler. */
export type TimerItem = WorkItem;

/** The part of the work queue (`src/queue/WorkQueue`) that escalation and paging schedule with. */
export interface TimerQueue {
  enqueue(
    items: Array<{
      kind: string;
      key: string;
      payload: JsonObject;
      dueAt?: Date;
    }>,
    trx?: Knex.Transaction,
  ): Promise<number>;
  cancel(kind: string, keyPrefix: string): Promise<number>;
  /**
   * Marks pending items with these keys done without running them (a page's backstop once the
   * page went out). A queue without it runs them, and they find nothing left to do.
   */
  settle?(kind: string, keys: string[]): Promise<number>;
  /** The database clock, epoch ms: every due time is on it. */
  now(): Promise<number>;
  /** How long a claim lasts; a page's backstop delivery waits this long for its sender. */
  readonly leaseMs?: number;
}

/**
 * The queue kinds of a page's delivery. Their names predate the paging folder and stay: items
 * already queued carry them.
 */
export const PAGING_KINDS = {
  /**
   * A page's backstop: sends it if its step's replica did not (it died, or every channel
   * failed). Key `page:<pageId>`. The engine handles it, as it asks the escalation first.
   */
  deliver: 'escalation.deliver',
  /** A page is posted to one webhook. Key `hook:<webhookId>:<pageId>`. */
  webhook: 'escalation.webhook',
} as const;
