import { LoggerService } from '@backstage/backend-plugin-api';
import {
  Incident,
  isOpenStatus,
  ResolvedTarget,
} from '@lookout/plugin-incidents-common';
import { Knex } from 'knex';
import { formatIncidentId, parseIncidentId } from '../incidents/incidentIds';
import { IncidentChange } from '../incidents/IncidentChangeStream';
import { IncidentsStore } from '../incidents/IncidentsStore';
import { PageDelivery } from '../paging/PageDelivery';
import { PageRecord, PagingStore } from '../paging/PagingStore';
import { PAGING_KINDS, TimerItem, TimerQueue } from '../paging/types';
import { EscalationRecord, EscalationStore } from './EscalationStore';
import { FrozenPolicy, isAfter, nextStep, Step } from './policy';
import { StepLateness } from './StepLateness';
import { ESCALATION_KINDS, PolicyLookup } from './types';

/** A page that could reach nobody after this many attempts is marked failed. */
const DELIVERY_ATTEMPTS = 5;

/** The policy an escalation follows, as a start freezes it. */
interface FoundPolicy {
  groupRef: string;
  policyId: string;
  policy: FrozenPolicy;
}

interface StepPayload {
  seq: number;
  epoch: number;
  level: number;
  round: number;
}

/**
 * The escalation engine: an incident that opens runs its owner's policy, frozen at the start;
 * each level's due time is a work queue item, and firing a level writes one page per person
 * under a unique (incident, run, level, round, person) key, so a level pages nobody twice
 * however many replicas race for it. Acknowledging or ending the incident stops it; a level
 * that fires after that does nothing. Reopening the incident starts it again, as a new run.
 * Pages are written and sent through paging's {@link PageDelivery}; what people do with an
 * escalation (escalate now, reassign) is {@link EscalationService}'s.
 */
export class EscalationEngine {
  constructor(
    private readonly options: {
      store: EscalationStore;
      /** The pages an escalation reads and acknowledges, in its transactions. */
      pages: PagingStore;
      delivery: Pick<
        PageDelivery,
        'write' | 'writeMany' | 'send' | 'sendNow' | 'sendMany'
      >;
      queue: TimerQueue;
      policies: PolicyLookup;
      incidentsStore: Pick<IncidentsStore, 'getIncident' | 'getIncidents'>;
      logger: LoggerService;
      /** Runs the queue soon, for an item due now. */
      poke?: () => void;
      /** Where late steps are measured and logged. */
      lateness?: StepLateness;
    },
  ) {}

  /** The queue kinds and their handlers, for the process's queue worker. */
  handlers(): Record<string, (item: TimerItem) => Promise<void>> {
    return {
      [ESCALATION_KINDS.step]: item => this.runStep(item),
      [PAGING_KINDS.deliver]: item => this.deliver(item),
    };
  }

  /**
   * The same, for a worker that takes steps in batches: every step claimed at once runs in one
   * transaction (`QueueWorker.handleBatch`); the backstop stays one page at a time.
   */
  batchHandlers(): {
    batches: Record<
      string,
      (items: TimerItem[]) => Promise<{
        failed: Array<{ item: TimerItem; error: unknown }>;
      }>
    >;
    singles: Record<string, (item: TimerItem) => Promise<void>>;
  } {
    return {
      batches: { [ESCALATION_KINDS.step]: items => this.runSteps(items) },
      singles: { [PAGING_KINDS.deliver]: item => this.deliver(item) },
    };
  }

  /** Hooked to every committed incident change. */
  async onIncidentChange(change: IncidentChange): Promise<void> {
    const { incident } = change;
    const seq = parseIncidentId(incident.id);
    if (change.type === 'declared') {
      await this.start(incident);
    } else if (change.type === 'deleted' || !isOpenStatus(incident.status)) {
      await this.stop(seq, 'resolved');
    } else if (change.type === 'acknowledged') {
      // only the acknowledgement itself: later notes and edits leave pages as they are (a
      // person reassigned after it has not acknowledged anything)
      await this.stop(seq, 'acknowledged');
    } else if (change.type === 'transitioned') {
      // an open status after a move: a reopen if the escalation ended with the incident
      await this.restart(incident);
    }
  }

