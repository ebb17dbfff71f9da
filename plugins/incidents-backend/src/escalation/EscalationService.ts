import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { parseEntityRef } from '@backstage/catalog-model';
import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import {
  EscalationEngineStatus,
  Incident,
  IncidentEscalation,
  IncidentPagesResponse,
  incidentUpdatePermission,
  isOpenStatus,
  OnCallPage,
} from '@lookout/plugin-incidents-common';
import { actorRef } from '../incidents/actors';
import { parseIncidentId } from '../incidents/incidentIds';
import { normalizeRef } from '../lib/entityRefs';
import { PageDelivery } from '../paging/PageDelivery';
import { IncidentsAccess } from '../paging/PagesService';
import { PageSlot, PagingStore, toOnCallPage } from '../paging/PagingStore';
import { TimerQueue } from '../paging/types';
import { IncidentsAuthorizer } from '../permissions/IncidentsAuthorizer';
import { EngineHealth } from './EngineHealth';
import { EscalationEngine } from './EscalationEngine';
import { EscalationRecord, EscalationStore } from './EscalationStore';
import { nextStep } from './policy';
import { ESCALATION_KINDS } from './types';

/** Reassignment pages sit outside the policy's levels, rounds and runs. */
const REASSIGN_SLOT: Omit<PageSlot, 'reassignment'> = {
  level: 0,
  round: 0,
  run: 0,
};

/**
 * What people do with an incident's escalation: read it with its pages, escalate to the next
 * level now, or page one more person. Both writes need `incident.update` on the incident; the
 * engine runs the rest.
 */
export class EscalationService {
  constructor(
    private readonly options: {
      engine: Pick<EscalationEngine, 'start' | 'resolveLevel' | 'scheduleStep'>;
      store: EscalationStore;
      pages: PagingStore;
      delivery: Pick<PageDelivery, 'write' | 'sendNow'>;
      queue: TimerQueue;
      incidents: Pick<IncidentsAccess, 'get'>;
      authorizer: Pick<IncidentsAuthorizer, 'require'>;
      /** Whether the engine keeps up; a backend without it runs no engine to ask about. */
      engineHealth?: Pick<EngineHealth, 'status'>;
      catalogHasUser: (
        userRef: string,
        credentials: BackstageCredentials,
      ) => Promise<boolean>;
    },
  ) {}

  /**
   * The same escalation with another way to read incidents and decide access: chat commands
   * run for a user who has no Backstage token, so the chat host checks them its own way.
   */
  withAccess(
    access: Pick<
      ConstructorParameters<typeof EscalationService>[0],
      'incidents' | 'authorizer' | 'catalogHasUser'
    >,
  ): EscalationService {
    return new EscalationService({ ...this.options, ...access });
  }

  /** Whether escalation steps fire on time across every replica (the On call page shows it). */
  async engineStatus(): Promise<EscalationEngineStatus> {
    if (!this.options.engineHealth) {
      throw new NotFoundError('This backend runs no escalation engine');
    }
    return this.options.engineHealth.status();
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
      await this.options.engine.start({ ...incident, acknowledgedAt: null });
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
    const targets = await this.options.engine.resolveLevel(
      escalation,
      next.step,
      now,
    );
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
      const fired = await this.options.delivery.write(
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
        await this.options.engine.scheduleStep(
          seq,
          epoch,
          after.step,
          now + after.delayMs,
          trx,
        );
      }
      return fired;
    });
    await this.options.queue.cancel(
      ESCALATION_KINDS.step,
      `esc:${seq}:${escalation.epoch}:`,
    );
    await this.options.delivery.sendNow(pages, incident, now);
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
      const reassignment = await this.options.pages.nextReassignment(seq, trx);
      const reassigned: PageSlot = { ...REASSIGN_SLOT, reassignment };
      const fired = await this.options.delivery.write(
        trx,
        seq,
        reassigned,
        [{ userRef: ref, reason: `reassigned by ${actorRef(credentials)}` }],
        new Date(now),
        now,
      );
      return { slot: reassigned, pages: fired };
    });
    await this.options.delivery.sendNow(pages, incident, now);
    const page = await this.options.pages.findPage({
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

  private async pagesOf(incident: Incident): Promise<IncidentPagesResponse> {
    const seq = parseIncidentId(incident.id);
    const [escalation, pages] = await Promise.all([
      this.options.store.getEscalation(seq),
      this.options.pages.listPages(seq),
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
}

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
