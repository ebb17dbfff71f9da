import { createApiRef } from '@backstage/core-plugin-api';
import {
  LiveStatus,
  MaintenanceStatus,
  PublicImpact,
  PublicIncident,
  PublicIncidentStatus,
  StatusComponent,
  StatusUpdateDraft,
  StatusUpdateTemplate,
  SubscriberCounts,
  UpdateCoverage,
} from '@lookout/plugin-incidents-common';

export interface StatusComponentRequest {
  name: string;
  description?: string | null;
  group?: string | null;
  position?: number;
  entityRefs?: string[];
  override?: { status: LiveStatus; reason?: string | null } | null;
}

export interface PublishStatusIncidentRequest {
  incidentId?: string;
  name: string;
  status: PublicIncidentStatus;
  impact?: PublicImpact;
  body: string;
  componentIds: string[];
}

export interface StatusUpdateRequest {
  status: PublicIncidentStatus | MaintenanceStatus;
  body: string;
  name?: string;
  impact?: PublicImpact;
  componentIds?: string[];
}

export interface ScheduleMaintenanceRequest {
  name: string;
  body: string;
  scheduledFor: string;
  scheduledUntil: string;
  componentIds: string[];
}

/** The frontend's view of the status page administration (`/communications/...`). */
export interface StatusPageApi {
  listComponents(): Promise<StatusComponent[]>;
  createComponent(request: StatusComponentRequest): Promise<StatusComponent>;
  updateComponent(
    id: string,
    request: Partial<StatusComponentRequest>,
  ): Promise<StatusComponent>;
  deleteComponent(id: string): Promise<void>;
  /** Public incidents and maintenances; with `incidentId`, those published from it. */
  listIncidents(query?: { incidentId?: string }): Promise<PublicIncident[]>;
  publish(request: PublishStatusIncidentRequest): Promise<PublicIncident>;
  postUpdate(id: string, request: StatusUpdateRequest): Promise<PublicIncident>;
  scheduleMaintenance(
    request: ScheduleMaintenanceRequest,
  ): Promise<PublicIncident>;
  deleteIncident(id: string): Promise<void>;
  /** Per update, newest first: the share of its subscribers it reached. */
  getCoverage(id: string): Promise<UpdateCoverage[]>;
  /** A draft from the incident; with `status`, that status's template filled for it. */
  getDraft(
    incidentId: string,
    status?: PublicIncidentStatus,
  ): Promise<StatusUpdateDraft>;
  listTemplates(): Promise<StatusUpdateTemplate[]>;
  /** The public HTML of an update, rendered by the page's own code. */
  preview(request: StatusUpdateRequest & { name: string }): Promise<string>;
  getSubscriberCounts(): Promise<SubscriberCounts>;
  /** The public page's URL. */
  publicPageUrl(): Promise<string>;
}

export const statusPageApiRef = createApiRef<StatusPageApi>({
  id: 'plugin.incidents.statuspage',
});
