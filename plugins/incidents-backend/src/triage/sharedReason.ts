import { TriageReason } from '@lookout/plugin-incidents-common';
import { ago, MINUTE, round } from './causeTiming';
import { nameOf } from './severity';
import { SharedUpstream } from './sharedUpstream';

/**
 * What one failing branch says about the entity above it: a failing dependent counts fully; a
 * failure reached only through entities that show nothing counts half, since for it to come
 * from above, those entities would have had to fail silently as well.
 */
function credit(depth: number): number {
  return depth <= 1 ? 1 : 0.5;
}

/**
 * How many independent failing branches an entity's dependents amount to, weighed by
 * `credit`: a failure that follows another of them (it depends on one that failed first) is
 * explained by that one, not by what they share.
 */
function failingWeight(shared: SharedUpstream): number {
  return shared.failing.reduce(
    (sum, f) => sum + (f.follows ? 0 : credit(f.depth)),
    0,
  );
}

/**
 * Whether most of the entity's dependents fail, independently of each other: then a failure
 * of it explains them better than any one of them does.
 */
export function mostlyFailing(shared: SharedUpstream): boolean {
  return failsTogether(shared) && failingWeight(shared) >= shared.healthy;
}

/**
 * Whether several of the entity's dependents fail together: one failing branch is only the
 * incident itself seen from above, which says nothing about what it shares with others.
 */
export function failsTogether(shared: SharedUpstream | undefined): boolean {
  return Boolean(
    shared && shared.failing.length >= 2 && failingWeight(shared) > 1,
  );
}

/**
 * Several of an entity's dependents failing together point at what they share. Every failing
 * branch beyond the first is a coincidence that only a shared cause explains, so the weight
 * grows with each (2.5 for one, up to three), times the share of its dependents failing: the
 * more of them stay healthy, the less a failure of it fits what is seen. Two of two failing
 * weigh 2.5, two of five 1, four of eight 3.75.
 */
export function sharedReason(
  shared: SharedUpstream | undefined,
  kind: string,
  silent: boolean,
  onset: string,
): TriageReason | undefined {
  if (!shared || !failsTogether(shared)) return undefined;
  const failing = shared.failing.length;
  const all = failing + shared.healthy;
  const weighed = failingWeight(shared);
  const weight =
    2.5 * Math.min(weighed - 1, 3) * (weighed / (weighed + shared.healthy));
  const times = shared.failing.map(f => Date.parse(f.since));
  const spread = Math.round((Math.max(...times) - Math.min(...times)) / MINUTE);
  const names = shared.failing.map(f => nameOf(f.entityRef));
  const shown =
    names.length > 4
      ? `${names.slice(0, 4).join(', ')} and ${names.length - 4} more`
      : names.join(', ');
  const deep = shared.failing.filter(f => f.depth > 1).length;
  const follow = shared.failing.filter(f => f.follows);
  let quiet = '';
  if (silent) {
    quiet =
      kind === 'resource'
        ? ', while it raises nothing itself (no monitor covers it)'
        : ', while it raises nothing itself';
  }
  const earliest = shared.failing.reduce(
    (min, f) => (f.since < min ? f.since : min),
    onset,
  );
  return {
    text: `${failing} of its ${all} dependents fail together (${shown}; ${
      spread <= 1 ? 'within a minute' : `within ${spread} minutes`
    }, the first ${ago(earliest, onset)}${
      deep
        ? `; ${deep} of them only further down, through entities that show nothing`
        : ''
    }${follow
      .map(
        f =>
          `; ${nameOf(f.entityRef)} depends on ${nameOf(
            f.follows!,
          )}, which failed first`,
      )
      .join('')})${quiet}${
      shared.healthy === 0
        ? '; none of its dependents is healthy'
        : `; ${shared.healthy} ${shared.healthy === 1 ? 'is' : 'are'} healthy`
    }`,
    weight: round(weight),
  };
}
