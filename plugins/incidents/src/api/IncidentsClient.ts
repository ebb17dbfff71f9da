import { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import {
  DeclareIncidentRequest,
  Incident,
  ListIncidentsQuery,
  Page,
} from '@lookout/plugin-incidents-common';
import { IncidentsApi } from './IncidentsApi';

/** Talks to `/api/incidents`; tokens are added by the fetch API, never here. */
export class IncidentsClient implements IncidentsApi {
  private readonly discoveryApi: DiscoveryApi;
  private readonly fetchApi: FetchApi;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi;
  }

  async listIncidents(query: ListIncidentsQuery = {}): Promise<Page<Incident>> {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) {
      if (value === undefined) continue;
      params.set(key, Array.isArray(value) ? value.join(',') : String(value));
    }
    const search = params.toString();
    return this.request(`/incidents${search ? `?${search}` : ''}`);
  }

  async getIncident(id: string): Promise<Incident> {
    return this.request(`/incidents/${encodeURIComponent(id)}`);
  }

  async declareIncident(request: DeclareIncidentRequest): Promise<Incident> {
    return this.request('/incidents', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(request),
    });
  }

  private async request<T>(path: string, init?: RequestInit): Promise<T> {
    const baseUrl = await this.discoveryApi.getBaseUrl('incidents');
    const response = await this.fetchApi.fetch(`${baseUrl}${path}`, init);
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return (await response.json()) as T;
  }
}
