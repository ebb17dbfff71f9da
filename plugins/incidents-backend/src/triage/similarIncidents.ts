import {
  Alert,
  BlastRadius,
  CauseSuggestion,
  Incident,
  SimilarIncidentSuggestion,
} from '@lookout/plugin-incidents-common';
import { CauseEvidence } from './causes';
import {
  excerpt,
  notesOf,
  PastDetails,
  PastIncidents,
  resolutionOf,
} from './pastIncidents';
import { nameOf } from './severity';
import { rankSimilar, SimilarCandidate, SimilarQuery } from './similar';
import { labelWords, tokenize } from './text';

/** How many past incidents are read in full (alerts, notes, postmortem) for the final ranking. */
const SHORTLIST = 30;
const MAX_SIMILAR = 5;

/**
 * What to look for: the incident's symptoms (its title, description and alerts) and how it
 * happened (what was seen at its most probable cause).
 */
export function similarQuery(
  incident: Incident,
  alerts: Alert[],
  cause: CauseSuggestion | undefined,
  evidence: CauseEvidence,
): SimilarQuery {
  return {
    symptoms: tokenize(
      [
        incident.title,
        incident.description,
        ...alerts.flatMap(a => [a.summary, ...labelWords(a.labels)]),
      ].join(' '),
    ),
    mechanism: tokenize(evidenceOf(cause, evidence).join(' ')),
  };
}

/**
 * The past incidents most like this one, in two passes: every finished incident by its title,
 * description and place in the graph; then the best of them by everything written about them.
 */
export async function similarIncidents(
  past: PastIncidents,
  incident: Incident,
  query: SimilarQuery,
  history: Incident[],
  radius: { downstream: BlastRadius; upstream: BlastRadius },
  causes: CauseSuggestion[],
): Promise<SimilarIncidentSuggestion[]> {
  if (history.length === 0) return [];
  const distances = graphDistances(incident, radius);
  const best = causes[0]?.score || 1;
  const probable = causes
    .slice(0, 3)
    .map(c => ({ entityRef: c.entityRef, share: c.score / best }));
  // first pass: titles and descriptions of every past incident, and their place in the graph
  const first = rankSimilar(
    query,
    history.map(i => ({
      incidentId: i.id,
      entityRef: i.entityRef,
      tokens: tokenize(
        `${i.title} ${i.description} ${labelWords(i.labels).join(' ')}`,
      ),
      graphDistance: distances.get(i.entityRef) ?? null,
      causeRefs: past.known(i.id)?.confirmed ?? [],
    })),
    probable,
    { limit: SHORTLIST, minScore: 0 },
  );
  const shortlist = first.map(s => history.find(i => i.id === s.incidentId)!);
  const details = await past.details(shortlist.map(i => i.id));
  // second pass: everything written about the shortlisted ones
  const candidates = shortlist.map(i =>
    fullCandidate(i, details.get(i.id)!, distances),
  );
  return rankSimilar(query, candidates, probable, { limit: MAX_SIMILAR }).map(
    scored => {
      const found = shortlist.find(i => i.id === scored.incidentId)!;
      return {
        id: `similar:${found.id}`,
        incidentId: found.id,
        title: found.title,
        entityRef: found.entityRef,
        severity: found.severity,
        declaredAt: found.declaredAt,
        score: scored.score,
        reasons: scored.reasons,
        ...outcomeOf(details.get(found.id)!),
      };
    },
  );
}

/** How far each entity either walk reached is from the origin, in hops. */
function graphDistances(
  incident: Incident,
  radius: { downstream: BlastRadius; upstream: BlastRadius },
): Map<string, number> {
  const distances = new Map<string, number>([[incident.entityRef, 0]]);
  for (const e of [
    ...radius.downstream.impacted,
    ...radius.upstream.impacted,
  ]) {
    const seen = distances.get(e.entityRef);
    if (seen === undefined || e.distance < seen)
      distances.set(e.entityRef, e.distance);
  }
  return distances;
}

/** A shortlisted past incident with everything written about it. */
function fullCandidate(
  incident: Incident,
  details: PastDetails,
  distances: Map<string, number>,
): SimilarCandidate {
  return {
    incidentId: incident.id,
    entityRef: incident.entityRef,
    tokens: tokenize(
      [
        incident.title,
        incident.description,
        ...labelWords(incident.labels),
        ...details.alerts.flatMap(a => [a.summary, ...labelWords(a.labels)]),
        ...notesOf(details.timeline),
        details.postmortem?.text ?? '',
      ].join(' '),
    ),
    graphDistance: distances.get(incident.entityRef) ?? null,
    causeRefs: [
      ...details.confirmed,
      ...(details.postmortem?.postmortem.rootCauseEntityRef
        ? [details.postmortem.postmortem.rootCauseEntityRef]
        : []),
    ],
  };
}

/** How a similar past incident ended, and its postmortem. */
function outcomeOf(
  details: PastDetails,
): Pick<SimilarIncidentSuggestion, 'resolution' | 'postmortem'> {
  const { postmortem } = details;
  return {
    resolution: resolutionOf(details.timeline),
    postmortem: postmortem
      ? {
          id: postmortem.postmortem.id,
          title: postmortem.postmortem.title,
          rootCauseEntityRef: postmortem.postmortem.rootCauseEntityRef,
          excerpt: excerpt(postmortem.text),
        }
      : null,
  };
}

/**
 * What was seen at a probable cause (its alerts, its changes and its name): words that say how
 * this incident happened, for finding past incidents that happened the same way.
 */
function evidenceOf(
  cause: CauseSuggestion | undefined,
  evidence: CauseEvidence,
): string[] {
  if (!cause) return [];
  const at = (ref: string) => ref === cause.entityRef;
  return [
    nameOf(cause.entityRef),
    ...evidence.alerts.filter(a => at(a.entityRef)).map(a => a.summary),
    ...evidence.changes.filter(c => at(c.entityRef)).map(c => c.summary),
  ];
}
