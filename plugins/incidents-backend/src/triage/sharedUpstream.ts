import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { impactPaths, Incident } from '@lookout/plugin-incidents-common';
import { IncidentsStore } from '../incidents/IncidentsStore';
import { Evidence } from './evidence';
import { TriageInputs } from './sources';

const MINUTE = 60_000;
/** Upstream candidates whose dependents are read, nearest first: a walk each. */
const MAX_CANDIDATES = 20;
/** How far below a candidate a failure is looked for. */
const DEPENDENT_DEPTH = 4;
const DEPENDENTS_PER_CANDIDATE = 300;
/** Failures this close to the incident's onset, either side, are read as one event. */
const TOGETHER_MS = 30 * MINUTE;
const OPEN_STATUSES = [
  'triage',
  'investigating',
  'identified',
  'monitoring',
] as const;
/** Kinds that fail themselves; systems, domains, groups and APIs only carry failures along. */
/** Entities with open incidents whose alerts are read for when they began. */
const MAX_ALERTED = 40;
const FAILING_KINDS = new Set(['component', 'resource']);

/** One upstream candidate seen from below: which of its dependents fail now, and which do not. */
export interface SharedUpstream {
  entityRef: string;
  /**
   * Its dependents whose branch fails: the dependent itself, or something that depends on it,
   * has an incident that began near the onset. The origin's own branch is one of them.
   */
  failing: Array<{ entityRef: string; since: string }>;
  /** Its dependents with nothing failing in their branch. */
  healthy: number;
}

/** A dependent one hop below a candidate and every entity reached through it. */
interface Branch {
  head: string;
  members: string[];
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
    candidates.map(async entityRef => {
      const radius = await deps.inputs.graph.blastRadius(
        {
          entityRef,
          direction: 'downstream',
          maxDepth: DEPENDENT_DEPTH,
          limit: DEPENDENTS_PER_CANDIDATE,
        },
        credentials,
      );
      return { entityRef, branches: branchesOf(radius) };
    }),
  );
  const below = [
    ...new Set(walks.flatMap(w => w.branches.flatMap(b => b.members))),
  ];
  const since = await failingSince(deps, below, incident, onset);
  since.set(incident.entityRef, onset);
  const shared = walks.map(({ entityRef, branches }) => {
    const failing: SharedUpstream['failing'] = [];
    let healthy = 0;
    for (const branch of branches) {
      const first = branch.members
        .map(ref => ({ ref, at: since.get(ref) }))
        .filter(m => m.at !== undefined)
        .sort((a, b) => a.at!.localeCompare(b.at!))[0];
      if (first) failing.push({ entityRef: first.ref, since: first.at! });
      else healthy++;
    }
    return { entityRef, failing, healthy };
  });
  return { shared, watched: [...candidates, ...below] };
}

/** The direct dependents of a walk's root (APIs passed through), each with what hangs below it. */
function branchesOf(radius: Parameters<typeof impactPaths>[0]): Branch[] {
  const paths = impactPaths(radius);
  const branches = new Map<string, Branch>();
  radius.impacted.forEach((entry, i) => {
    if (!FAILING_KINDS.has(entry.kind)) return;
    const head = paths[i].find(
      step => step.entityRef && !step.entityRef.startsWith('api:'),
    )?.entityRef;
    if (!head || !FAILING_KINDS.has(head.split(':')[0])) return;
    const branch = branches.get(head) ?? { head, members: [] };
    branch.members.push(entry.entityRef);
    branches.set(head, branch);
  });
  return [...branches.values()];
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
      status: [...OPEN_STATUSES],
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
