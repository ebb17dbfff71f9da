import { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import {
  CreateRunbookRequest,
  IncidentRunbook,
  Runbook,
  TickRunbookStepRequest,
  TimelineEvent,
  UpdateRunbookRequest,
} from '@lookout/plugin-incidents-common';
import { BackendClient, toSearch } from '../BackendClient';
import { RunbooksApi } from './RunbooksApi';

const path = (id: string) => `/runbooks/${encodeURIComponent(id)}`;

/** Talks to the runbook routes of `/api/incidents`; tokens come from the fetch API. */
export class RunbooksClient implements RunbooksApi {
  private readonly backend: BackendClient;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.backend = new BackendClient(options);
  }

  async listRunbooks(query: {
    entityRef?: string;
    q?: string;
  }): Promise<Runbook[]> {
    const { items } = await this.backend.request<{ items: Runbook[] }>(
      `/runbooks${toSearch(query)}`,
    );
    return items;
  }

  getRunbook(id: string): Promise<Runbook> {
    return this.backend.request(path(id));
  }

  createRunbook(request: CreateRunbookRequest): Promise<Runbook> {
    return this.backend.send('POST', '/runbooks', request);
  }

  updateRunbook(id: string, request: UpdateRunbookRequest): Promise<Runbook> {
    return this.backend.send('PUT', path(id), request);
  }

  async deleteRunbook(id: string): Promise<void> {
    await this.backend.request(path(id), { method: 'DELETE' });
  }

  async getIncidentRunbooks(incidentId: string): Promise<IncidentRunbook[]> {
    const { items } = await this.backend.request<{ items: IncidentRunbook[] }>(
      `/incidents/${encodeURIComponent(incidentId)}/runbooks`,
    );
    return items;
  }

  tickStep(
    incidentId: string,
    request: TickRunbookStepRequest,
  ): Promise<TimelineEvent> {
    return this.backend.send(
      'POST',
      `/incidents/${encodeURIComponent(incidentId)}/runbook-steps`,
      request,
    );
  }
}
