import { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { IncidentInsights } from '@lookout/plugin-incidents-common';
import { BackendClient, toSearch } from '../BackendClient';
import { InsightsApi, InsightsRequest } from './InsightsApi';

/** Talks to the insights route of `/api/incidents`; tokens come from the fetch API. */
export class InsightsClient implements InsightsApi {
  private readonly backend: BackendClient;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.backend = new BackendClient(options);
  }

  getInsights(request: InsightsRequest): Promise<IncidentInsights> {
    return this.backend.request(`/insights${toSearch(request)}`);
  }
}
