import { LoggerService } from '@backstage/backend-plugin-api';
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { WorkItem, WorkQueue } from './WorkQueue';

export type WorkHandler = (item: WorkItem) => Promise<void>;

/**
 * Runs every claimed item of one kind at once (one transaction, bulk writes). Items it names in
 * `failed` are retried one by one; the rest are completed together. Throwing retries them all.
 */
export type WorkBatchHandler = (
  items: WorkItem[],
) => Promise<{ failed?: Array<{ item: WorkItem; error: unknown }> } | void>;

/** The longest a failing item waits before its next attempt. */
const MAX_BACKOFF_MS = 5 * 60_000;
/**
 * How long past the next due time a sleeping worker wakes, at most: items due meanwhile are
 * claimed together, and replicas woken by the same item spread out instead of racing for it.
 */
const WAKE_SPREAD_MS = 40;

/**
 * Runs this process's share of the work queue: claims due items of the kinds it has handlers
 * for, runs them, and completes or retries each. The scheduler calls {@link runOnce} on a short
 * cadence; {@link poke} runs it at once after something due now was enqueued, and a timer wakes
 * it for an item due before the next sweep. Handlers must be idempotent per item key: a process
 * that dies after the side effect but before `complete` leaves the item to run again.
 */
export class QueueWorker {
  readonly owner: string;
  private readonly queue: WorkQueue;
  private readonly logger: LoggerService;
  private readonly batchSize: number;
  private readonly concurrency: number;
  private readonly handlers = new Map<string, WorkHandler>();
  private readonly batchHandlers = new Map<string, WorkBatchHandler>();
  private running: Promise<number> | undefined;
  private again = false;
  private stopped = false;
  private wakeTimer: NodeJS.Timeout | undefined;

  constructor(options: {
    queue: WorkQueue;
    logger: LoggerService;
    owner?: string;
    /** How many items one claim takes; 50 by default. */
    batchSize?: number;
    /** How many claims run side by side while the queue is behind; 2 by default. */
    concurrency?: number;
  }) {
    this.queue = options.queue;
    this.logger = options.logger;
    this.owner =
      options.owner ?? `${os.hostname()}:${process.pid}:${randomUUID()}`;
    this.batchSize = options.batchSize ?? 50;
    this.concurrency = Math.max(1, options.concurrency ?? 2);
  }

  /** Registers the handler of one kind of item; one handler per kind. */
  handle(kind: string, handler: WorkHandler): void {
    this.assertUnhandled(kind);
    this.handlers.set(kind, handler);
  }

  /**
   * Registers a handler that takes every claimed item of its kind at once, for work that is
   * cheaper in bulk (escalation steps: one transaction and one insert per batch).
   */
  handleBatch(kind: string, handler: WorkBatchHandler): void {
    this.assertUnhandled(kind);
    this.batchHandlers.set(kind, handler);
  }

  /**
   * Claims and runs due items until none are due; returns how many ran. Calls that overlap a
   * run in progress join it and make it sweep once more.
   */
  async runOnce(): Promise<number> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = this.drain().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  /** Runs soon, outside the sweep's cadence. */
  poke(): void {
    if (this.stopped) return;
    setImmediate(() => {
      this.runOnce().catch(error =>
        this.logger.error('Work queue sweep failed', error),
      );
    });
  }

