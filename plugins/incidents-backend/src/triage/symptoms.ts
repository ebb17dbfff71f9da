import { ORDER_SLACK } from './causeTiming';
import { nameOf } from './severity';
import { mostlyFailing } from './sharedReason';
import { SharedUpstream } from './sharedUpstream';

/**
 * Which candidates lie above which, from everything the triage walked: the upstream walk's
 * paths from the origin, and each candidate's own walk down to its dependents. A path from the
 * origin shows one way up; an alerting entity may also sit below another candidate by a way
 * that path does not take (both depend on a queue, one of them also through the other).
 */
export class Reach {
  private readonly below = new Map<string, Set<string>>();
  private readonly walkedDown = new Set<string>();

  constructor(
    candidates: Iterable<{ entityRef: string; path: string[] }>,
    shared: SharedUpstream[] = [],
  ) {
    for (const s of shared) {
      this.below.set(s.entityRef, new Set(s.below));
      this.walkedDown.add(s.entityRef);
    }
    for (const candidate of candidates) {
      // every entity on the path from the origin to a candidate lies below it
      const set = this.below.get(candidate.entityRef) ?? new Set<string>();
      candidate.path.slice(0, -1).forEach(ref => set.add(ref));
      this.below.set(candidate.entityRef, set);
    }
  }

  /** Whether `lower` depends on `upper`, as far as the walks went. */
  isAbove(upper: string, lower: string): boolean {
    return upper !== lower && Boolean(this.below.get(upper)?.has(lower));
  }

  /** Whether the walk down from `ref` was made, so that what it reaches is known. */
  walked(ref: string): boolean {
    return this.walkedDown.has(ref);
  }
}

/**
 * Why an alerting candidate's alert is more likely a symptom than the cause, if it is: an
 * entity it depends on showed trouble first (an alert or a change), or it is one of the
 * failing dependents of a silent entity most of whose dependents fail, some of which it cannot
 * have caused (they do not depend on it): one shared cause explains them all, it only part.
 */
export function symptomOf(
  ref: string,
  ownAlert: number,
  context: {
    candidates: string[];
    reach: Reach;
    /** Each entity's earliest sign of trouble that fits the onset (alert or change). */
    firstSign: Map<string, number>;
    /** Entities with any alert or change at all. */
    signalled: Set<string>;
    shared: SharedUpstream[];
  },
): string | undefined {
  const { reach } = context;
  const earlier = context.candidates.find(
    other =>
      reach.isAbove(other, ref) &&
      (context.firstSign.get(other) ?? Infinity) < ownAlert - ORDER_SLACK,
  );
  if (earlier) {
    return `; but ${nameOf(earlier)}, further upstream, showed trouble earlier`;
  }
  if (!reach.walked(ref)) return undefined;
  for (const s of context.shared) {
    if (context.signalled.has(s.entityRef) || !mostlyFailing(s)) continue;
    if (!reach.isAbove(s.entityRef, ref)) continue;
    const beyond = s.failing.filter(
      f => f.entityRef !== ref && !reach.isAbove(ref, f.entityRef),
    );
    if (beyond.length === 0) continue;
    return `; but it is one of ${
      s.failing.length
    } failing dependents of ${nameOf(s.entityRef)}, which also reaches ${beyond
      .map(f => nameOf(f.entityRef))
      .join(', ')}, where it does not`;
  }
  return undefined;
}
