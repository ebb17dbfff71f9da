import {
  IncidentTriage,
  TriageSuggestionKind,
  TriageVerdict,
} from '@lookout/plugin-incidents-common';

/** A triage as stored: everything but the reader's own verdicts. */
export type StoredTriage = Omit<IncidentTriage, 'verdicts'>;

export interface NewVerdict {
  incidentSeq: number;
  suggestionId: string;
  kind: TriageSuggestionKind;
  /** What the suggestion named: an entity ref, an incident id, a user ref, a URL, a severity. */
  target: string;
  verdict: TriageVerdict;
  actor: string;
  at: string;
}

export type VerdictCounts = Array<{
  kind: TriageSuggestionKind;
  verdict: TriageVerdict;
  count: number;
}>;

/** Persistence of triage results and responders' verdicts on them. */
export interface TriageStore {
  /** Replaces the incident's triage. */
  saveTriage(incidentSeq: number, triage: StoredTriage): Promise<void>;
  getTriage(incidentSeq: number): Promise<StoredTriage | undefined>;
  /** One verdict per person and suggestion: judging again replaces the earlier verdict. */
  recordVerdict(verdict: NewVerdict): Promise<void>;
  /** The verdicts one person gave on an incident's suggestions, by suggestion id. */
  verdictsOf(
    incidentSeq: number,
    actor: string,
  ): Promise<Record<string, TriageVerdict>>;
  countVerdicts(): Promise<VerdictCounts>;
  /**
   * The causes responders confirmed on these incidents: the targets of cause suggestions
   * judged right more often than wrong, by incident.
   */
  confirmedCauses(incidentSeqs: number[]): Promise<Map<number, string[]>>;
}
