import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { NotFoundError } from '@backstage/errors';
import {
  CauseSuggestion,
  Incident,
  RunbookSuggestion,
} from '@lookout/plugin-incidents-common';
import { nameOf } from './severity';
import { RunbookLookup } from './sources';

const MAX_RUNBOOKS = 10;

interface Source {
  entityRef: string;
  score: number;
  why: string;
}

/**
 * The runbooks to open: the origin's, and those of the leading probable causes, each runbook
 * once, scored by the best reason to open it.
 */
export async function suggestRunbooks(
  lookup: RunbookLookup,
  incident: Incident,
  causes: CauseSuggestion[],
  credentials: BackstageCredentials,
): Promise<RunbookSuggestion[]> {
  const found = new Map<string, RunbookSuggestion>();
  for (const source of runbookSources(incident, causes)) {
    const runbooks = await lookup
      .forEntity(source.entityRef, credentials)
      .catch(error => (NotFoundError.is(error) ? [] : Promise.reject(error)));
    for (const runbook of runbooks) {
      const url = runbook.url ?? `lookout:${runbook.id}`;
      const known = found.get(url);
      const reason = { text: source.why, weight: source.score };
      if (known) {
        known.reasons.push(reason);
        known.score = Math.max(known.score, source.score);
      } else {
        found.set(url, {
          id: `runbook:${url}`,
          title: runbook.title,
          url,
          entityRef: source.entityRef,
          score: source.score,
          reasons: [reason],
        });
      }
    }
  }
  return [...found.values()]
    .sort((a, b) => b.score - a.score)
    .slice(0, MAX_RUNBOOKS);
}

/** The origin, then each cause elsewhere, scored against the first cause. */
function runbookSources(
  incident: Incident,
  causes: CauseSuggestion[],
): Source[] {
  const top = causes[0]?.score || 1;
  return [
    {
      entityRef: incident.entityRef,
      score: 0.8,
      why: `runbook of the origin, ${nameOf(incident.entityRef)}`,
    },
    ...causes
      .filter(c => c.entityRef !== incident.entityRef)
      .map(c => ({
        entityRef: c.entityRef,
        score: Math.round((c.score / top) * 100) / 100,
        why: `runbook of ${nameOf(c.entityRef)}, probable cause (score ${
          c.score
        })`,
      })),
  ];
}
