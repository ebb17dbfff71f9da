/**
 * Group commit: deliveries that arrive while a transaction is running wait for it to end and
 * then go together into the next one, which answers each of them only after it committed.
 * Under load one transaction carries many deliveries (its statements and its commit are
 * shared); alone a delivery starts at once and waits for nobody.
 *
 * A batch is a prefix of the queue: it stops before the first job that may not share a
 * transaction with the jobs already in it (`canJoin`), so jobs that touch the same thing still
 * apply in arrival order.
 */
export class GroupCommit<J, R> {
  private readonly queue: Array<{
    job: J;
    resolve: (result: R) => void;
    reject: (error: unknown) => void;
  }> = [];
  private running = false;

  constructor(
    private readonly options: {
      /** Runs a batch in one transaction; answers one result per job, in order. */
      run: (jobs: J[]) => Promise<R[]>;
      /** Runs one job in its own transaction: the way out when a batch cannot commit. */
      runAlone: (job: J) => Promise<R>;
      /** Whether `job` may join a batch that holds `batch` already. */
      canJoin: (batch: J[], job: J) => boolean;
      /** The most jobs in one transaction. */
      maxBatch: number;
      /** Told when a batch failed and its jobs were run one by one instead. */
      onBatchFailed?: (error: unknown, size: number) => void;
    },
  ) {}

  submit(job: J): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.queue.push({ job, resolve, reject });
      this.drain();
    });
  }

  private drain() {
    if (this.running || this.queue.length === 0) return;
    this.running = true;
    const batch = [this.queue.shift()!];
    while (
      this.queue.length > 0 &&
      batch.length < this.options.maxBatch &&
      this.options.canJoin(
        batch.map(entry => entry.job),
        this.queue[0].job,
      )
    ) {
      batch.push(this.queue.shift()!);
    }
    this.execute(batch).finally(() => {
      this.running = false;
      this.drain();
    });
  }

  private async execute(
    batch: Array<{
      job: J;
      resolve: (result: R) => void;
      reject: (error: unknown) => void;
    }>,
  ) {
    if (batch.length === 1) {
      const [{ job, resolve, reject }] = batch;
      await this.options.runAlone(job).then(resolve, reject);
      return;
    }
    let results: R[];
    try {
      results = await this.options.run(batch.map(entry => entry.job));
    } catch (error) {
      // one job's bad luck (or a conflict between jobs) must not fail the others: nothing of
      // the batch committed, so each runs again on its own and gets its own answer
      this.options.onBatchFailed?.(error, batch.length);
      for (const { job, resolve, reject } of batch) {
        await this.options.runAlone(job).then(resolve, reject);
      }
      return;
    }
    batch.forEach((entry, i) => entry.resolve(results[i]));
  }
}
