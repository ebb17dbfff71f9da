import { LoggerService } from '@backstage/backend-plugin-api';
import { IncidentTriage, isOpenStatus } from '@lookout/plugin-incidents-common';
import { parseIncidentId } from '../incidents/incidentIds';
import { IncidentChange } from '../incidents/IncidentChangeStream';

type Trigger = IncidentTriage['trigger'];

/**
 * When triage runs in the background: a new incident at once, an open one again once its
 * changes have settled, one run at a time per incident. Every piece of background work
 * (the runs, and the providers' notes that follow them) is tracked here, so tests can wait
 * for it and shutdown can let it finish.
 */
export class TriageScheduler {
  private readonly work = new Set<Promise<void>>();
  private readonly computing = new Set<number>();
  private readonly again = new Map<number, Trigger>();
  /** Recomputes waiting for an incident's changes to settle, by incident. */
  private readonly settling = new Map<number, NodeJS.Timeout>();

  constructor(
    private readonly options: {
      /** Computes and stores the incident's triage. */
      compute: (seq: number, trigger: Trigger) => Promise<unknown>;
      /**
       * How long an open incident's changes settle before its triage is computed again; an
       * alert storm then costs one recompute, not one per alert. A new incident is triaged
       * at once.
       */
      recomputeDelayMs?: number;
      logger: LoggerService;
    },
  ) {}

  /**
   * For the incident change stream: a new incident is triaged, and an open one again when it
   * changes (an alert attached, a new origin). Never blocks or fails the change: the work runs
   * afterwards, and a second change during a run asks for one more run. Changes to an open
   * incident wait `recomputeDelayMs` and are then triaged together.
   */
  onIncidentChange(change: IncidentChange): void {
    const { incident, type } = change;
    if (type === 'deleted' || type === 'note' || type === 'acknowledged')
      return;
    if (type !== 'declared' && !isOpenStatus(incident.status)) return;
    const seq = parseIncidentId(incident.id);
    if (type === 'declared') {
      this.schedule(seq, 'declared');
    } else if (!this.settling.has(seq)) {
      const timer = setTimeout(
        () => this.settled(seq),
        this.options.recomputeDelayMs ?? 0,
      );
      timer.unref?.();
      this.settling.set(seq, timer);
    }
  }

  /** Resolves once no triage is being computed in the background (for tests). */
  async idle(): Promise<void> {
    // what is still settling runs now rather than being lost
    [...this.settling.keys()].forEach(seq => this.settled(seq));
    await this.drain();
  }

  /**
   * For shutdown: what is waiting to settle is dropped (its incident is triaged again on its
   * next change, or by another replica) and what is being computed finishes, so no
   * computation outlives the database connection.
   */
  async stop(): Promise<void> {
    this.settling.forEach(timer => clearTimeout(timer));
    this.settling.clear();
    await this.drain();
  }

  /** Background work is tracked for idle() and stop() and never rejects: a failure is logged. */
  track(work: Promise<void>, what: string): void {
    const safe = work.catch(error => {
      this.options.logger.warn(`${what} failed: ${error}`);
    });
    this.work.add(safe);
    safe.finally(() => this.work.delete(safe));
  }

  private settled(seq: number) {
    clearTimeout(this.settling.get(seq));
    this.settling.delete(seq);
    this.schedule(seq, 'change');
  }

  private schedule(seq: number, trigger: Trigger) {
    if (this.computing.has(seq)) {
      // the run in progress may have read too early; one more after it covers every change
      if (!this.again.has(seq)) this.again.set(seq, trigger);
      return;
    }
    this.computing.add(seq);
    this.track(
      this.options
        .compute(seq, trigger)
        .then(() => undefined)
        .finally(() => {
          this.computing.delete(seq);
          const next = this.again.get(seq);
          if (next) {
            this.again.delete(seq);
            this.schedule(seq, next);
          }
        }),
      `Triage of INC-${seq}`,
    );
  }

  private async drain() {
    while (this.work.size > 0) {
      await Promise.all([...this.work]);
    }
  }
}
