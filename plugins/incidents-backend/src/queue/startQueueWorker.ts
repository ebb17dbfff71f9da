import {
  LifecycleService,
  RootConfigService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import { readDurationFromConfig } from '@backstage/config';
import { durationToMilliseconds, HumanDuration } from '@backstage/types';
import { QueueWorker } from './QueueWorker';
import { WorkQueue } from './WorkQueue';

export const QUEUE_SWEEP_TASK = 'incidents-work-queue-sweep';
export const QUEUE_PURGE_TASK = 'incidents-work-queue-purge';

const SWEEP_KEY = 'incidents.workQueue.sweepInterval';
const RETENTION_KEY = 'incidents.workQueue.retention';
const DEFAULT_SWEEP: HumanDuration = { seconds: 1 };
const DEFAULT_RETENTION: HumanDuration = { days: 30 };

function readDuration(
  config: RootConfigService,
  key: string,
  fallback: HumanDuration,
): HumanDuration {
  return config.has(key) ? readDurationFromConfig(config, { key }) : fallback;
}

/**
 * Runs this replica's worker: a `local` scheduler task sweeps the queue on a short cadence
 * (every replica claims its share; the database decides who gets what), a daily task purges
 * finished items past their retention, and shutdown gives back the leases in hand so another
 * replica takes them over at once instead of after the lease runs out.
 */
export async function startQueueWorker(options: {
  config: RootConfigService;
  scheduler: SchedulerService;
  lifecycle: LifecycleService;
  queue: WorkQueue;
  worker: QueueWorker;
}): Promise<void> {
  const { config, scheduler, lifecycle, queue, worker } = options;
  await scheduler.scheduleTask({
    id: QUEUE_SWEEP_TASK,
    scope: 'local',
    frequency: readDuration(config, SWEEP_KEY, DEFAULT_SWEEP),
    timeout: { minutes: 5 },
    fn: async () => {
      await worker.runOnce();
    },
  });
  const retentionMs = durationToMilliseconds(
    readDuration(config, RETENTION_KEY, DEFAULT_RETENTION),
  );
  await scheduler.scheduleTask({
    id: QUEUE_PURGE_TASK,
    scope: 'global',
    frequency: { hours: 24 },
    timeout: { minutes: 10 },
    initialDelay: { minutes: 5 },
    fn: async () => {
      await queue.purgeFinished(retentionMs);
    },
  });
  lifecycle.addShutdownHook(() => worker.stop());
}
