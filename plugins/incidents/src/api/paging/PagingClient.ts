import { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import {
  CreatedPagingWebhook,
  EscalationEngineStatus,
  IncidentPagesResponse,
  MyPage,
  OnCallPage,
  PageStatus,
  PagingWebhook,
} from '@lookout/plugin-incidents-common';
import { BackendClient, toSearch } from '../BackendClient';
import { PagingApi } from './PagingApi';

const incidentPath = (id: string) => `/incidents/${encodeURIComponent(id)}`;

/** Talks to the paging routes of `/api/incidents` (pages, escalating by hand, paging webhooks); tokens come from the fetch API. */
export class PagingClient implements PagingApi {
  private readonly backend: BackendClient;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.backend = new BackendClient(options);
  }

  getIncidentPages(incidentId: string): Promise<IncidentPagesResponse> {
    return this.backend.request(`${incidentPath(incidentId)}/pages`);
  }

  escalateNow(incidentId: string): Promise<IncidentPagesResponse> {
    return this.backend.send(
      'POST',
      `${incidentPath(incidentId)}/escalate`,
      {},
    );
  }

  reassign(incidentId: string, userRef: string): Promise<OnCallPage> {
    return this.backend.send('POST', `${incidentPath(incidentId)}/reassign`, {
      userRef,
    });
  }

  async listMyPages(
    query: { status?: PageStatus[]; limit?: number } = {},
  ): Promise<MyPage[]> {
    const { items } = await this.backend.request<{ items: MyPage[] }>(
      `/pages${toSearch(query)}`,
    );
    return items;
  }

  acknowledgePage(pageId: string): Promise<OnCallPage> {
    return this.backend.send(
      'POST',
      `/pages/${encodeURIComponent(pageId)}/acknowledge`,
      {},
    );
  }

  async listWebhooks(): Promise<PagingWebhook[]> {
    const { items } = await this.backend.request<{ items: PagingWebhook[] }>(
      '/paging-webhooks',
    );
    return items;
  }

  createWebhook(input: {
    name: string;
    url: string;
    groupRef?: string;
  }): Promise<CreatedPagingWebhook> {
    return this.backend.send('POST', '/paging-webhooks', input);
  }

  deleteWebhook(id: string): Promise<void> {
    return this.backend.request(`/paging-webhooks/${encodeURIComponent(id)}`, {
      method: 'DELETE',
    });
  }

  getEngineStatus(): Promise<EscalationEngineStatus> {
    return this.backend.request('/escalation/engine');
  }
}
