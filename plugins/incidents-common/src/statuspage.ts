import { LiveStatus } from './graph';

/** Statuses of a public incident, in Statuspage's vocabulary. */
export const PUBLIC_INCIDENT_STATUSES = [
  'investigating',
  'identified',
  'monitoring',
  'resolved',
] as const;
export type PublicIncidentStatus = (typeof PUBLIC_INCIDENT_STATUSES)[number];

/** Statuses of a scheduled maintenance, in Statuspage's vocabulary. */
export const MAINTENANCE_STATUSES = [
  'scheduled',
  'in_progress',
  'verifying',
  'completed',
] as const;
export type MaintenanceStatus = (typeof MAINTENANCE_STATUSES)[number];

/** Statuspage's impact and page indicator. */
export const PUBLIC_IMPACTS = ['none', 'minor', 'major', 'critical'] as const;
export type PublicImpact = (typeof PUBLIC_IMPACTS)[number];

/** A status-page component as the administration sees it. */
export interface StatusComponent {
  id: string;
  name: string;
  description: string | null;
  group: string | null;
  position: number;
  /** Entity refs mapped by hand. */
  entityRefs: string[];
  /** Entity refs whose `lookout.dev/status-page-component` annotation names this component. */
  annotatedEntityRefs: string[];
  /** The status the page shows: the override if set, else the live status. */
  status: LiveStatus;
  /** The worst live status of the mapped entities, blast radius included. */
  liveStatus: LiveStatus;
  override: { status: LiveStatus; reason: string | null } | null;
  createdAt: string;
  updatedAt: string;
}

export interface PublicIncidentUpdate {
  id: string;
  status: PublicIncidentStatus | MaintenanceStatus;
  body: string;
  createdBy: string;
  createdAt: string;
}

/** A public incident or maintenance as the administration sees it (with its internal link). */
export interface PublicIncident {
  id: string;
  kind: 'incident' | 'maintenance';
  /** The internal incident it was published from (`INC-42`), if any. */
  incidentId: string | null;
  name: string;
  status: PublicIncidentStatus | MaintenanceStatus;
  impact: PublicImpact;
  componentIds: string[];
  scheduledFor: string | null;
  scheduledUntil: string | null;
  startedAt: string;
  resolvedAt: string | null;
  createdAt: string;
  updatedAt: string;
  /** Newest first. */
  updates: PublicIncidentUpdate[];
}

/** How far one update reached the subscribers it was meant for. */
export interface UpdateCoverage {
  updateId: string;
  status: string;
  createdAt: string;
  /** Subscribers of the page or of an affected component when the update was published. */
  total: number;
  delivered: number;
  failed: number;
  pending: number;
  /** delivered / total; 1 when there was nobody to tell. */
  share: number;
}

/** A draft update, prefilled from an internal incident with a template. */
export interface StatusUpdateDraft {
  incidentId: string;
  /** The public incident already published from it, if any. */
  publicIncidentId: string | null;
  name: string;
  status: PublicIncidentStatus;
  impact: PublicImpact;
  body: string;
  componentIds: string[];
  template: string;
}

/** An update template; placeholders are `{{name}}`, `{{components}}`, `{{status}}`, `{{impact}}`, `{{customerImpact}}`. */
export interface StatusUpdateTemplate {
  id: string;
  status: PublicIncidentStatus;
  body: string;
}

export interface SubscriberCounts {
  email: { confirmed: number; pending: number };
  webhook: number;
  /** Confirmed subscribers of the whole page. */
  wholePage: number;
  /** Confirmed subscribers of each component, by component id. */
  byComponent: Record<string, number>;
}
