import {
  EscalationPolicy,
  EscalationTarget,
  ResolvedTarget,
} from '@lookout/plugin-incidents-common';

/**
 * The policy that applies to an entity and the people a level's targets mean at a given
 * moment: what the engine and the on-call answer ask of `EscalationPolicyResolver`.
 */
export interface PolicyLookup {
  policyFor(
    target: { entityRef: string } | { groupRef: string },
  ): Promise<{ groupRef: string; policy: EscalationPolicy }>;
  resolveTargets(
    ownerGroupRef: string,
    targets: EscalationTarget[],
    at: Date,
  ): Promise<ResolvedTarget[]>;
}

/** The queue kinds the engine handles. */
export const ESCALATION_KINDS = {
  /** A level of an escalation falls due. Key `esc:<seq>:<epoch>:<level>:<round>`. */
  step: 'escalation.step',
} as const;
