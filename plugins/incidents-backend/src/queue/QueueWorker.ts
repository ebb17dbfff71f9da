import { LoggerService } from '@backstage/backend-plugin-api';
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { WorkItem, WorkQueue } from './WorkQueue';

export type WorkHandler = (item: WorkItem) => Promise<void>;

/** The longest a failing item waits before its next attempt. */
const MAX_BACKOFF_MS = 5 * 60_000;

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
  private readonly handlers = new Map<string, WorkHandler>();
  private running: Promise<number> | undefined;
  private again = false;
  private stopped = false;
  private wakeTimer: NodeJS.Timeout | undefined;

  constructor(options: {
    queue: WorkQueue;
    logger: LoggerService;
    owner?: string;
    batchSize?: number;
  }) {
    this.queue = options.queue;
    this.logger = options.logger;
    this.owner =
      options.owner ?? `${os.hostname()}:${process.pid}:${randomUUID()}`;
    this.batchSize = options.batchSize ?? 50;
  }

  /** Registers the handler of one kind of item; one handler per kind. */
  handle(kind: string, handler: WorkHandler): void {
    if (this.handlers.has(kind)) {
      throw new Error(
        `A handler for work items of kind ${kind} exists already`,
      );
    }
    this.handlers.set(kind, handler);
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

  private async drain(): Promise<number> {
    const kinds = [...this.handlers.keys()];
    let ran = 0;
    do {
      this.again = false;
      while (!this.stopped) {
        const items = await this.queue.claim({
          kinds,
          owner: this.owner,
          limit: this.batchSize,
        });
        if (items.length === 0) break;
        await Promise.all(items.map(item => this.run(item)));
        ran += items.length;
      }
    } while (this.again && !this.stopped);
    await this.scheduleWake(kinds);
    return ran;
  }

  private async run(item: WorkItem): Promise<void> {
    const handler = this.handlers.get(item.kind)!;
    try {
      await handler(item);
      await this.queue.complete(item, this.owner);
    } catch (error) {
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
  }

  /** Wakes for the next item due sooner than the scheduler's next sweep would come. */
  private async scheduleWake(kinds: string[]): Promise<void> {
    if (this.stopped) return;
    const dueIn = await this.queue.nextDueIn(kinds);
    clearTimeout(this.wakeTimer);
    if (dueIn !== null && dueIn < 60_000) {
      this.wakeTimer = setTimeout(() => this.poke(), dueIn + 5);
      this.wakeTimer.unref();
    }
  }
}
