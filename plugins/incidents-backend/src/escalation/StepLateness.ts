import { LoggerService } from '@backstage/backend-plugin-api';
import { MetricsService } from '@backstage/backend-plugin-api/alpha';
import { formatIncidentId } from '../incidents/incidentIds';

/** A late step is logged at most this often: under load a line per step would bury the log. */
const LOG_EVERY_MS = 10_000;

/** An escalation step as it fired: which one, and how long after its due time. */
export interface FiredStep {
  seq: number;
  level: number;
  round: number;
  latenessMs: number;
}

/**
 * How late escalation steps fire: every step's lateness goes to the
 * `lookout.escalation.step.lateness` histogram (milliseconds), and steps later than
 * `lateAfterMs` are counted and logged, one warning per ten seconds at most, naming the one
 * that fired latest after its due time, so that a busy node says how far behind its pages are.
 */
export class StepLateness {
  private readonly histogram?: ReturnType<MetricsService['createHistogram']>;
  private late = 0;
  private worst: FiredStep | undefined;
  private lastLogAt = 0;

  constructor(
    private readonly options: {
      logger: LoggerService;
      /** Backstage's metrics service; without it the lateness is only logged. */
      metrics?: Pick<MetricsService, 'createHistogram'>;
      lateAfterMs: number;
      /** Wall clock of the log throttle; tests pass their own. */
      clock?: () => number;
    },
  ) {
    this.histogram = options.metrics?.createHistogram(
      'lookout.escalation.step.lateness',
      {
        description:
          'How long after its due time an escalation step fired (paged its level)',
        unit: 'ms',
      },
    );
  }

  get lateAfterMs(): number {
    return this.options.lateAfterMs;
  }

  record(steps: FiredStep[]): void {
    for (const step of steps) {
      this.histogram?.record(step.latenessMs);
      if (step.latenessMs <= this.options.lateAfterMs) continue;
      this.late += 1;
      if (!this.worst || step.latenessMs >= this.worst.latenessMs) {
        this.worst = step;
      }
    }
    const now = (this.options.clock ?? Date.now)();
    if (this.late === 0 || now - this.lastLogAt < LOG_EVERY_MS) return;
    const worst = this.worst!;
    this.options.logger.warn(
      `Paging is behind: ${this.late} escalation step(s) fired more than ${
        this.options.lateAfterMs
      } ms after their due time; the worst, ${formatIncidentId(
        worst.seq,
      )} level ${worst.level} round ${worst.round}, ${
        worst.latenessMs
      } ms late. Steps still fire in due order.`,
    );
    this.late = 0;
    this.worst = undefined;
    this.lastLogAt = now;
  }
}
