import { createApiRef } from '@backstage/core-plugin-api';
import {
  IncidentTriage,
  TriageFeedbackRequest,
  TriageFeedbackSummary,
} from '@lookout/plugin-incidents-common';

/** The frontend's view of the triage assistant's routes. */
export interface TriageApi {
  /** The incident's triage; the backend computes it if it never did. */
  getTriage(incidentId: string): Promise<IncidentTriage>;
  /** Computes it again from the latest alerts, changes and history. */
  refreshTriage(incidentId: string): Promise<IncidentTriage>;
  /** Marks one suggestion right or wrong, as the signed-in responder. */
  judgeSuggestion(
    incidentId: string,
    request: TriageFeedbackRequest,
  ): Promise<TriageFeedbackRequest>;
  getFeedbackSummary(): Promise<TriageFeedbackSummary>;
}

export const triageApiRef = createApiRef<TriageApi>({
  id: 'plugin.incidents.triage',
});
