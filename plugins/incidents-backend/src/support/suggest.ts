import { Incident } from '@lookout/plugin-incidents-common';
import { SupportSuggestion } from './types';

/** What an open incident's origin hurts, as the graph's blast radius answers it. */
export interface Downstream {
  /** ref → distance from the origin and the shortest path's refs */
  get(ref: string): { distance: number; path: string[] } | undefined;
}

const STOP = new Set(
  'the and for with not are was but you our your this that from have has cannot can any all when what into been they them their there will just than then also very its out'.split(
    ' ',
  ),
);

export function words(textValue: string): Set<string> {
  return new Set(
    textValue
      .toLocaleLowerCase('en-US')
      .split(/[^\p{L}\p{N}]+/u)
      .filter(w => w.length >= 3 && !STOP.has(w)),
  );
}

const HOUR_MS = 3_600_000;

/**
 * How likely a report belongs to an open incident, from three kinds of evidence, each with a
 * sentence saying so: the entity (the incident's own entities, or downstream of its origin),
 * words in common with its title and description, and how recently it was declared. The
 * weights add up to 1 for a report on the incident's own entity, with the same words, filed
 * right after it opened.
 */
export function scoreIncident(options: {
  report: { entityRefs: string[]; text: Set<string>; at: number };
  incident: Incident;
  downstream?: Downstream;
  /** Incidents declared longer than this before the report earn no time evidence. */
  windowMs: number;
}): SupportSuggestion | undefined {
  const { report, incident, downstream } = options;
  const reasons: string[] = [];
  let entity = 0;
  const own = new Set([incident.entityRef, ...incident.impactedEntityRefs]);
  for (const ref of report.entityRefs) {
    if (own.has(ref)) {
      entity = 0.5;
      reasons.push(
        ref === incident.entityRef
          ? `names ${ref}, where the incident started`
          : `names ${ref}, listed as impacted`,
      );
      break;
    }
    const hit = downstream?.get(ref);
    if (hit) {
      const score = 0.4 / hit.distance;
      if (score > entity) {
        entity = score;
        reasons.splice(
          0,
          reasons.length,
          `names ${ref}, downstream of ${incident.entityRef} (${hit.path.join(
            ' → ',
          )})`,
        );
      }
    }
  }

  const incidentWords = words(`${incident.title} ${incident.description}`);
  const common = [...report.text].filter(w => incidentWords.has(w));
  let similarity = 0;
  if (common.length > 0 && incidentWords.size > 0) {
    // overlap measured against the incident's words: a long ticket is not penalised
    similarity =
      0.3 * Math.min(1, common.length / Math.min(incidentWords.size, 6));
    reasons.push(`words in common: ${common.slice(0, 5).join(', ')}`);
  }

  const declared = Date.parse(incident.declaredAt);
  const ageMs = report.at - declared;
  let time = 0;
  if (ageMs >= -10 * 60_000 && ageMs <= options.windowMs) {
    time = 0.2 * (1 - Math.max(0, ageMs) / options.windowMs);
    const minutes = Math.round(Math.abs(ageMs) / 60_000);
    reasons.push(
      ageMs >= 0
        ? `declared ${
            minutes < 120
              ? `${minutes} min`
              : `${Math.round(ageMs / HOUR_MS)} h`
          } before the report`
        : `declared ${minutes} min after the report`,
    );
  }

  // time alone says nothing: every report is recent to some incident
  if (entity === 0 && similarity === 0) return undefined;
  const confidence =
    Math.round(Math.min(1, entity + similarity + time) * 100) / 100;
  return {
    incidentId: incident.id,
    title: incident.title,
    confidence,
    reasons,
  };
}
