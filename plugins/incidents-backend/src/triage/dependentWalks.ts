import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { impactPaths, ImpactPathStep } from '@lookout/plugin-incidents-common';
import { TriageInputs } from './sources';

/** How far below a candidate a failure is looked for, and how many entities a walk reads. */
const DEPTH = 4;
const LIMIT = 300;
/** Kinds that fail themselves; systems, domains, groups and APIs only carry failures along. */
export const FAILING_KINDS = new Set(['component', 'resource']);

type Graph = TriageInputs['graph'];

/** A dependent one hop below a candidate and every entity reached through it, with its depth. */
export interface Branch {
  head: string;
  members: Array<{ entityRef: string; depth: number }>;
}

/** Hops between two entities along a path, an API between them being no hop of its own. */
function hops(path: ImpactPathStep[]): string[] {
  return path.flatMap(step =>
    step.entityRef && !step.entityRef.startsWith('api:')
      ? [step.entityRef]
      : [],
  );
}

/**
 * The direct dependents of an entity, each with what hangs below it. A consumer of an API the
 * entity provides is a direct dependent too, even when the walk, counting the API as a hop,
 * reached it first through another dependent.
 */
export async function branchesBelow(
  graph: Graph,
  entityRef: string,
  credentials: BackstageCredentials,
): Promise<Branch[]> {
  const radius = await graph.blastRadius(
    { entityRef, direction: 'downstream', maxDepth: DEPTH, limit: LIMIT },
    credentials,
  );
  const apis = radius.impacted.filter(
    e => e.kind === 'api' && e.distance === 1,
  );
  const consumers = await Promise.all(
    apis.map(api =>
      graph.blastRadius(
        {
          entityRef: api.entityRef,
          direction: 'downstream',
          maxDepth: 1,
          limit: LIMIT,
        },
        credentials,
      ),
    ),
  );
  const direct = new Set(
    consumers.flatMap(c =>
      c.impacted.filter(e => FAILING_KINDS.has(e.kind)).map(e => e.entityRef),
    ),
  );
  const paths = impactPaths(radius);
  const branches = new Map<string, Branch>();
  radius.impacted.forEach((entry, i) => {
    if (!FAILING_KINDS.has(entry.kind)) return;
    const steps = direct.has(entry.entityRef)
      ? [entry.entityRef]
      : hops(paths[i]);
    const head = steps[0];
    if (!head || !FAILING_KINDS.has(head.split(':')[0])) return;
    const branch = branches.get(head) ?? { head, members: [] };
    branch.members.push({ entityRef: entry.entityRef, depth: steps.length });
    branches.set(head, branch);
  });
  return [...branches.values()];
}

/** For each of the refs, the components and resources it depends on, with how many hops up. */
export async function hopsAbove(
  graph: Graph,
  refs: string[],
  credentials: BackstageCredentials,
): Promise<Map<string, Map<string, number>>> {
  const walks = await Promise.all(
    refs.map(async entityRef => {
      const radius = await graph.blastRadius(
        { entityRef, direction: 'upstream', maxDepth: DEPTH, limit: LIMIT },
        credentials,
      );
      const paths = impactPaths(radius);
      const found = new Map<string, number>();
      radius.impacted.forEach((entry, i) => {
        if (FAILING_KINDS.has(entry.kind)) {
          found.set(entry.entityRef, hops(paths[i]).length);
        }
      });
      return [entityRef, found] as const;
    }),
  );
  return new Map(walks);
}
