import { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import {
  IncidentTriage,
  TriageFeedbackRequest,
  TriageFeedbackSummary,
} from '@lookout/plugin-incidents-common';
import { BackendClient } from '../BackendClient';
import { TriageApi } from './TriageApi';

const path = (id: string) => `/incidents/${encodeURIComponent(id)}/triage`;

/** Talks to the triage routes of `/api/incidents`; tokens come from the fetch API. */
export class TriageClient implements TriageApi {
  private readonly backend: BackendClient;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.backend = new BackendClient(options);
  }

  getTriage(incidentId: string): Promise<IncidentTriage> {
    return this.backend.request(path(incidentId));
  }

  refreshTriage(incidentId: string): Promise<IncidentTriage> {
    return this.backend.request(`${path(incidentId)}/refresh`, {
      method: 'POST',
    });
  }

  judgeSuggestion(
    incidentId: string,
    request: TriageFeedbackRequest,
  ): Promise<TriageFeedbackRequest> {
    return this.backend.send('POST', `${path(incidentId)}/feedback`, request);
  }

  getFeedbackSummary(): Promise<TriageFeedbackSummary> {
    return this.backend.request('/triage/feedback');
  }
}
