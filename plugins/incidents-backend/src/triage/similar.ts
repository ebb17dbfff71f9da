import { TriageReason } from '@lookout/plugin-incidents-common';
import { nameOf } from './severity';
import { Bm25Index } from './text';

export interface SimilarCandidate {
  incidentId: string;
  entityRef: string;
  /** The words of its title, description, alert labels and postmortem. */
  tokens: string[];
  /** Hops between its origin and this incident's, either direction; null when unrelated. */
  graphDistance: number | null;
  /** The entities its cause was found in. */
  causeRefs: string[];
}

/** What this incident is, in words: how it shows, and how it seems to have happened. */
export interface SimilarQuery {
  /** The incident's title, description and alerts. */
  symptoms: string[];
  /** What was seen at its first probable cause: the cause's name, alerts and changes. */
  mechanism: string[];
}

export interface ScoredSimilar {
  incidentId: string;
  score: number;
  reasons: TriageReason[];
}

/** Below this, a past incident is not shown as similar. */
const MIN_SCORE = 0.2;
const round = (n: number) => Math.round(n * 100) / 100;

/**
 * Ranks past incidents by BM25 over their words, matched against how this incident seems to have
 * happened (weight 0.4) and against its symptoms (0.2), each scaled to the best match: the
 * same failure in the same place matters more than the same symptom; then their closeness
 * in the graph (0.25 on the same origin, 0.25 / (1 + hops) nearby) and whether their
 * cause is one of this incident's probable causes (0.3 times that cause's score over the best).
 */
export function rankSimilar(
  query: SimilarQuery,
  candidates: SimilarCandidate[],
  /** This incident's probable causes, best first, each with its score over the best one's. */
  probableCauses: Array<{ entityRef: string; share: number }>,
  options: { limit: number; minScore?: number },
): ScoredSimilar[] {
  const minScore = options.minScore ?? MIN_SCORE;
  if (candidates.length === 0) return [];
  const index = new Bm25Index(candidates.map(c => c.tokens));
  const fields = [
    { tokens: query.mechanism, weight: 0.4, what: 'how it happened' },
    { tokens: query.symptoms, weight: 0.2, what: 'the symptoms' },
  ].map(field => {
    const scores = index.score(field.tokens);
    return { ...field, scores, best: Math.max(...scores.map(t => t.score), 0) };
  });
  const scored = candidates.map((candidate, i) => {
    const reasons: TriageReason[] = [];
    for (const field of fields) {
      const { score, matched } = field.scores[i];
      if (field.best <= 0 || score <= 0) continue;
      const words = [...matched]
        .sort((a, b) => index.idf(b) - index.idf(a))
        .slice(0, 6);
      reasons.push({
        text: `${field.what} in the same words: ${words
          .map(w => `"${w}"`)
          .join(', ')}`,
        weight: round(field.weight * (score / field.best)),
      });
    }
    if (candidate.graphDistance === 0) {
      reasons.push({ text: 'started on the same entity', weight: 0.25 });
    } else if (candidate.graphDistance !== null) {
      reasons.push({
        text: `started on ${nameOf(candidate.entityRef)}, ${
          candidate.graphDistance
        } hop${candidate.graphDistance === 1 ? '' : 's'} away in the graph`,
        weight: round(0.25 / (1 + candidate.graphDistance)),
      });
    }
    const shared = probableCauses
      .map((cause, rank) => ({ ...cause, rank }))
      .filter(cause => candidate.causeRefs.includes(cause.entityRef))
      .sort((a, b) => b.share - a.share)[0];
    if (shared) {
      reasons.push({
        text: `its cause, ${nameOf(shared.entityRef)}, is probable cause #${
          shared.rank + 1
        } here`,
        weight: round(0.3 * shared.share),
      });
    }
    return {
      incidentId: candidate.incidentId,
      score: round(reasons.reduce((sum, r) => sum + r.weight, 0)),
      reasons,
    };
  });
  return scored
    .filter(s => s.score > 0 && s.score >= minScore)
    .sort(
      (a, b) => b.score - a.score || a.incidentId.localeCompare(b.incidentId),
    )
    .slice(0, options.limit);
}
