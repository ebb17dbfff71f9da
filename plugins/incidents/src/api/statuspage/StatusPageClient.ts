import { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import {
  PublicIncident,
  PublicIncidentStatus,
  StatusComponent,
  StatusUpdateDraft,
  StatusUpdateTemplate,
  SubscriberCounts,
  UpdateCoverage,
} from '@lookout/plugin-incidents-common';
import { BackendClient, toSearch } from '../BackendClient';
import {
  PublishStatusIncidentRequest,
  ScheduleMaintenanceRequest,
  StatusComponentRequest,
  StatusPageApi,
  StatusUpdateRequest,
} from './StatusPageApi';

const component = (id: string) =>
  `/communications/components/${encodeURIComponent(id)}`;
const incident = (id: string) =>
  `/communications/incidents/${encodeURIComponent(id)}`;

/** Talks to the status page administration of `/api/incidents`; tokens come from the fetch API. */
export class StatusPageClient implements StatusPageApi {
  private readonly backend: BackendClient;
  private readonly discoveryApi: DiscoveryApi;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.backend = new BackendClient(options);
    this.discoveryApi = options.discoveryApi;
  }

  async listComponents(): Promise<StatusComponent[]> {
    const { items } = await this.backend.request<{ items: StatusComponent[] }>(
      '/communications/components',
    );
    return items;
  }

  createComponent(request: StatusComponentRequest): Promise<StatusComponent> {
    return this.backend.send('POST', '/communications/components', request);
  }

  updateComponent(
    id: string,
    request: Partial<StatusComponentRequest>,
  ): Promise<StatusComponent> {
    return this.backend.send('PATCH', component(id), request);
  }

  async deleteComponent(id: string): Promise<void> {
    await this.backend.request(component(id), { method: 'DELETE' });
  }

  async listIncidents(
    query: { incidentId?: string } = {},
  ): Promise<PublicIncident[]> {
    const { items } = await this.backend.request<{ items: PublicIncident[] }>(
      `/communications/incidents${toSearch(query)}`,
    );
    return items;
  }

  publish(request: PublishStatusIncidentRequest): Promise<PublicIncident> {
    return this.backend.send('POST', '/communications/incidents', request);
  }

  postUpdate(
    id: string,
    request: StatusUpdateRequest,
  ): Promise<PublicIncident> {
    return this.backend.send('POST', `${incident(id)}/updates`, request);
  }

  scheduleMaintenance(
    request: ScheduleMaintenanceRequest,
  ): Promise<PublicIncident> {
    return this.backend.send('POST', '/communications/maintenances', request);
  }

  async deleteIncident(id: string): Promise<void> {
    await this.backend.request(incident(id), { method: 'DELETE' });
  }

  async getCoverage(id: string): Promise<UpdateCoverage[]> {
    const { items } = await this.backend.request<{ items: UpdateCoverage[] }>(
      `${incident(id)}/coverage`,
    );
    return items;
  }

  getDraft(
    incidentId: string,
    status?: PublicIncidentStatus,
  ): Promise<StatusUpdateDraft> {
    return this.backend.request(
      `/communications/draft${toSearch({ incidentId, status })}`,
    );
  }

  async listTemplates(): Promise<StatusUpdateTemplate[]> {
    const { items } = await this.backend.request<{
      items: StatusUpdateTemplate[];
    }>('/communications/templates');
    return items;
  }

  async preview(
    request: StatusUpdateRequest & { name: string },
  ): Promise<string> {
    const { html } = await this.backend.send<{ html: string }>(
      'POST',
      '/communications/preview',
      request,
    );
    return html;
  }

  getSubscriberCounts(): Promise<SubscriberCounts> {
    return this.backend.request('/communications/subscribers');
  }

  async publicPageUrl(): Promise<string> {
    return `${await this.discoveryApi.getBaseUrl('incidents')}/status`;
  }
}
