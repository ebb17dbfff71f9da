import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { Incident, OPEN_STATUSES } from '@lookout/plugin-incidents-common';
import { IncidentsStore } from '../incidents/IncidentsStore';
import { ORDER_SLACK } from './causeTiming';
import { branchesBelow, FAILING_KINDS, hopsAbove } from './dependentWalks';
import { Evidence } from './evidence';
import { TriageInputs } from './sources';

const MINUTE = 60_000;
/** Upstream candidates whose dependents are read, nearest first: a walk each. */
const MAX_CANDIDATES = 20;
/** Failures this close to the incident's onset, either side, are read as one event. */
const TOGETHER_MS = 30 * MINUTE;
/** Failing entities whose own upstream is walked, to tell which failures follow others. */
const MAX_FAILING = 30;
/** Entities with open incidents whose alerts are read for when they began. */
const MAX_ALERTED = 40;

/** One upstream candidate seen from below: which of its dependents fail now, and which do not. */
export interface SharedUpstream {
  entityRef: string;
  /**
   * Its dependents whose branch fails: the dependent itself, or something that depends on it,
   * has an incident that began near the onset. The origin's own branch is one of them. Each
   * names the failing entity nearest the candidate and how many hops below it that is (1: the
   * dependent itself; more: the failure is reached only through entities that show nothing),
   * and `follows`, another of these failing entities that it depends on and that failed no
   * later: then its failure is explained by that one, and is no second coincidence.
   */
  failing: Array<{
    entityRef: string;
    since: string;
    depth: number;
    follows?: string;
  }>;
  /** Its dependents with nothing failing in their branch. */
  healthy: number;
  /** Every component and resource the walk found below it: what a failure of it can reach. */
  below: string[];
}

/**
 * For each entity upstream of the origin, its direct dependents and whether each one's branch
 * is failing near the incident's onset. A silent entity under which several branches fail at
 * once, and few stay healthy, is their probable shared cause (a database or a queue that no
 * monitor covers). Also answers which refs a triage read, so new evidence there can trigger a
 * recompute.
 */
export async function readSharedUpstream(
  deps: {
    inputs: TriageInputs;
    incidents: Pick<IncidentsStore, 'listIncidents'>;
  },
  incident: Incident,
  evidence: Evidence,
  onset: string,
  credentials: BackstageCredentials,
): Promise<{ shared: SharedUpstream[]; watched: string[] }> {
  const candidates = evidence.upstream.impacted
    .filter(e => FAILING_KINDS.has(e.kind))
    .slice(0, MAX_CANDIDATES)
    .map(e => e.entityRef);
  const walks = await Promise.all(
    candidates.map(async entityRef => ({
      entityRef,
      branches: await branchesBelow(deps.inputs.graph, entityRef, credentials),
    })),
  );
  const below = [
    ...new Set(
      walks.flatMap(w =>
        w.branches.flatMap(b => b.members.map(m => m.entityRef)),
      ),
    ),
  ];
  const since = await failingSince(deps, below, incident, onset);
  since.set(incident.entityRef, onset);
  const above = await hopsAbove(
    deps.inputs.graph,
    [...since.keys()].slice(0, MAX_FAILING),
    credentials,
  );
  const shared = walks.map(({ entityRef, branches }) => {
    const failing: SharedUpstream['failing'] = [];
    let healthy = 0;
    for (const branch of branches) {
      // the failure nearest the candidate speaks for the branch (the earliest among equals)
      const nearest = branch.members
        .map(m => ({ ...m, since: since.get(m.entityRef) }))
        .filter(m => m.since !== undefined)
        .sort(
          (a, b) => a.depth - b.depth || a.since!.localeCompare(b.since!),
        )[0];
      if (nearest) {
        failing.push({
          entityRef: nearest.entityRef,
          since: nearest.since!,
          depth: nearest.depth,
        });
      } else healthy++;
    }
    for (const f of failing) {
      // explained by another failing dependent at least as close to it as the candidate is
      f.follows = failing.find(
        other =>
          other !== f &&
          (above.get(f.entityRef)?.get(other.entityRef) ?? Infinity) <=
            f.depth &&
          Date.parse(other.since) <= Date.parse(f.since) + ORDER_SLACK,
      )?.entityRef;
    }
    const reached = branches.flatMap(b => b.members.map(m => m.entityRef));
    return { entityRef, failing, healthy, below: [...new Set(reached)] };
  });
  return { shared, watched: [...candidates, ...below] };
}

/**
 * When each of the refs began failing near the onset: the start of an open incident on it, its
 * first alert's start when alerts opened it (an alert may have fired long before it arrived).
 */
async function failingSince(
  deps: {
    inputs: TriageInputs;
    incidents: Pick<IncidentsStore, 'listIncidents'>;
  },
  refs: string[],
  incident: Incident,
  onset: string,
): Promise<Map<string, string>> {
  const open: Incident[] = [];
  for (let i = 0; i < refs.length; i += 500) {
    const { items } = await deps.incidents.listIncidents({
      entityRefs: refs.slice(i, i + 500),
      status: OPEN_STATUSES,
      limit: 500,
    });
    open.push(...items.filter(other => other.id !== incident.id));
  }
  const alertStarts = new Map<string, string>();
  const alerted = [
    ...new Set(open.filter(i => i.source === 'alert').map(i => i.entityRef)),
  ].slice(0, MAX_ALERTED);
  await Promise.all(
    alerted.map(async ref => {
      const { items } = await deps.inputs.alerts.listForEntity(ref, {
        limit: 20,
      });
      for (const alert of items) {
        if (!alert.incidentId) continue;
        const seen = alertStarts.get(alert.incidentId);
        if (!seen || alert.startsAt < seen) {
          alertStarts.set(alert.incidentId, alert.startsAt);
        }
      }
    }),
  );
  const since = new Map<string, string>();
  const center = Date.parse(onset);
  for (const other of open) {
    const at = [alertStarts.get(other.id), other.declaredAt]
      .filter((t): t is string => Boolean(t))
      .sort()[0];
    if (Math.abs(Date.parse(at) - center) > TOGETHER_MS) continue;
    const seen = since.get(other.entityRef);
    if (!seen || at < seen) since.set(other.entityRef, at);
  }
  return since;
}
