import { BlastRadius, ImpactHop, ImpactPathStep } from './graph';

/** What paths are rebuilt from: a blast radius's entries and the hops they pass through. */
export type ImpactHops = Pick<BlastRadius, 'impacted' | 'through'>;

function hopAt(radius: ImpactHops, index: number): ImpactHop {
  const { impacted, through } = radius;
  const hop =
    index < impacted.length
      ? impacted[index]
      : through[index - impacted.length];
  if (!hop) throw new Error(`A blast radius names a hop it lacks: ${index}`);
  return hop;
}

/**
 * One shortest path from the root to the entry at `index` of `radius.impacted`, nearest hop
 * first, rebuilt by following each hop's `via` back to the root. The last step is the entry.
 */
export function impactPath(
  radius: ImpactHops,
  index: number,
): ImpactPathStep[] {
  const steps: ImpactPathStep[] = [];
  // a well-formed answer has no cycles; a bound keeps a malformed one from hanging the caller
  const bound = radius.impacted.length + radius.through.length;
  for (let at = index; at !== -1; ) {
    if (steps.length > bound) {
      throw new Error(`A blast radius has a cycle of hops at ${index}`);
    }
    const hop = hopAt(radius, at);
    steps.push({ entityRef: hop.entityRef, relation: hop.relation });
    at = hop.via;
  }
  return steps.reverse();
}

/**
 * The path of every entry, in the order of `radius.impacted`. Each hop's path is built once
 * and extended, so this costs the size of the paths it returns, never a walk per entry.
 */
export function impactPaths(radius: ImpactHops): ImpactPathStep[][] {
  const built = new Map<number, ImpactPathStep[]>();
  const pathTo = (index: number): ImpactPathStep[] => {
    // iteratively: a path is at most a few dozen hops, but follow `via` without recursion
    const pending: number[] = [];
    let at = index;
    while (at !== -1 && !built.has(at)) {
      if (pending.length > radius.impacted.length + radius.through.length) {
        throw new Error(`A blast radius has a cycle of hops at ${index}`);
      }
      pending.push(at);
      at = hopAt(radius, at).via;
    }
    let path = at === -1 ? [] : built.get(at)!;
    for (let i = pending.length - 1; i >= 0; i--) {
      const hop = hopAt(radius, pending[i]);
      path = [...path, { entityRef: hop.entityRef, relation: hop.relation }];
      built.set(pending[i], path);
    }
    return path;
  };
  return radius.impacted.map((_, index) => pathTo(index));
}