  /** Stops claiming, waits for the items in hand, and gives back this process's leases. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.wakeTimer);
    await this.running?.catch(() => undefined);
    await this.queue.release(this.owner);
  }

  private assertUnhandled(kind: string): void {
    if (this.handlers.has(kind) || this.batchHandlers.has(kind)) {
      throw new Error(
        `A handler for work items of kind ${kind} exists already`,
      );
    }
  }

  private async drain(): Promise<number> {
    const kinds = [...this.handlers.keys(), ...this.batchHandlers.keys()];
    let ran = 0;
    do {
      this.again = false;
      ran += await this.drainLane(kinds, 1);
    } while (this.again && !this.stopped);
    await this.scheduleWake(kinds);
    return ran;
  }

  /**
   * Claims and runs batches until none is full. A full claim means more is due than one batch:
   * then another lane claims the next batch while this one runs (up to `concurrency` lanes), so
   * a replica that fell behind catches up without waiting on its own sends.
   */
  private async drainLane(kinds: string[], lane: number): Promise<number> {
    let ran = 0;
    let helper: Promise<number> | undefined;
    try {
      while (!this.stopped) {
        const items = await this.queue.claim({
          kinds,
          owner: this.owner,
          limit: this.batchSize,
        });
        if (items.length === 0) break;
        if (
          items.length === this.batchSize &&
          !helper &&
          lane < this.concurrency
        ) {
          helper = this.drainLane(kinds, lane + 1);
        }
        await this.runClaimed(items);
        ran += items.length;
        // a short claim took everything due: sleep until the next item instead of asking again
        if (items.length < this.batchSize) break;
      }
    } finally {
      // the helper lane is always awaited, so its failure is never left unhandled
      if (helper) ran += await helper;
    }
    return ran;
  }

  private async runClaimed(items: WorkItem[]): Promise<void> {
    const batches = new Map<string, WorkItem[]>();
    const singles: WorkItem[] = [];
    for (const item of items) {
      if (this.batchHandlers.has(item.kind)) {
        batches.set(item.kind, [...(batches.get(item.kind) ?? []), item]);
      } else {
        singles.push(item);
      }
    }
    await Promise.all([
      ...[...batches].map(([kind, batch]) => this.runBatch(kind, batch)),
      ...singles.map(item => this.run(item)),
    ]);
  }

  private async run(item: WorkItem): Promise<void> {
    const handler = this.handlers.get(item.kind)!;
    try {
      await handler(item);
      await this.queue.complete(item, this.owner);
    } catch (error) {
      await this.fail(item, error);
    }
  }

  private async runBatch(kind: string, items: WorkItem[]): Promise<void> {
    const handler = this.batchHandlers.get(kind)!;
    let failed: Array<{ item: WorkItem; error: unknown }>;
    try {
      failed = (await handler(items))?.failed ?? [];
    } catch (error) {
      failed = items.map(item => ({ item, error }));
    }
    const failedIds = new Set(failed.map(f => f.item.id));
    await Promise.all([
      this.queue.completeMany(
        items.filter(item => !failedIds.has(item.id)),
        this.owner,
      ),
      ...failed.map(f => this.fail(f.item, f.error)),
    ]);
  }

  /** Puts a failed item back with a backoff that doubles each attempt. */
  private async fail(item: WorkItem, error: unknown): Promise<void> {
    const message = error instanceof Error ? error.message : String(error);
    // a handler that was told when to come back (a 429's Retry-After) says so on the error
    const retryAfterMs = (error as { retryAfterMs?: unknown })?.retryAfterMs;
    const delayMs =
      typeof retryAfterMs === 'number' && retryAfterMs >= 0
        ? retryAfterMs
        : Math.min(MAX_BACKOFF_MS, 1000 * 2 ** (item.attempts - 1));
    this.logger.warn(
      `Work item ${item.kind} ${item.key} failed (attempt ${item.attempts}), retrying in ${delayMs} ms: ${message}`,
    );
    await this.queue.retry(item, this.owner, message, delayMs);
  }

  /** Wakes for the next item due sooner than the scheduler's next sweep would come. */
  private async scheduleWake(kinds: string[]): Promise<void> {
    if (this.stopped) return;
    const dueIn = await this.queue.nextDueIn(kinds);
    clearTimeout(this.wakeTimer);
    if (dueIn !== null && dueIn < 60_000) {
      const spread = 5 + Math.floor(Math.random() * WAKE_SPREAD_MS);
      this.wakeTimer = setTimeout(() => this.poke(), dueIn + spread);
      this.wakeTimer.unref();
    }
  }
}
