import {
  TRIAGE_SUGGESTION_KINDS,
  TriageFeedbackSummary,
  TriageSuggestionKind,
} from '@lookout/plugin-incidents-common';
import { StoredTriage, VerdictCounts } from './TriageStore';

/** The suggestion an id names, with its kind and what it named, for recording a verdict. */
export function findSuggestion(
  triage: StoredTriage,
  id: string,
): { kind: TriageSuggestionKind; target: string } | undefined {
  if (id === triage.severity.id)
    return { kind: 'severity', target: triage.severity.severity };
  const cause = triage.causes.find(c => c.id === id);
  if (cause) return { kind: 'cause', target: cause.entityRef };
  const similar = triage.similar.find(s => s.id === id);
  if (similar) return { kind: 'similar', target: similar.incidentId };
  const runbook = triage.runbooks.find(r => r.id === id);
  if (runbook) return { kind: 'runbook', target: runbook.url };
  const responder = triage.responders.find(r => r.id === id);
  if (responder) return { kind: 'responder', target: responder.userRef };
  return undefined;
}

/** The verdicts counted by kind, and how often each kind was right. */
export function summarizeVerdicts(
  counts: VerdictCounts,
): TriageFeedbackSummary {
  const byKind = Object.fromEntries(
    TRIAGE_SUGGESTION_KINDS.map(kind => [kind, { right: 0, wrong: 0 }]),
  ) as TriageFeedbackSummary['byKind'];
  const total = { right: 0, wrong: 0 };
  for (const { kind, verdict, count } of counts) {
    if (!byKind[kind]) continue;
    byKind[kind][verdict] += count;
    total[verdict] += count;
  }
  const precision = Object.fromEntries(
    TRIAGE_SUGGESTION_KINDS.map(kind => {
      const { right, wrong } = byKind[kind];
      return [
        kind,
        right + wrong
          ? Math.round((right / (right + wrong)) * 1000) / 1000
          : null,
      ];
    }),
  ) as TriageFeedbackSummary['precision'];
  return { total, byKind, precision };
}