  /** Starts the incident's escalation; a second start (another replica, a retry) does nothing. */
  async start(incident: Incident): Promise<void> {
    if (!isOpenStatus(incident.status) || incident.acknowledgedAt) return;
    const seq = parseIncidentId(incident.id);
    if (await this.options.store.getEscalation(seq)) return;
    const found = await this.findPolicy(incident);
    if ('missing' in found) {
      this.options.logger.warn(`${found.missing}; nobody is paged`);
      return;
    }
    const now = await this.options.queue.now();
    const first = nextStep(found.policy, { level: 0, round: 1 })!;
    await this.options.store.transaction(async trx => {
      const created = await this.options.store.createEscalation(
        {
          ...found,
          incidentSeq: seq,
          state: 'active',
          level: 0,
          round: 1,
          epoch: 0,
          run: 1,
          startedAt: new Date(now),
          stoppedAt: null,
        },
        trx,
      );
      if (created) {
        await this.scheduleStep(seq, 0, first.step, now + first.delayMs, trx);
      }
    });
    if (first.delayMs === 0) this.options.poke?.();
  }

  /**
   * Starts a reopened incident's escalation again from its first level, as a new run whose
   * pages those of the earlier runs do not block. Only an escalation that ended with the
   * incident (state `resolved`) restarts, so a move between open statuses, a retry, or another
   * replica told of the same reopen does nothing.
   *
   * An incident acknowledged before it was resolved restarts too: the reopen says the trouble
   * is back, and that acknowledgement answered the earlier pages (whoever gave it may be off
   * call by now). The reopened incident shows no acknowledgement until it gets a new one (see
   * the incidents store), and the new run stops then, when one of its pages is acknowledged
   * (its link, the page list), or when the incident ends again.
   */
  async restart(incident: Incident): Promise<void> {
    if (!isOpenStatus(incident.status)) return;
    const seq = parseIncidentId(incident.id);
    const ended = await this.options.store.getEscalation(seq);
    if (ended?.state !== 'resolved') return;
    // the owner's policy as it is now, as at any start; if it has none now, the one it had
    const found = await this.findPolicy(incident);
    const policy: FoundPolicy =
      'missing' in found
        ? {
            groupRef: ended.groupRef,
            policyId: ended.policyId,
            policy: ended.policy,
          }
        : found;
    const now = await this.options.queue.now();
    const first = nextStep(policy.policy, { level: 0, round: 1 })!;
    const restarted = await this.options.store.transaction(async trx => {
      const current = await this.options.store.lockEscalation(seq, trx);
      if (current?.state !== 'resolved') return false;
      // ended again meanwhile (a flapping alert): its stop found nothing to stop
      if (!(await this.options.store.isIncidentOpen(seq, trx))) return false;
      const epoch = current.epoch + 1;
      await this.options.store.restartEscalation(
        {
          ...policy,
          incidentSeq: seq,
          state: 'active',
          level: 0,
          round: 1,
          epoch,
          run: current.run + 1,
          startedAt: new Date(now),
          stoppedAt: null,
        },
        trx,
      );
      await this.scheduleStep(seq, epoch, first.step, now + first.delayMs, trx);
      return true;
    });
    if (restarted && first.delayMs === 0) this.options.poke?.();
  }

