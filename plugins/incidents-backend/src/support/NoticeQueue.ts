import { LoggerService } from '@backstage/backend-plugin-api';
import { Knex } from 'knex';
import { QueueWorker } from '../queue/QueueWorker';
import { WorkItem, WorkQueue } from '../queue/WorkQueue';
import { HelpdeskClient, HelpdeskError } from './helpdesks/HelpdeskClient';
import { RateGate } from './helpdesks/RateGate';
import { NewNotice, SupportStore } from './SupportStore';
import { SupportNotice, SupportProvider } from './types';

/** The queue's kind of a notice delivery, and of a report whose matching must be retried. */
export const NOTICE_KIND = 'support.notice';
export const MATCH_KIND = 'support.match';

/** The queue's own limit: an item that failed this often is given up (and shown as failed). */
const MAX_ATTEMPTS = 10;
/** A call waits in-process for its rate slot up to this long; beyond it the queue holds the item. */
const MAX_IN_PROCESS_WAIT_MS = 10_000;

/** Statuses that say the call can never succeed as it is: retrying only repeats the refusal. */
function permanent(error: unknown): boolean {
  const status = error instanceof HelpdeskError ? error.status : 0;
  return status >= 400 && status < 500 && status !== 408 && status !== 429;
}

const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

/** One helpdesk Lookout can write to, with its rate. */
export interface Helpdesk {
  client: HelpdeskClient;
  gate: RateGate;
}

/**
 * Every note and reply to a ticket is a row (one per report, kind and update) and a work item
 * on the durable queue, written in one transaction, so a notice is never recorded without its
 * delivery, nor delivered twice from two replicas. The handler honours the helpdesk's rate and
 * its Retry-After and records each outcome for the coverage figure.
 */
export class NoticeQueue {
  constructor(
    private readonly options: {
      store: SupportStore;
      queue: WorkQueue;
      worker: QueueWorker;
      helpdesks: Partial<Record<SupportProvider, Helpdesk>>;
      logger: LoggerService;
      clock?: () => Date;
    },
  ) {}

  /** Registers the handlers on this replica's worker. */
  register(match: (reportId: string) => Promise<unknown>): void {
    this.options.worker.handle(NOTICE_KIND, item => this.deliver(item));
    this.options.worker.handle(MATCH_KIND, async item => {
      await match(String(item.payload.reportId));
    });
  }

  async schedule(notices: NewNotice[]): Promise<SupportNotice[]> {
    const added = await this.options.store.addNotices(
      notices,
      this.now(),
      (rows, trx) => this.enqueue(rows, 'first', trx),
    );
    if (added.length > 0) this.options.worker.poke();
    return added;
  }

  async retryFailed(incidentId: string): Promise<SupportNotice[]> {
    // a retried notice needs a new queue key: the failed item keeps the old one
    const reset = await this.options.store.resetFailed(
      incidentId,
      (rows, trx) => this.enqueue(rows, `retry-${Date.now()}`, trx),
    );
    if (reset.length > 0) this.options.worker.poke();
    return reset;
  }

  async scheduleMatch(reportId: string): Promise<void> {
    await this.options.queue.enqueue([
      {
        kind: MATCH_KIND,
        key: `${MATCH_KIND}:${reportId}:${Date.now()}`,
        payload: { reportId },
        delayMs: 30_000,
      },
    ]);
  }

  private async enqueue(
    notices: SupportNotice[],
    round: string,
    trx: Knex.Transaction,
  ): Promise<void> {
    for (let i = 0; i < notices.length; i += 500) {
      await this.options.queue.enqueue(
        notices.slice(i, i + 500).map(n => ({
          kind: NOTICE_KIND,
          key: `${NOTICE_KIND}:${n.id}:${round}`,
          payload: { noticeId: n.id },
        })),
        trx,
      );
    }
  }

  /** Sends one notice; throws (with `retryAfterMs` when the helpdesk said) to be retried. */
  async deliver(item: WorkItem): Promise<void> {
    const { store } = this.options;
    const notice = await store.getNotice(String(item.payload.noticeId));
    if (!notice || notice.status === 'delivered') return;
    const record = (
      status: 'pending' | 'delivered' | 'failed',
      lastError: string | null,
    ) =>
      store.setNotice(notice.id, {
        status,
        attempts: notice.attempts + 1,
        lastError,
        deliveredAt: status === 'delivered' ? this.now() : null,
      });
    const helpdesk = this.options.helpdesks[notice.provider];
    if (!helpdesk) {
      await record(
        'failed',
        `No ${notice.provider} API is configured (incidents.support.${notice.provider})`,
      );
      return;
    }
    const slot = helpdesk.gate.reserve(MAX_IN_PROCESS_WAIT_MS);
    if (!slot.taken) {
      // not an attempt: the rate, not the helpdesk, holds it back
      throw Object.assign(new Error('Waiting for the helpdesk rate limit'), {
        retryAfterMs: slot.waitMs,
      });
    }
    if (slot.waitMs > 0) await sleep(slot.waitMs);
    try {
      await helpdesk.client.send({
        ticketId: notice.ticketId,
        kind: notice.kind,
        body: notice.body,
        requester: notice.requester,
        incidentId: notice.incidentId,
      });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (error instanceof HelpdeskError && error.retryAfterMs !== undefined) {
        helpdesk.gate.pause(error.retryAfterMs);
      }
      if (permanent(error) || item.attempts >= MAX_ATTEMPTS) {
        await record('failed', message);
        return;
      }
      await record('pending', message);
      throw error;
    }
    await record('delivered', null);
  }

  private now(): string {
    return (this.options.clock?.() ?? new Date()).toISOString();
  }
}
