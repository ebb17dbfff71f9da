import { Config, readDurationFromConfig } from '@backstage/config';
import { durationToMilliseconds } from '@backstage/types';
import { EscalationEngineStatus } from '@lookout/plugin-incidents-common';
import { WorkQueue } from '../queue/WorkQueue';
import { ESCALATION_KINDS } from './types';

const LATE_AFTER_KEY = 'incidents.paging.lateAfter';
const DEFAULT_LATE_AFTER_MS = 2_000;

/** `incidents.paging.lateAfter` in milliseconds: how late a step may fire before it counts as late. */
export function readLateAfterMs(config: Config): number {
  return config.has(LATE_AFTER_KEY)
    ? durationToMilliseconds(
        readDurationFromConfig(config, { key: LATE_AFTER_KEY }),
      )
    : DEFAULT_LATE_AFTER_MS;
}

/**
 * Whether the escalation engine keeps up, as every replica together sees it: the oldest
 * escalation step that is due and not yet fired, read from the shared queue on the database
 * clock. More than `lateAfterMs` past its due time means pages are going out late.
 */
export class EngineHealth {
  constructor(
    private readonly options: {
      queue: Pick<WorkQueue, 'backlog'>;
      lateAfterMs: number;
    },
  ) {}

  async status(): Promise<EscalationEngineStatus> {
    const { due, oldestDueAt, now } = await this.options.queue.backlog([
      ESCALATION_KINDS.step,
    ]);
    const lagMs = oldestDueAt === null ? 0 : Math.max(0, now - oldestDueAt);
    return {
      behind: lagMs > this.options.lateAfterMs,
      lagMs,
      dueSteps: due,
      lateAfterMs: this.options.lateAfterMs,
      checkedAt: new Date(now).toISOString(),
    };
  }
}