  /** Stops the escalation and cancels its pending levels; pages in flight check before sending. */
  async stop(seq: number, reason: 'acknowledged' | 'resolved'): Promise<void> {
    const now = new Date(await this.options.queue.now());
    const stopped = await this.options.store.transaction(async trx => {
      const escalation = await this.options.store.lockEscalation(seq, trx);
      if (reason === 'acknowledged') {
        await this.options.pages.acknowledgePages(seq, now, trx);
      }
      if (!escalation) return false;
      if (reason === 'resolved') {
        return this.endWithIncident(escalation, now, trx);
      }
      if (escalation.state !== 'active') return false;
      await this.options.store.updateEscalation(
        seq,
        { state: reason, stoppedAt: now },
        trx,
      );
      return true;
    });
    if (stopped) {
      await this.options.queue.cancel(ESCALATION_KINDS.step, `esc:${seq}:`);
    }
  }

  /**
   * Marks the escalation `resolved` because its incident ended, also when it had stopped
   * before (acknowledged, exhausted), so a reopen knows to restart it. Answers whether it was
   * still running.
   */
  private async endWithIncident(
    escalation: EscalationRecord,
    now: Date,
    trx: Knex.Transaction,
  ): Promise<boolean> {
    if (escalation.state === 'resolved') return false;
    // a reopen overtook this stop (another replica): its restart, or the run that never
    // stopped, goes on
    if (await this.options.store.isIncidentOpen(escalation.incidentSeq, trx)) {
      return false;
    }
    await this.options.store.updateEscalation(
      escalation.incidentSeq,
      { state: 'resolved', stoppedAt: escalation.stoppedAt ?? now },
      trx,
    );
    return escalation.state === 'active';
  }

  /** A level falls due: page its people, schedule the next level. */
  private async runStep(item: TimerItem): Promise<void> {
    const { failed } = await this.runSteps([item]);
    if (failed.length > 0) throw failed[0].error;
  }

  /**
   * A batch of levels falls due, oldest first: the escalations and incidents are read once for
   * all of them, their pages are written in one transaction (one insert, one update of the
   * escalations, one insert of the next levels), and sent after it commits. A step the batch
   * could not run is answered as failed, for the queue to retry on its own.
   */
  async runSteps(
    items: TimerItem[],
  ): Promise<{ failed: Array<{ item: TimerItem; error: unknown }> }> {
    const failed: Array<{ item: TimerItem; error: unknown }> = [];
    // one step per incident in a batch; another one of the same incident (a timer of an
    // earlier epoch, or the next level of a flapping one) runs after it, on its own
    const bySeq = new Map<number, TimerItem>();
    const later: TimerItem[] = [];
    for (const item of items) {
      const { seq } = stepOf(item);
      if (bySeq.has(seq)) later.push(item);
      else bySeq.set(seq, item);
    }
    const firstNow = await this.options.queue.now();
    this.options.lateness?.record(
      items.map(item => ({
        ...stepOf(item),
        latenessMs: Math.max(0, firstNow - item.dueAt.getTime()),
      })),
    );

    const escalations = new Map(
      (await this.options.store.getEscalations([...bySeq.keys()])).map(e => [
        e.incidentSeq,
        e,
      ]),
    );
    const live = [...bySeq.values()].filter(item => {
      const { seq, epoch, level, round } = stepOf(item);
      return this.isCurrent(escalations.get(seq), epoch, { level, round });
    });
    const incidents = new Map(
      (
        await this.options.incidentsStore.getIncidents(
          live.map(item => stepOf(item).seq),
        )
      ).map(incident => [parseIncidentId(incident.id), incident]),
    );
    const due: TimerItem[] = [];
    for (const item of live) {
      const { seq } = stepOf(item);
      const incident = incidents.get(seq);
      try {
        if (!incident || !isOpenStatus(incident.status)) {
          await this.stop(seq, 'resolved');
        } else if (incident.acknowledgedAt) {
          await this.stop(seq, 'acknowledged');
        } else {
          due.push(item);
        }
      } catch (error) {
        failed.push({ item, error });
      }
    }

    const now = due.length > 0 ? await this.options.queue.now() : firstNow;
    // resolved outside the transaction: on SQLite it holds the only connection
    const resolved = await Promise.all(
      due.map(async item => {
        const step = stepOf(item);
        try {
          const targets = await this.resolveLevel(
            escalations.get(step.seq)!,
            step,
            now,
          );
          return [{ item, step, targets }];
        } catch (error) {
          failed.push({ item, error });
          return [];
        }
      }),
    ).then(lists => lists.flat());

    let fired: PageRecord[] = [];
    if (resolved.length > 0) {
      try {
        fired = await this.fire(resolved, now);
      } catch (error) {
        failed.push(...resolved.map(({ item }) => ({ item, error })));
      }
    }
    // sent after the commit; a page that does not go out now has its backstop
    await this.options.delivery
      .sendMany(
        fired.map(page => ({
          page,
          incident: incidents.get(page.incidentSeq)!,
        })),
        now,
      )
      .catch(error =>
        this.options.logger.warn(
          `Pages of ${fired.length} step(s) wait for their backstop: ${error}`,
        ),
      );

    for (const item of later) {
      failed.push(...(await this.runSteps([item])).failed);
    }
    return { failed };
  }

