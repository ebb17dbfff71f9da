import {
  Alert,
  impactPaths,
  Incident,
  OPEN_STATUSES,
} from '@lookout/plugin-incidents-common';
import { IncidentsStore } from '../incidents/IncidentsStore';
import { ownerOf } from '../lib/entityRefs';
import { CauseEvidence } from './causes';
import { Evidence } from './evidence';
import { causesOf, PastDetails } from './pastIncidents';
import { alertLevel, nameOf } from './severity';
import { TriageInputs } from './sources';

/** The most alerts read from one upstream entity. */
const ALERTS_PER_ENTITY = 50;

/** When the incident began: its earliest alert, or its declaration. */
export function onsetOf(incident: Incident, alerts: Alert[]): string {
  return alerts.reduce(
    (earliest, a) => (a.startsAt < earliest ? a.startsAt : earliest),
    incident.declaredAt,
  );
}

/** Firing alerts on the entities, apart from those of the incident itself. */
export async function firingOn(
  alerts: TriageInputs['alerts'],
  refs: string[],
  incidentId: string,
): Promise<Alert[]> {
  const pages = await Promise.all(
    refs.map(ref =>
      alerts.listForEntity(ref, { status: 'firing', limit: ALERTS_PER_ENTITY }),
    ),
  );
  return pages
    .flatMap(p => p.items)
    .filter(a => a.entityRef && a.incidentId !== incidentId);
}

/** Other incidents open on the entities. */
export async function openIncidentsOn(
  incidents: Pick<IncidentsStore, 'listIncidents'>,
  refs: string[],
  incidentId: string,
): Promise<Incident[]> {
  if (!refs.length) return [];
  const page = await incidents.listIncidents({
    entityRefs: refs,
    status: OPEN_STATUSES,
    limit: 200,
  });
  return page.items.filter(i => i.id !== incidentId);
}

/**
 * Everything the cause ranking weighs, from what was read: the upstream walk, alerts and
 * incidents open upstream, changes, the causes of past incidents on the same origin, and who
 * owns each candidate.
 */
export function causeEvidence(facts: {
  incident: Incident;
  evidence: Evidence;
  upstreamAlerts: Alert[];
  openIncidents: Incident[];
  /** Finished incidents on the same origin, with what was written about them. */
  sameOrigin: Incident[];
  details: Map<string, PastDetails>;
}): CauseEvidence {
  const { incident, evidence, upstreamAlerts, openIncidents } = facts;
  const { upstream, upstreamRefs, entities } = evidence;
  const candidates = [incident.entityRef, ...upstreamRefs];
  const candidateNames = new Map(candidates.map(ref => [ref, nameOf(ref)]));
  const owners = new Map(
    candidates.map(ref => [ref, ownerOf(entities.get(ref))]),
  );
  if (owners.get(incident.entityRef) === null && incident.ownerRef) {
    owners.set(incident.entityRef, incident.ownerRef);
  }
  return {
    origin: incident.entityRef,
    onset: onsetOf(incident, evidence.alerts),
    upstream: impactPaths(upstream).map((path, i) => ({
      entityRef: upstream.impacted[i].entityRef,
      kind: upstream.impacted[i].kind,
      path: path.map(step => step.entityRef ?? '?'),
    })),
    alerts: upstreamAlerts.map(a => ({
      entityRef: a.entityRef!,
      summary: a.summary,
      startsAt: a.startsAt,
      level: alertLevel(a.severity, a.incidentSeverity),
    })),
    // an incident began when its first alert did, which may be long before it was declared
    openIncidents: openIncidents.map(i => ({
      id: i.id,
      entityRef: i.entityRef,
      title: i.title,
      declaredAt: upstreamAlerts.reduce(
        (earliest, a) =>
          a.incidentId === i.id && a.startsAt < earliest
            ? a.startsAt
            : earliest,
        i.declaredAt,
      ),
      openedByAlerts:
        i.source === 'alert' && upstreamAlerts.some(a => a.incidentId === i.id),
    })),
    changes: evidence.changes.flatMap(c =>
      c.entityRef ? [{ ...c, entityRef: c.entityRef }] : [],
    ),
    pastCauses: facts.sameOrigin.flatMap(past =>
      causesOf(facts.details.get(past.id), candidateNames).map(cause => ({
        incidentId: past.id,
        ...cause,
      })),
    ),
    owners,
  };
}
