import {
  EscalationPolicy,
  EscalationTarget,
  ResolvedTarget,
} from '@lookout/plugin-incidents-common';
import { JsonObject } from '@backstage/types';
import { Knex } from 'knex';

/**
 * What the engine needs from on-call (`services.oncall`): the policy that applies to an entity
 * and the people a level's targets mean at a given moment.
 */
export interface OnCallLookup {
  policyFor(
    target: { entityRef: string } | { groupRef: string },
  ): Promise<{ groupRef: string; policy: EscalationPolicy }>;
  resolveTargets(
    ownerGroupRef: string,
    targets: EscalationTarget[],
    at: Date,
  ): Promise<ResolvedTarget[]>;
}

/** One due timer or side effect, as the work queue hands it to a handler. */
export interface TimerItem {
  id: string;
  kind: string;
  key: string;
  payload: JsonObject;
  dueAt: Date;
  attempts: number;
}

/** The part of the work queue (`src/queue/WorkQueue`) the engine schedules with. */
export interface TimerQueue {
  enqueue(
    items: Array<{
      kind: string;
      key: string;
      payload: JsonObject;
      dueAt?: Date;
    }>,
    trx?: Knex.Transaction,
  ): Promise<number>;
  cancel(kind: string, keyPrefix: string): Promise<number>;
  /** The database clock, epoch ms: every due time is on it. */
  now(): Promise<number>;
  /** How long a claim lasts; a page's backstop delivery waits this long for its sender. */
  readonly leaseMs?: number;
}

/** The queue kinds the engine handles. */
export const ESCALATION_KINDS = {
  /** A level of an escalation falls due. Key `esc:<seq>:<epoch>:<level>:<round>`. */
  step: 'escalation.step',
  /**
   * A page's backstop: sends it if its step's replica did not (it died, or every channel
   * failed). Key `page:<pageId>`.
   */
  deliver: 'escalation.deliver',
  /** A page is posted to one webhook. Key `hook:<webhookId>:<pageId>`. */
  webhook: 'escalation.webhook',
} as const;