  /**
   * Writes the pages of resolved steps in one transaction with the escalations locked: a step
   * another replica fired (or a person moved on) meanwhile writes nothing. Answers the new
   * pages.
   */
  private async fire(
    steps: Array<{
      item: TimerItem;
      step: StepPayload;
      targets: ResolvedTarget[];
    }>,
    now: number,
  ): Promise<PageRecord[]> {
    return this.options.store.transaction(async trx => {
      const current = new Map(
        (
          await this.options.store.lockEscalations(
            steps.map(s => s.step.seq),
            trx,
          )
        ).map(e => [e.incidentSeq, e]),
      );
      const ready = steps.flatMap(({ item, step, targets }) => {
        const escalation = current.get(step.seq);
        return this.isCurrent(escalation, step.epoch, step)
          ? [{ item, step, targets, escalation: escalation! }]
          : [];
      });
      const pages = await this.options.delivery.writeMany(
        trx,
        ready.map(({ item, step, targets, escalation }) => ({
          seq: step.seq,
          slot: {
            level: step.level,
            round: step.round,
            run: escalation.run,
            reassignment: 0,
          },
          targets,
          dueAt: item.dueAt,
        })),
        now,
      );
      const next = ready.map(r => ({
        ...r,
        next: nextStep(r.escalation.policy, r.step),
      }));
      await this.options.store.updateEscalations(
        next.map(({ step, next: following }) => ({
          seq: step.seq,
          changes: {
            level: step.level,
            round: step.round,
            ...(following
              ? {}
              : { state: 'exhausted' as const, stoppedAt: new Date(now) }),
          },
        })),
        trx,
      );
      // due times follow the policy from the previous due time, not from when it ran
      await this.scheduleSteps(
        next.flatMap(({ item, step, next: following }) =>
          following
            ? [
                {
                  seq: step.seq,
                  epoch: step.epoch,
                  step: following.step,
                  dueAt: item.dueAt.getTime() + following.delayMs,
                },
              ]
            : [],
        ),
        trx,
      );
      return pages;
    });
  }

