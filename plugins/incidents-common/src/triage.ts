import { Severity } from './types';

// The wire shapes of the triage assistant: what it suggests when an incident opens, and what
// responders say about each suggestion. Every score comes with its reason in words.

/** The kinds of suggestion a responder can mark right or wrong. */
export const TRIAGE_SUGGESTION_KINDS = [
  'severity',
  'cause',
  'similar',
  'runbook',
  'responder',
] as const;
export type TriageSuggestionKind = (typeof TRIAGE_SUGGESTION_KINDS)[number];

export const TRIAGE_VERDICTS = ['right', 'wrong'] as const;
export type TriageVerdict = (typeof TRIAGE_VERDICTS)[number];

/** One piece of evidence behind a score, with its share of the score. */
export interface TriageReason {
  /** What was seen, in words: "deploy 'v2.3.1' 6 minutes before the incident opened". */
  text: string;
  /** What this evidence added to the score. */
  weight: number;
}

/** The severity the assistant suggests, from the blast radius and the alerts. */
export interface SeveritySuggestion {
  id: string;
  severity: Severity;
  /** The incident's severity when triage ran, for comparison. */
  current: Severity;
  /** 0..1: how clearly the evidence points at this level. */
  score: number;
  reasons: TriageReason[];
  /** The facts the decision was made on. */
  facts: {
    impactedCount: number;
    customerFacing: string[];
    /** The most critical tier reached (1 is the most critical); null when none is annotated. */
    bestTier: number | null;
    /** The worst alert severity as senders named it, normalized: critical, warning or info. */
    alertLevel: 'critical' | 'warning' | 'info' | null;
  };
}

/** A probable cause: an entity (the origin itself or one upstream of it) and why. */
export interface CauseSuggestion {
  id: string;
  entityRef: string;
  /** Hops upstream of the origin; 0 for the origin itself. */
  distance: number;
  /** One shortest path from the origin up to the entity, as refs. */
  path: string[];
  score: number;
  reasons: TriageReason[];
  ownerRef: string | null;
  /** The entity's metrics around the onset, from Prometheus, when it has any. */
  telemetry?: TelemetrySeries[];
  /** A deploy among the reasons: what to roll back. */
  change?: { summary: string; at: string };
}

/** What a series of an entity measures. */
export type TelemetryMetric = 'error_ratio' | 'latency';

/** One metric of an entity around an incident's onset, small enough for a sparkline. */
export interface TelemetrySeries {
  metric: TelemetryMetric;
  /** The PromQL it came from. */
  query: string;
  /** `[unix seconds, value]`, oldest first. */
  points: Array<[number, number]>;
  /** Its normal range before the incident: the upper bound it left. */
  normalMax: number;
  /** When it left its normal range and stayed out, if it did. */
  departedAt: string | null;
}

/** A past incident that looks like this one. */
export interface SimilarIncidentSuggestion {
  id: string;
  incidentId: string;
  title: string;
  entityRef: string;
  severity: Severity;
  declaredAt: string;
  score: number;
  reasons: TriageReason[];
  /** How it ended: the note given when it was resolved, or the last notes before. */
  resolution: string | null;
  /** Its postmortem, when it has one. */
  postmortem: {
    id?: string;
    title?: string;
    rootCauseEntityRef: string | null;
    excerpt: string;
  } | null;
}

export interface RunbookSuggestion {
  id: string;
  title: string;
  /** A URL, or a location relative to the entity's source. */
  url: string;
  entityRef: string;
  score: number;
  reasons: TriageReason[];
}

export interface ResponderSuggestion {
  id: string;
  userRef: string;
  /** The team they answer for. */
  groupRef: string;
  score: number;
  reasons: TriageReason[];
}

/** What a language model provider added, kept apart from the built-in suggestions. */
export interface TriageAssistantNote {
  provider: string;
  text: string;
  at: string;
}

/** `GET /incidents/:id/triage`. */
export interface IncidentTriage {
  incidentId: string;
  computedAt: string;
  /**
   * Why it was computed: the incident opened, it changed (an alert attached, a new origin),
   * a responder asked, or it was read before any computation had finished.
   */
  trigger: 'declared' | 'change' | 'refresh' | 'on_read';
  /** How long computing took, in milliseconds. */
  tookMs: number;
  severity: SeveritySuggestion;
  causes: CauseSuggestion[];
  similar: SimilarIncidentSuggestion[];
  runbooks: RunbookSuggestion[];
  responders: ResponderSuggestion[];
  /** A status update a communications lead can publish as it is or edit. Markdown. */
  statusDraft: string;
  /** The timeline so far, in a few lines. Markdown. */
  timelineSummary: string;
  /** Inputs that could not be read; the rest of the triage stands without them. */
  gaps: string[];
  assistant: TriageAssistantNote[];
  /** The caller's verdict on each suggestion they judged, by suggestion id. */
  verdicts: Record<string, TriageVerdict>;
}

/** The body of `POST /incidents/:id/triage/feedback`. */
export interface TriageFeedbackRequest {
  suggestionId: string;
  verdict: TriageVerdict;
}

/** `GET /triage/feedback`: how often each kind of suggestion was judged right. */
export interface TriageFeedbackSummary {
  total: { right: number; wrong: number };
  byKind: Record<TriageSuggestionKind, { right: number; wrong: number }>;
  /** Share judged right among judged, per kind; null when none was judged. */
  precision: Record<TriageSuggestionKind, number | null>;
}

/** PromQL for an entity's error ratio (errors ÷ requests), read by triage around an onset. */
export const ANNOTATION_PROMETHEUS_ERROR_RATIO =
  'lookout.dev/prometheus-error-ratio';
/** PromQL for an entity's latency (seconds), read by triage around an onset. */
export const ANNOTATION_PROMETHEUS_LATENCY = 'lookout.dev/prometheus-latency';
