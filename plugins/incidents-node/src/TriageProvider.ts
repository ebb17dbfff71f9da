import { createExtensionPoint } from '@backstage/backend-plugin-api';
import {
  Incident,
  IncidentTriage,
  TimelineEvent,
} from '@lookout/plugin-incidents-common';

/**
 * What a triage provider is given: the incident, its timeline, and the built-in assistant's
 * triage (scores and reasons included), so a language model can explain rather than guess.
 *
 * @public
 */
export interface TriageProviderInput {
  incident: Incident;
  timeline: TimelineEvent[];
  triage: Omit<IncidentTriage, 'assistant' | 'verdicts'>;
}

/**
 * Adds a note to an incident's triage, for example a language model's reading of it. The
 * built-in assistant needs none; a provider's note is shown beside its suggestions, never
 * instead of them, and a provider that fails or is slow leaves the triage as it is.
 *
 * @public
 */
export interface TriageProvider {
  /** Shown with the note, e.g. `openai-compatible:llama3`. */
  readonly name: string;
  /**
   * Markdown to show with the triage, or undefined for nothing to add. `signal` aborts when
   * the backend stops waiting.
   */
  annotate(
    input: TriageProviderInput,
    options: { signal: AbortSignal },
  ): Promise<string | undefined>;
}

/**
 * Lets backend modules add {@link TriageProvider}s to the incidents backend.
 *
 * @public
 */
export interface IncidentsTriageExtensionPoint {
  addTriageProvider(...providers: TriageProvider[]): void;
}

/** @public */
export const incidentsTriageExtensionPoint =
  createExtensionPoint<IncidentsTriageExtensionPoint>({
    id: 'incidents.triage',
  });
