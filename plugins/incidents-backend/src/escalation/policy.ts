import { EscalationLevel } from '@lookout/plugin-incidents-common';

const MINUTE_MS = 60_000;
/** The pause before a round repeats when every level of the policy has no delay. */
const DEFAULT_REPEAT_DELAY_MS = 5 * MINUTE_MS;

/** A policy as an escalation freezes it when it starts. */
export interface FrozenPolicy {
  name: string;
  levels: EscalationLevel[];
  repeat: number;
}

/** A position in an escalation: 1-based level and round. */
export interface Step {
  level: number;
  round: number;
}

/**
 * The step after `current` and how long after `current` it falls due, or undefined when the
 * last level of the last round has fired. `current` level 0 is the start of the escalation.
 *
 * Level n waits its own delay after level n-1. A repeated round starts after the first
 * level's delay, or the last level's when the first has none, so a policy of immediate
 * levels does not page in a tight loop.
 */
export function nextStep(
  policy: FrozenPolicy,
  current: Step,
): { step: Step; delayMs: number } | undefined {
  const { levels } = policy;
  if (levels.length === 0) return undefined;
  if (current.level < levels.length) {
    return {
      step: { level: current.level + 1, round: current.round },
      delayMs: levels[current.level].delayMinutes * MINUTE_MS,
    };
  }
  if (current.round > policy.repeat) return undefined;
  const delayMinutes =
    levels[0].delayMinutes || levels[levels.length - 1].delayMinutes;
  return {
    step: { level: 1, round: current.round + 1 },
    delayMs: delayMinutes ? delayMinutes * MINUTE_MS : DEFAULT_REPEAT_DELAY_MS,
  };
}

/** True when `a` comes after `b`. */
export function isAfter(a: Step, b: Step): boolean {
  return a.round > b.round || (a.round === b.round && a.level > b.level);
}