  /**
   * The backstop of a page: it was sent right after its step committed, unless that replica
   * died first or every channel failed; then this sends it, and retries until it reaches
   * someone or runs out of attempts.
   */
  private async deliver(item: TimerItem): Promise<void> {
    const page = await this.options.pages.getPage(String(item.payload.pageId));
    if (!page || page.status !== 'pending') return;
    const incident = await this.options.incidentsStore.getIncident(
      page.incidentSeq,
    );
    if (!incident) return;
    const now = await this.options.queue.now();
    if (!isOpenStatus(incident.status)) {
      await this.options.pages.finishPage(page.id, {
        status: 'failed',
        channels: [],
        at: new Date(now),
        error: `${incident.id} was ${incident.status} before the page went out`,
      });
      await this.stop(page.incidentSeq, 'resolved');
      return;
    }
    if (page.reassignment === 0) {
      const escalation = await this.options.store.getEscalation(
        page.incidentSeq,
      );
      if (escalation && page.run < escalation.run) {
        await this.options.pages.finishPage(page.id, {
          status: 'failed',
          channels: [],
          at: new Date(now),
          error: `${incident.id} reopened before the page went out; its escalation started again`,
        });
        return;
      }
      // Acknowledged, but the escalation has not heard yet (the ack's replica died before
      // telling it): stop it, which marks this page acknowledged. A page written after the
      // stop (a manual escalation or a reassignment) was asked for by a person and goes out.
      if (escalation?.state === 'active' && incident.acknowledgedAt) {
        await this.stop(page.incidentSeq, 'acknowledged');
        return;
      }
    }
    const reached = await this.options.delivery.send(page, incident, now, {
      lastAttempt: item.attempts >= DELIVERY_ATTEMPTS,
    });
    if (!reached) {
      throw new Error(`No channel reached ${page.userRef} yet`);
    }
  }

  private isCurrent(
    escalation: EscalationRecord | undefined,
    epoch: number,
    step: Step,
  ): boolean {
    return (
      !!escalation &&
      escalation.state === 'active' &&
      escalation.epoch === epoch &&
      isAfter(step, escalation)
    );
  }

  /** The policy of the incident's owner, or why it has none to follow. */
  private async findPolicy(
    incident: Incident,
  ): Promise<FoundPolicy | { missing: string }> {
    let found;
    try {
      found = await this.options.policies.policyFor(
        incident.ownerRef
          ? { groupRef: incident.ownerRef }
          : { entityRef: incident.entityRef },
      );
    } catch (error) {
      return {
        missing: `No escalation policy for ${incident.id} on ${incident.entityRef}: ${error}`,
      };
    }
    const { groupRef, policy } = found;
    if (policy.levels.length === 0) {
      return {
        missing: `The escalation policy ${policy.name} of ${groupRef} has no levels for ${incident.id}`,
      };
    }
    return {
      groupRef,
      policyId: policy.id,
      policy: {
        name: policy.name,
        levels: policy.levels,
        repeat: policy.repeat,
      },
    };
  }

  /** The people a level reaches at `now`; a level nobody can be found for is logged. */
  async resolveLevel(
    escalation: EscalationRecord,
    step: Step,
    now: number,
  ): Promise<ResolvedTarget[]> {
    const level = escalation.policy.levels[step.level - 1];
    const targets = await this.options.policies.resolveTargets(
      escalation.groupRef,
      level.targets,
      new Date(now),
    );
    if (targets.length === 0) {
      this.options.logger.warn(
        `Level ${step.level} of ${formatIncidentId(
          escalation.incidentSeq,
        )} reaches nobody`,
      );
    }
    return targets;
  }

  async scheduleStep(
    seq: number,
    epoch: number,
    step: Step,
    dueAt: number,
    trx: Knex.Transaction,
  ) {
    await this.scheduleSteps([{ seq, epoch, step, dueAt }], trx);
  }

  private async scheduleSteps(
    steps: Array<{ seq: number; epoch: number; step: Step; dueAt: number }>,
    trx: Knex.Transaction,
  ) {
    if (steps.length === 0) return;
    await this.options.queue.enqueue(
      steps.map(({ seq, epoch, step, dueAt }) => ({
        kind: ESCALATION_KINDS.step,
        key: `esc:${seq}:${epoch}:${step.level}:${step.round}`,
        payload: { seq, epoch, ...step },
        dueAt: new Date(dueAt),
      })),
      trx,
    );
  }
}

function stepOf(item: TimerItem): StepPayload {
  return item.payload as unknown as StepPayload;
}
