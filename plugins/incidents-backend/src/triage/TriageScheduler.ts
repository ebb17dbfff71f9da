import { LoggerService } from '@backstage/backend-plugin-api';
import { IncidentTriage, isOpenStatus } from '@lookout/plugin-incidents-common';
import { parseIncidentId } from '../incidents/incidentIds';
import { IncidentChange } from '../incidents/IncidentChangeStream';

type Trigger = IncidentTriage['trigger'];

/** Refs whose latest evidence is remembered, for triages that were reading when it came. */
const MAX_REMEMBERED = 100_000;

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
  /** The refs each open incident's last triage read evidence on, and who reads each ref. */
  private readonly watching = new Map<number, Set<string>>();
  private readonly watchers = new Map<string, Set<number>>();
  /** Counts evidence as it arrives; the count at which each ref last had some. */
  private evidenceCount = 0;
  /** After stop(), nothing new waits to settle. */
  private stopped = false;
  private readonly lastEvidence = new Map<string, number>();

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
    const seq = parseIncidentId(incident.id);
    // an incident opening, growing, moving or ending elsewhere is evidence for those reading it
    this.evidenceOn([incident.entityRef, ...incident.impactedEntityRefs], seq);
    if (type !== 'declared' && !isOpenStatus(incident.status)) {
      this.watch(seq, []);
      return;
    }
    if (type === 'declared') {
      this.schedule(seq, 'declared');
    } else {
      this.settle(seq);
    }
  }

  /**
   * Evidence arrived on these entities (an alert, a deploy, an incident): every open incident
   * whose last triage read them is triaged again once it settles. `except` is the incident the
   * evidence belongs to, which its own change already schedules.
   */
  evidenceOn(entityRefs: string[], except?: number): void {
    const due = new Set<number>();
    this.evidenceCount++;
    // bounded: a triage that started before a forgotten count is at worst not run again
    if (this.lastEvidence.size > MAX_REMEMBERED) this.lastEvidence.clear();
    for (const raw of entityRefs) {
      const ref = raw.toLocaleLowerCase('en-US');
      this.lastEvidence.set(ref, this.evidenceCount);
      for (const seq of this.watchers.get(ref) ?? []) {
        if (seq !== except) due.add(seq);
      }
    }
    due.forEach(seq => this.settle(seq));
  }

  /** A mark to pass to `watch` for a triage about to read its evidence. */
  mark(): number {
    return this.evidenceCount;
  }

  /**
   * What the incident's latest triage read; an incident that is over reads nothing. Evidence
   * that arrived on those refs after `since` (while the triage was reading) runs it again.
   */
  watch(seq: number, entityRefs: string[], since = Infinity): void {
    for (const ref of this.watching.get(seq) ?? []) {
      const seqs = this.watchers.get(ref);
      seqs?.delete(seq);
      if (seqs?.size === 0) this.watchers.delete(ref);
    }
    if (entityRefs.length === 0) {
      this.watching.delete(seq);
      return;
    }
    const refs = new Set(entityRefs.map(r => r.toLocaleLowerCase('en-US')));
    this.watching.set(seq, refs);
    let missed = false;
    for (const ref of refs) {
      const seqs = this.watchers.get(ref) ?? new Set<number>();
      seqs.add(seq);
      this.watchers.set(ref, seqs);
      missed ||= (this.lastEvidence.get(ref) ?? -Infinity) > since;
    }
    if (missed) this.settle(seq);
  }

  /** A recompute once the incident's changes have settled for `recomputeDelayMs`. */
  private settle(seq: number) {
    if (this.stopped || this.settling.has(seq)) return;
    const timer = setTimeout(
      () => this.settled(seq),
      this.options.recomputeDelayMs ?? 0,
    );
    timer.unref?.();
    this.settling.set(seq, timer);
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
    this.stopped = true;
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
