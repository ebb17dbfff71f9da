import { targetKey } from '../escalationTiming';
import { Firing, MappedPolicy, PlannedTarget } from '../types';
import { OgEscalation } from './OpsgenieClient';

const UNIT_MINUTES = { minutes: 1, hours: 60, days: 1440 } as const;

const delayOf = (rule: {
  delay: { timeAmount: number; timeUnit?: keyof typeof UNIT_MINUTES };
}) => rule.delay.timeAmount * UNIT_MINUTES[rule.delay.timeUnit ?? 'minutes'];

/**
 * Opsgenie's firings: every rule at its delay after the round starts; a repeat starts
 * `waitInterval` minutes after the last rule, `count` times.
 */
export function ogFirings(
  escalation: OgEscalation,
  key: (recipient: OgEscalation['rules'][number]['recipient']) => string,
): Firing[] {
  const rules = [...escalation.rules].sort((a, b) => delayOf(a) - delayOf(b));
  if (rules.length === 0) return [];
  const last = delayOf(rules[rules.length - 1]);
  const rounds = 1 + (escalation.repeat?.count ?? 0);
  const firings: Firing[] = [];
  let roundStart = 0;
  for (let round = 0; round < rounds; round++) {
    const byDelay = new Map<number, string[]>();
    for (const rule of rules) {
      const at = roundStart + delayOf(rule);
      byDelay.set(at, [...(byDelay.get(at) ?? []), key(rule.recipient)]);
    }
    for (const [minute, targets] of byDelay) {
      firings.push({ minute, targets: targets.sort() });
    }
    roundStart += last + (escalation.repeat?.waitInterval ?? 0);
  }
  return firings;
}

export function mapEscalation(
  escalation: OgEscalation,
  owner: string | undefined,
  lookup: {
    userRef: (id: string) => string | undefined;
    groupRef: (id: string) => string | undefined;
    email: (id: string) => string;
  },
): MappedPolicy {
  const notExact: string[] = [];
  const target = (
    r: OgEscalation['rules'][number]['recipient'],
  ): PlannedTarget | undefined => {
    if (r.type === 'schedule')
      return { type: 'vendor_schedule', vendorId: r.id };
    if (r.type === 'team') {
      const groupRef = lookup.groupRef(r.id);
      return groupRef ? { type: 'group_members', groupRef } : undefined;
    }
    const userRef = lookup.userRef(r.id);
    return userRef ? { type: 'user', userRef } : undefined;
  };
  const vendorFirings = ogFirings(escalation, r => {
    const mapped = target(r);
    return mapped ? targetKey(mapped) : `opsgenie:${r.id}`;
  });
  const base = {
    vendorId: escalation.id,
    name: escalation.name,
    notExact,
    vendorFirings,
  };
  if (!owner)
    return {
      ...base,
      skipReason:
        'its owner team maps to no Group and no default owner was given',
    };
  const missing = escalation.rules
    .filter(r => r.recipient.type !== 'schedule' && !target(r.recipient))
    .map(
      r =>
        r.recipient.username ??
        r.recipient.name ??
        lookup.email(r.recipient.id),
    );
  if (missing.length > 0) {
    return {
      ...base,
      skipReason: `recipients not in the catalog: ${[...new Set(missing)].join(
        ', ',
      )}`,
    };
  }
  if (escalation.rules.length === 0)
    return { ...base, skipReason: 'it has no rules' };
  escalation.rules.forEach((rule, i) => {
    const where = `rule ${i + 1}`;
    if (rule.condition === 'if-not-closed') {
      notExact.push(
        `${where} pages until the alert is closed; Lookout stops escalating at acknowledgement`,
      );
    }
    if (rule.notifyType !== 'default') {
      notExact.push(
        `${where} notifies "${rule.notifyType}" of its ${
          rule.recipient.type
        }; Lookout pages ${
          rule.recipient.type === 'schedule'
            ? 'who is on call now'
            : 'its target as it is'
        }`,
      );
    }
    if (rule.recipient.type === 'team') {
      notExact.push(
        `${where} notifies a team through Opsgenie's own team routing; Lookout pages every member of the Group`,
      );
    }
  });
  if (
    escalation.repeat?.resetRecipientStates ||
    escalation.repeat?.closeAlertAfterAll
  ) {
    notExact.push(
      'its repeat resets recipient states or closes the alert; Lookout does neither',
    );
  }
  let repeat = escalation.repeat?.count ?? 0;
  if (repeat > 9) {
    notExact.push(`${repeat} repeats; Lookout repeats at most 9 times`);
    repeat = 9;
  }
  // rules at the same delay page together; Lookout counts each level from the one before
  const delays = [...new Set(escalation.rules.map(delayOf))].sort(
    (a, b) => a - b,
  );
  if (delays.length > 10) {
    return {
      ...base,
      skipReason: `${delays.length} distinct delays; Lookout holds 10 levels`,
    };
  }
  const levels = delays.map((delay, i) => ({
    delayMinutes: Math.min(1440, delay - (i === 0 ? 0 : delays[i - 1])),
    targets: escalation.rules
      .filter(r => delayOf(r) === delay)
      .map(r => target(r.recipient)!),
  }));
  return {
    ...base,
    input: { name: escalation.name, ownerRef: owner, repeat, levels },
  };
}
