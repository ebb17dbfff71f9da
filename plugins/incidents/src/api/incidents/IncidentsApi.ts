import { createApiRef } from '@backstage/core-plugin-api';
import {
  BlastRadius,
  DeclareIncidentRequest,
  EntityStatus,
  Incident,
  IncidentMetrics,
  IncidentRole,
  ListIncidentsQuery,
  Page,
  TimelineEvent,
  TransitionIncidentRequest,
  UpdateIncidentRequest,
  BlastRadiusQuery,
} from '@lookout/plugin-incidents-common';
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

/** The frontend's view of the incidents backend. */
export interface IncidentsApi {
  listIncidents(query?: ListIncidentsQuery): Promise<Page<Incident>>;
  getIncident(id: string): Promise<Incident>;
  declareIncident(request: DeclareIncidentRequest): Promise<Incident>;
  updateIncident(id: string, request: UpdateIncidentRequest): Promise<Incident>;
  transitionIncident(
    id: string,
    request: TransitionIncidentRequest,
  ): Promise<Incident>;
  acknowledgeIncident(id: string): Promise<Incident>;
  assignRole(
    id: string,
    request: { role: IncidentRole; userRef: string | null },
  ): Promise<Incident>;
  addNote(id: string, markdown: string): Promise<TimelineEvent>;
  mergeIncident(id: string, into: string): Promise<Incident>;
  getTimeline(id: string): Promise<TimelineEvent[]>;
  getMetrics(query: {
    entityRef?: string;
    ownerRef?: string;
    from?: string;
    to?: string;
  }): Promise<IncidentMetrics>;
  /** What an incident on an entity hurts (downstream), or where a problem on it may come from. */
  getBlastRadius(query: BlastRadiusQuery): Promise<BlastRadius>;
  /** The live status of each entity with its reasons; refs come back lowercased. */
  getEntityStatus(entityRefs: string[]): Promise<EntityStatus[]>;

  // Alerts, integrations, changes, maintenance
  /** Alerts routed to an entity, firing and recent, newest first. */
  listEntityAlerts(
    entityRef: string,
    query?: ListAlertsQuery,
  ): Promise<Page<Alert>>;
  listIncidentAlerts(id: string, query?: ListAlertsQuery): Promise<Page<Alert>>;
  /** Alerts no routing rule could place, waiting for someone to route them. */
  listUnroutedAlerts(query?: ListAlertsQuery): Promise<Page<Alert>>;
  routeAlert(id: string, entityRef: string): Promise<Alert>;
  listIntegrations(): Promise<Integration[]>;
  /** The answer is the only time the key is shown. */
  createIntegration(
    request: CreateIntegrationRequest,
  ): Promise<CreatedIntegration>;
  revokeIntegration(id: string): Promise<void>;
  /** Changes on an incident's origin and upstream of it, from a lookback before it began. */
  getIncidentChanges(id: string): Promise<IncidentChangeEvents>;
  /** Current and coming windows, soonest first. */
  listMaintenanceWindows(query: {
    entityRef?: string;
  }): Promise<MaintenanceWindow[]>;
  createMaintenanceWindow(
    request: CreateMaintenanceWindowRequest,
  ): Promise<MaintenanceWindow>;
  deleteMaintenanceWindow(id: string): Promise<void>;
}

export const incidentsApiRef = createApiRef<IncidentsApi>({
  id: 'plugin.incidents.api',
});
