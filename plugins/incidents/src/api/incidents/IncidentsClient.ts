import { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import {
  BlastRadius,
  DeclareIncidentRequest,
  EntityStatus,
  EntityStatusResponse,
  Incident,
  IncidentMetrics,
  IncidentRole,
  ListIncidentsQuery,
  Page,
  TimelineEvent,
  TransitionIncidentRequest,
  UpdateIncidentRequest,
  BlastRadiusQuery,
  MAX_STATUS_REFS,
} from '@lookout/plugin-incidents-common';
import { BackendClient, toSearch } from '../BackendClient';
import { IncidentsApi } from './IncidentsApi';
import {
  Alert,
  CreateIntegrationRequest,
  CreateMaintenanceWindowRequest,
  CreatedIntegration,
  IncidentChangeEvents,
  Integration,
  ListAlertsQuery,
  MaintenanceWindow,
} from '@lookout/plugin-incidents-common';

/** Talks to `/api/incidents`; tokens are added by the fetch API, never here. */
export class IncidentsClient implements IncidentsApi {
  private readonly backend: BackendClient;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.backend = new BackendClient(options);
  }

  async listIncidents(query: ListIncidentsQuery = {}): Promise<Page<Incident>> {
    return this.backend.request(`/incidents${toSearch(query)}`);
  }

  async getIncident(id: string): Promise<Incident> {
    return this.backend.request(`/incidents/${encodeURIComponent(id)}`);
  }

  async declareIncident(request: DeclareIncidentRequest): Promise<Incident> {
    return this.backend.send('POST', '/incidents', request);
  }

  async updateIncident(
    id: string,
    request: UpdateIncidentRequest,
  ): Promise<Incident> {
    return this.backend.send(
      'PATCH',
      `/incidents/${encodeURIComponent(id)}`,
      request,
    );
  }

  async transitionIncident(
    id: string,
    request: TransitionIncidentRequest,
  ): Promise<Incident> {
    return this.backend.send(
      'POST',
      `/incidents/${encodeURIComponent(id)}/transition`,
      request,
    );
  }

  async acknowledgeIncident(id: string): Promise<Incident> {
    return this.backend.send(
      'POST',
      `/incidents/${encodeURIComponent(id)}/acknowledge`,
      {},
    );
  }

  async assignRole(
    id: string,
    request: { role: IncidentRole; userRef: string | null },
  ): Promise<Incident> {
    return this.backend.send(
      'POST',
      `/incidents/${encodeURIComponent(id)}/roles`,
      request,
    );
  }

  async addNote(id: string, markdown: string): Promise<TimelineEvent> {
    return this.backend.send(
      'POST',
      `/incidents/${encodeURIComponent(id)}/notes`,
      {
        markdown,
      },
    );
  }

  async mergeIncident(id: string, into: string): Promise<Incident> {
    return this.backend.send(
      'POST',
      `/incidents/${encodeURIComponent(id)}/merge`,
      {
        into,
      },
    );
  }

  async getTimeline(id: string): Promise<TimelineEvent[]> {
    const { items } = await this.backend.request<{ items: TimelineEvent[] }>(
      `/incidents/${encodeURIComponent(id)}/timeline`,
    );
    return items;
  }

  async getMetrics(query: {
    entityRef?: string;
    ownerRef?: string;
    from?: string;
    to?: string;
  }): Promise<IncidentMetrics> {
    return this.backend.request(`/metrics${toSearch(query)}`);
  }

  async getBlastRadius(query: BlastRadiusQuery): Promise<BlastRadius> {
    return this.backend.request(`/blast-radius${toSearch(query)}`);
  }

  async getEntityStatus(entityRefs: string[]): Promise<EntityStatus[]> {
    const chunks: string[][] = [];
    for (let i = 0; i < entityRefs.length; i += MAX_STATUS_REFS) {
      chunks.push(entityRefs.slice(i, i + MAX_STATUS_REFS));
    }
    const pages = await Promise.all(
      chunks.map(refs => {
        // Repeated, not comma-joined: the backend accepts both, and this survives any ref.
        const params = new URLSearchParams();
        refs.forEach(ref => params.append('entityRef', ref));
        return this.backend.request<EntityStatusResponse>(
          `/entity-status?${params}`,
        );
      }),
    );
    return pages.flatMap(page => page.items);
  }

  // Alerts, integrations, changes, maintenance

  async listEntityAlerts(
    entityRef: string,
    query: ListAlertsQuery = {},
  ): Promise<Page<Alert>> {
    return this.backend.request(
      `/alert-list${toSearch({ entityRef, ...query })}`,
    );
  }

  async listIncidentAlerts(
    id: string,
    query: ListAlertsQuery = {},
  ): Promise<Page<Alert>> {
    return this.backend.request(
      `/incidents/${encodeURIComponent(id)}/alerts${toSearch(query)}`,
    );
  }

  async listUnroutedAlerts(query: ListAlertsQuery = {}): Promise<Page<Alert>> {
    return this.backend.request(`/alert-inbox${toSearch(query)}`);
  }

  async routeAlert(id: string, entityRef: string): Promise<Alert> {
    return this.backend.send(
      'POST',
      `/alert-inbox/${encodeURIComponent(id)}/route`,
      {
        entityRef,
      },
    );
  }

  async listIntegrations(): Promise<Integration[]> {
    const { items } = await this.backend.request<{ items: Integration[] }>(
      '/integrations',
    );
    return items;
  }

  async createIntegration(
    request: CreateIntegrationRequest,
  ): Promise<CreatedIntegration> {
    return this.backend.send('POST', '/integrations', request);
  }

  async revokeIntegration(id: string): Promise<void> {
    await this.backend.request(`/integrations/${encodeURIComponent(id)}`, {
      method: 'DELETE',
    });
  }

  async getIncidentChanges(id: string): Promise<IncidentChangeEvents> {
    return this.backend.request(`/incidents/${encodeURIComponent(id)}/changes`);
  }

  async listMaintenanceWindows(query: {
    entityRef?: string;
  }): Promise<MaintenanceWindow[]> {
    const { items } = await this.backend.request<{
      items: MaintenanceWindow[];
    }>(`/maintenance-windows${toSearch(query)}`);
    return items;
  }

  async createMaintenanceWindow(
    request: CreateMaintenanceWindowRequest,
  ): Promise<MaintenanceWindow> {
    return this.backend.send('POST', '/maintenance-windows', request);
  }

  async deleteMaintenanceWindow(id: string): Promise<void> {
    await this.backend.request(
      `/maintenance-windows/${encodeURIComponent(id)}`,
      {
        method: 'DELETE',
      },
    );
  }
}
