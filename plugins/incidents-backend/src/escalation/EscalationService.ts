import {
  BackstageCredentials,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { parseEntityRef } from '@backstage/catalog-model';
import {
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
} from '@backstage/errors';
import {
  Incident,
  IncidentEscalation,
  IncidentPagesResponse,
  incidentUpdatePermission,
  isOpenStatus,
  MyPage,
  OnCallPage,
  PageStatus,
  ResolvedTarget,
  Severity,
  IncidentStatus,
} from '@lookout/plugin-incidents-common';
import { randomUUID } from 'node:crypto';
import { actorRef } from '../incidents/actors';
import { formatIncidentId, parseIncidentId } from '../incidents/incidentIds';
import { IncidentChange } from '../incidents/IncidentChangeStream';
import { normalizeRef } from '../lib/entityRefs';
import { IncidentsStore } from '../incidents/IncidentsStore';
import { IncidentsAuthorizer } from '../permissions/IncidentsAuthorizer';
import { AckTokens } from './ackTokens';
import { PageChannel } from './channels';
import {
  EscalationRecord,
  EscalationStore,
  PageRecord,
  PageSlot,
  toOnCallPage,
} from './EscalationStore';
import { PageComposer } from './pageContent';
import { PagingWebhooksService } from './PagingWebhooksService';
import { FrozenPolicy, isAfter, nextStep, Step } from './policy';
import { ESCALATION_KINDS, OnCallLookup, TimerItem, TimerQueue } from './types';
import { Knex } from 'knex';

/** Who the timeline names for what the engine does by itself. */
const ENGINE_ACTOR = 'service:plugin:incidents';
/** A page that could reach nobody after this many attempts is marked failed. */
const DELIVERY_ATTEMPTS = 5;
/** Reassignment pages sit outside the policy's levels, rounds and runs. */
const REASSIGN_SLOT: Omit<PageSlot, 'reassignment'> = {
  level: 0,
  round: 0,
  run: 0,
};
/** When a queue does not say its lease, how long a page waits for its sender before the backstop. */
const DEFAULT_BACKSTOP_MS = 30_000;

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

/** What an escalation needs of the incident domain beyond its store. */
export interface IncidentsAccess {
  get(id: string, credentials: BackstageCredentials): Promise<Incident>;
  acknowledge(id: string, credentials: BackstageCredentials): Promise<Incident>;
  /** Acknowledges as `actor` without a permission check: the holder of a page's link or the paged person. */
  acknowledgeAs(seq: number, actor: string): Promise<void>;
}

/**
 * The escalation engine: an incident that opens runs its owner's policy, frozen at the start;
 * each level's due time is a work queue item, and firing a level writes one page per person
 * under a unique (incident, run, level, round, person) key, so a level pages nobody twice
 * however many replicas race for it. Acknowledging or ending the incident stops it; a level
 * that fires after that does nothing. Reopening the incident starts it again, as a new run.
 */
export class EscalationService {
  constructor(
    private readonly options: {
      store: EscalationStore;
      queue: TimerQueue;
      oncall: OnCallLookup;
      incidentsStore: Pick<
        IncidentsStore,
        'getIncident' | 'appendEvents' | 'listTimeline'
      >;
      incidents: IncidentsAccess;
      authorizer: Pick<IncidentsAuthorizer, 'require'>;
      catalogHasUser: (
        userRef: string,
        credentials: BackstageCredentials,
      ) => Promise<boolean>;
      channels: PageChannel[];
      webhooks: PagingWebhooksService;
      composer: PageComposer;
      ackTokens: AckTokens;
      logger: LoggerService;
      /** Runs the queue soon, for an item due now. */
      poke?: () => void;
    },
  ) {}

  /** The queue kinds and their handlers, for the process's queue worker. */
  handlers(): Record<string, (item: TimerItem) => Promise<void>> {
    return {
      [ESCALATION_KINDS.step]: item => this.runStep(item),
      [ESCALATION_KINDS.deliver]: item => this.deliver(item),
      [ESCALATION_KINDS.webhook]: item => this.deliverWebhook(item),
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
        await this.schedule(seq, 0, first.step, now + first.delayMs, trx);
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
      await this.schedule(seq, epoch, first.step, now + first.delayMs, trx);
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
        await this.options.store.acknowledgePages(seq, now, trx);
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
    const payload = item.payload as unknown as StepPayload;
    const step: Step = { level: payload.level, round: payload.round };
    const { seq, epoch } = payload;
    const escalation = await this.options.store.getEscalation(seq);
    if (!this.isCurrent(escalation, epoch, step)) return;
    const incident = await this.options.incidentsStore.getIncident(seq);
    if (!incident || !isOpenStatus(incident.status)) {
      await this.stop(seq, 'resolved');
      return;
    }
    if (incident.acknowledgedAt) {
      await this.stop(seq, 'acknowledged');
      return;
    }
    const now = await this.options.queue.now();
    // resolved outside the transaction: on SQLite it holds the only connection
    const targets = await this.resolveLevel(escalation!, step, now);
    const fired = await this.options.store.transaction(async trx => {
      const current = await this.options.store.lockEscalation(seq, trx);
      if (!this.isCurrent(current, epoch, step)) return undefined;
      const pages = await this.firePages(
        trx,
        seq,
        { ...step, run: current!.run, reassignment: 0 },
        targets,
        item.dueAt,
        now,
      );
      const next = nextStep(current!.policy, step);
      await this.options.store.updateEscalation(
        seq,
        {
          ...step,
          ...(next ? {} : { state: 'exhausted', stoppedAt: new Date(now) }),
        },
        trx,
      );
      if (next) {
        // due times follow the policy from the previous due time, not from when it ran
        await this.schedule(
          seq,
          epoch,
          next.step,
          item.dueAt.getTime() + next.delayMs,
          trx,
        );
      }
      return pages;
    });
    if (fired) await this.sendNow(fired, incident, now);
  }

  /**
   * The backstop of a page: it was sent right after its step committed, unless that replica
   * died first or every channel failed; then this sends it, and retries until it reaches
   * someone or runs out of attempts.
   */
  private async deliver(item: TimerItem): Promise<void> {
    const page = await this.options.store.getPage(String(item.payload.pageId));
    if (!page || page.status !== 'pending') return;
    const incident = await this.options.incidentsStore.getIncident(
      page.incidentSeq,
    );
    if (!incident) return;
    const now = await this.options.queue.now();
    if (!isOpenStatus(incident.status)) {
      await this.options.store.finishPage(page.id, {
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
        await this.options.store.finishPage(page.id, {
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
    const reached = await this.send(page, incident, now, {
      lastAttempt: item.attempts >= DELIVERY_ATTEMPTS,
    });
    if (!reached) {
      throw new Error(`No channel reached ${page.userRef} yet`);
    }
  }

  /** Sends pages a step (or a person) just wrote, without a round trip through the queue. */
  private async sendNow(
    pages: PageRecord[],
    incident: Incident,
    now: number,
  ): Promise<void> {
    await Promise.all(
      pages.map(page =>
        this.send(page, incident, now, { lastAttempt: false }).catch(error =>
          this.options.logger.warn(
            `Page ${page.id} of ${incident.id} waits for its backstop: ${error}`,
          ),
        ),
      ),
    );
  }

  /**
   * Sends one page through every channel and queues its webhook deliveries. Answers whether
   * the page is done with: reached someone, or failed for good on its last attempt. A page
   * that reached no channel stays pending for its backstop.
   */
  private async send(
    page: PageRecord,
    incident: Incident,
    now: number,
    options: { lastAttempt: boolean },
  ): Promise<boolean> {
    const content = await this.options.composer.compose(page, incident, now);
    const sent: string[] = [];
    const errors: string[] = [];
    for (const channel of this.options.channels) {
      try {
        await channel.send(page, content);
        sent.push(channel.name);
      } catch (error) {
        errors.push(`${channel.name}: ${error}`);
      }
    }
    const hooks = await this.options.webhooks.forIncident(incident);
    if (hooks.length > 0) {
      await this.options.queue.enqueue(
        hooks.map(hook => ({
          kind: ESCALATION_KINDS.webhook,
          key: `hook:${hook.id}:${page.id}`,
          payload: { pageId: page.id, webhookId: hook.id },
        })),
      );
      this.options.poke?.();
    }
    sent.push(...hooks.map(hook => `webhook:${hook.name}`));
    if (errors.length > 0) {
      this.options.logger.warn(
        `Page ${page.id} of ${incident.id} to ${page.userRef}: ${errors.join(
          '; ',
        )}`,
      );
    }
    if (sent.length === 0 && !options.lastAttempt) return false;
    const at = new Date(now);
    const finished = await this.options.store.finishPage(page.id, {
      status: sent.length > 0 ? 'sent' : 'failed',
      channels: sent,
      at,
      error: errors.length ? errors.join('; ') : undefined,
    });
    if (finished && sent.length > 0) {
      await this.options.incidentsStore.appendEvents(page.incidentSeq, [
        {
          type: 'page_sent',
          actor: ENGINE_ACTOR,
          at: at.toISOString(),
          data: {
            pageId: page.id,
            userRef: page.userRef,
            level: page.level,
            round: page.round,
            reason: page.reason,
            channels: sent,
          },
        },
      ]);
    }
    return true;
  }

  private async deliverWebhook(item: TimerItem): Promise<void> {
    const [page, webhook] = await Promise.all([
      this.options.store.getPage(String(item.payload.pageId)),
      this.options.webhooks.find(String(item.payload.webhookId)),
    ]);
    if (!page || !webhook) return;
    const incident = await this.options.incidentsStore.getIncident(
      page.incidentSeq,
    );
    if (!incident) return;
    const content = await this.options.composer.compose(
      page,
      incident,
      await this.options.queue.now(),
    );
    await this.options.webhooks.post(webhook, {
      type: 'page',
      deliveryId: item.key,
      page: toOnCallPage(page, incident.id),
      incident: {
        id: incident.id,
        title: incident.title,
        severity: incident.severity,
        status: incident.status,
        entityRef: incident.entityRef,
        ownerRef: incident.ownerRef,
        url: content.incidentUrl,
      },
      blastRadius: content.blastRadius,
      runbookUrl: content.runbookUrl,
      acknowledgeUrl: content.acknowledgeUrl,
    });
  }

  /** Fires the next level now, whatever its delay; the policy continues from there. */
  async escalateNow(
    id: string,
    credentials: BackstageCredentials,
  ): Promise<IncidentPagesResponse> {
    const incident = await this.requireUpdate(id, credentials);
    if (!isOpenStatus(incident.status)) {
      throw new ConflictError(
        `${incident.id} is ${incident.status}; only an open incident can be escalated`,
      );
    }
    const seq = parseIncidentId(incident.id);
    if (!(await this.options.store.getEscalation(seq))) {
      // an incident older than its owner's policy, or one whose start failed: start it now
      await this.start({ ...incident, acknowledgedAt: null });
    }
    const escalation = await this.options.store.getEscalation(seq);
    if (!escalation) {
      throw new ConflictError(
        `${incident.id} has no escalation policy to follow; page someone with reassign instead`,
      );
    }
    const next = nextStep(escalation.policy, escalation);
    if (!next) {
      throw new ConflictError(
        `${incident.id} has reached the last level of its last round; reassign to page someone else`,
      );
    }
    const now = await this.options.queue.now();
    const targets = await this.resolveLevel(escalation, next.step, now);
    const epoch = escalation.epoch + 1;
    const pages = await this.options.store.transaction(async trx => {
      const current = await this.options.store.lockEscalation(seq, trx);
      if (
        !current ||
        current.epoch !== escalation.epoch ||
        current.level !== escalation.level ||
        current.round !== escalation.round
      ) {
        throw new ConflictError(
          `The escalation of ${incident.id} moved on meanwhile; reload and try again`,
        );
      }
      const fired = await this.firePages(
        trx,
        seq,
        { ...next.step, run: current.run, reassignment: 0 },
        targets,
        new Date(now),
        now,
      );
      const after = nextStep(current.policy, next.step);
      // an acknowledged escalation pages this level because a person asked, and stays stopped
      const active =
        current.state === 'active' || current.state === 'exhausted';
      let state: Partial<Pick<EscalationRecord, 'state' | 'stoppedAt'>> = {};
      if (active) {
        state = after
          ? { state: 'active', stoppedAt: null }
          : { state: 'exhausted', stoppedAt: new Date(now) };
      }
      await this.options.store.updateEscalation(
        seq,
        { ...next.step, epoch, ...state },
        trx,
      );
      if (active && after) {
        await this.schedule(seq, epoch, after.step, now + after.delayMs, trx);
      }
      return fired;
    });
    await this.options.queue.cancel(
      ESCALATION_KINDS.step,
      `esc:${seq}:${escalation.epoch}:`,
    );
    await this.sendNow(pages, incident, now);
    return this.pagesOf(incident);
  }

  /**
   * Pages one more person for the incident. Each reassignment is a new request with its own
   * number, so reassigning the same person again pages them again; its page is written once
   * under that number, however often the write is repeated. Two reassignments of one person
   * that race on PostgreSQL may take the same number, and then page once: a double click.
   */
  async reassign(
    id: string,
    userRef: string,
    credentials: BackstageCredentials,
  ): Promise<OnCallPage> {
    const incident = await this.requireUpdate(id, credentials);
    const ref = normalizeRef(userRef, 'userRef');
    if (parseEntityRef(ref).kind !== 'user') {
      throw new InputError(`userRef: pages go to User entities, not ${ref}`);
    }
    if (!(await this.options.catalogHasUser(ref, credentials))) {
      throw new InputError(`userRef: ${ref} is not in the catalog`);
    }
    if (!isOpenStatus(incident.status)) {
      throw new ConflictError(
        `${incident.id} is ${incident.status}; only an open incident can be reassigned`,
      );
    }
    const seq = parseIncidentId(incident.id);
    const now = await this.options.queue.now();
    const { slot, pages } = await this.options.store.transaction(async trx => {
      const reassignment = await this.options.store.nextReassignment(seq, trx);
      const reassigned: PageSlot = { ...REASSIGN_SLOT, reassignment };
      const fired = await this.firePages(
        trx,
        seq,
        reassigned,
        [{ userRef: ref, reason: `reassigned by ${actorRef(credentials)}` }],
        new Date(now),
        now,
      );
      return { slot: reassigned, pages: fired };
    });
    await this.sendNow(pages, incident, now);
    const page = await this.options.store.findPage({
      ...slot,
      incidentSeq: seq,
      userRef: ref,
    });
    return toOnCallPage(page!, incident.id);
  }

  async pages(
    id: string,
    credentials: BackstageCredentials,
  ): Promise<IncidentPagesResponse> {
    return this.pagesOf(await this.options.incidents.get(id, credentials));
  }

  /** The signed-in user's pages, newest first. */
  async myPages(
    query: { limit: number; status?: PageStatus[] },
    credentials: BackstageCredentials,
  ): Promise<MyPage[]> {
    const userRef = this.userOf(credentials);
    const rows = await this.options.store.listUserPages(userRef, {
      limit: query.limit,
      statuses: query.status,
    });
    return rows.map(row => ({
      ...toOnCallPage(row, formatIncidentId(row.incidentSeq)),
      incidentTitle: row.incidentTitle,
      incidentSeverity: row.incidentSeverity as Severity,
      incidentStatus: row.incidentStatus as IncidentStatus,
    }));
  }

  /**
   * Acknowledges a page's incident: the paged person may always, anyone else needs
   * `incident.update` on the incident.
   */
  async acknowledgePage(
    pageId: string,
    credentials: BackstageCredentials,
  ): Promise<OnCallPage> {
    const page = await this.options.store.getPage(pageId);
    if (!page) throw new NotFoundError(`No page ${pageId}`);
    const incidentId = formatIncidentId(page.incidentSeq);
    const actor = actorRef(credentials);
    if (actor === page.userRef) {
      await this.acknowledgeIncident(page, actor);
    } else {
      await this.options.incidents.acknowledge(incidentId, credentials);
      // an incident acknowledged before it reopened takes no second acknowledgement, and so
      // tells the escalation nothing: stop the run this page belongs to here
      await this.stop(page.incidentSeq, 'acknowledged');
    }
    return toOnCallPage(
      (await this.options.store.getPage(pageId))!,
      incidentId,
    );
  }

  /** What an acknowledge link points at; throws NotAllowedError for a bad or expired link. */
  async describeLink(
    token: string,
  ): Promise<{ page: PageRecord; incident: Incident }> {
    const verified = await this.options.ackTokens.verify(
      token,
      await this.options.queue.now(),
    );
    if ('refused' in verified) throw new NotAllowedError(verified.refused);
    const page = await this.options.store.getPage(verified.pageId);
    const incident =
      page && (await this.options.incidentsStore.getIncident(page.incidentSeq));
    if (!page || !incident) {
      throw new NotFoundError('The incident of this link no longer exists');
    }
    return { page, incident };
  }

  /** Acknowledges as the paged person, on the strength of their link. */
  async acknowledgeByLink(token: string): Promise<Incident> {
    const { page, incident } = await this.describeLink(token);
    if (isOpenStatus(incident.status)) {
      await this.acknowledgeIncident(page, page.userRef);
    }
    return incident;
  }

  /** Where an acknowledge link sends its holder afterwards. */
  async incidentUrl(incidentId: string): Promise<string> {
    return this.options.composer.incidentUrl(incidentId);
  }

  private async acknowledgeIncident(page: PageRecord, actor: string) {
    await this.options.incidents.acknowledgeAs(page.incidentSeq, actor);
    // stops the escalation even when the incident was acknowledged before (idempotent)
    await this.stop(page.incidentSeq, 'acknowledged');
  }

  private async pagesOf(incident: Incident): Promise<IncidentPagesResponse> {
    const seq = parseIncidentId(incident.id);
    const [escalation, pages] = await Promise.all([
      this.options.store.getEscalation(seq),
      this.options.store.listPages(seq),
    ]);
    return {
      escalation: escalation ? toWire(escalation, incident.id) : null,
      items: pages.map(page => toOnCallPage(page, incident.id)),
    };
  }

  private async requireUpdate(
    id: string,
    credentials: BackstageCredentials,
  ): Promise<Incident> {
    const incident = await this.options.incidents.get(id, credentials);
    await this.options.authorizer.require(
      incidentUpdatePermission,
      incident,
      credentials,
    );
    return incident;
  }

  private userOf(credentials: BackstageCredentials): string {
    const actor = actorRef(credentials);
    if (!actor.startsWith('user:')) {
      throw new NotAllowedError('Only a signed-in user has pages');
    }
    return actor;
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
      found = await this.options.oncall.policyFor(
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
  private async resolveLevel(
    escalation: EscalationRecord,
    step: Step,
    now: number,
  ): Promise<ResolvedTarget[]> {
    const level = escalation.policy.levels[step.level - 1];
    const targets = await this.options.oncall.resolveTargets(
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

  /**
   * Writes the step's pages (those that exist already are skipped) and, in the same
   * transaction, each new page's backstop delivery, due a lease from now: by then the replica
   * that wrote the page has sent it, or has died and the backstop sends it.
   */
  private async firePages(
    trx: Knex.Transaction,
    seq: number,
    slot: PageSlot,
    targets: ResolvedTarget[],
    dueAt: Date,
    now: number,
  ): Promise<PageRecord[]> {
    const pages = await this.options.store.insertPages(
      targets.map(target => ({
        id: randomUUID(),
        incidentSeq: seq,
        ...slot,
        userRef: target.userRef,
        reason: target.reason,
        dueAt,
      })),
      new Date(now),
      trx,
    );
    const backstop = new Date(
      now + (this.options.queue.leaseMs ?? DEFAULT_BACKSTOP_MS),
    );
    await this.options.queue.enqueue(
      pages.map(page => ({
        kind: ESCALATION_KINDS.deliver,
        key: `page:${page.id}`,
        payload: { pageId: page.id },
        dueAt: backstop,
      })),
      trx,
    );
    return pages;
  }

  private async schedule(
    seq: number,
    epoch: number,
    step: Step,
    dueAt: number,
    trx: Knex.Transaction,
  ) {
    await this.options.queue.enqueue(
      [
        {
          kind: ESCALATION_KINDS.step,
          key: `esc:${seq}:${epoch}:${step.level}:${step.round}`,
          payload: { seq, epoch, ...step },
          dueAt: new Date(dueAt),
        },
      ],
      trx,
    );
  }
}

/**
 * Whether the incident's `acknowledgedAt` stops this run of its escalation. It is the
 * incident's first acknowledgement, which a reopen does not clear: it stops the first run,
 * but a run that a reopen started came after it, and stops only when told (an acknowledged
 * page, an `acknowledged` change).
 */

function toWire(
  escalation: EscalationRecord,
  incidentId: string,
): IncidentEscalation {
  return {
    incidentId,
    groupRef: escalation.groupRef,
    policyId: escalation.policyId,
    policyName: escalation.policy.name,
    levels: escalation.policy.levels,
    repeat: escalation.policy.repeat,
    state: escalation.state,
    level: escalation.level,
    round: escalation.round,
    startedAt: escalation.startedAt.toISOString(),
    stoppedAt: escalation.stoppedAt?.toISOString() ?? null,
  };
}
