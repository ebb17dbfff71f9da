import { nextStep } from '../escalation/policy';
import { Firing, PlannedTarget } from './types';

/** Enough firings to see every round of a policy that repeats nine times. */
const MAX_FIRINGS = 400;

/** A target as both sides name it, so firings compare as strings. */
export function targetKey(target: PlannedTarget): string {
  switch (target.type) {
    case 'user':
      return `user:${target.userRef}`;
    case 'group_members':
      return `members:${target.groupRef}`;
    case 'schedule':
      return `schedule:${target.scheduleId}`;
    case 'vendor_schedule':
      return `schedule:${target.vendorId}`;
    default:
      return 'parent_oncall';
  }
}

/** When Lookout's escalation engine pages each level of a policy, rounds included. */
export function lookoutFirings(policy: {
  name: string;
  repeat: number;
  levels: Array<{ delayMinutes: number; targets: PlannedTarget[] }>;
}): Firing[] {
  const frozen = {
    name: policy.name,
    repeat: policy.repeat,
    // the engine only reads delays here; the targets ride along by index
    levels: policy.levels.map(l => ({
      delayMinutes: l.delayMinutes,
      targets: [],
    })),
  };
  const firings: Firing[] = [];
  let step = { level: 0, round: 1 };
  let minute = 0;
  for (;;) {
    const next = nextStep(frozen, step);
    if (!next || firings.length >= MAX_FIRINGS) break;
    minute += next.delayMs / 60_000;
    step = next.step;
    firings.push({
      minute,
      targets: policy.levels[step.level - 1].targets.map(targetKey).sort(),
    });
  }
  return firings;
}

/** The first difference between the vendor's firings and Lookout's, in words; none when equal. */
export function firstDifference(
  vendor: Firing[],
  lookout: Firing[],
  vendorName: string,
): string | undefined {
  const count = Math.max(vendor.length, lookout.length);
  for (let i = 0; i < count; i++) {
    const [v, l] = [vendor[i], lookout[i]];
    if (!v) {
      return `Lookout pages once more than ${vendorName} (at minute ${l.minute})`;
    }
    if (!l) {
      return `${vendorName} pages ${
        count - i
      } more time(s) than Lookout can (from minute ${v.minute})`;
    }
    if (v.minute !== l.minute || v.targets.join() !== l.targets.join()) {
      return (
        `page ${i + 1}: ${vendorName} pages ${v.targets.join(', ')} at minute ${
          v.minute
        }, ` + `Lookout ${l.targets.join(', ')} at minute ${l.minute}`
      );
    }
  }
  return undefined;
}
