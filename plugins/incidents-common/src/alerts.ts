import { IncidentLink, Severity } from './types';

// The wire shapes of alert ingestion: alerts, integrations, change events and maintenance
// windows, as the backend stores and serves them and the portal shows them.

/** An alert fires until its sender says it resolved. */
export const ALERT_STATUSES = ['firing', 'resolved'] as const;
export type AlertStatus = (typeof ALERT_STATUSES)[number];

/** An alert as `/alert-list`, `/alert-inbox` and `/incidents/:id/alerts` return it. */
export interface Alert {
  id: string;
  integrationId: string;
  fingerprint: string;
  groupKey: string | null;
  status: AlertStatus;
  summary: string;
  description: string;
  /** The severity as the sender named it (`critical`, `warning`, …). */
  severity: string | null;
  incidentSeverity: Severity;
  /** The system the alert came from: a host, or the sending tool. */
  source: string;
  /** Null while the alert waits in the unrouted inbox. */
  entityRef: string | null;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  links: IncidentLink[];
  /** Sender-specific extras; not shown by the frontend. */
  details: Record<string, unknown>;
  startsAt: string;
  endsAt: string | null;
  firstSeenAt: string;
  lastSeenAt: string;
  occurrences: number;
  acknowledgedAt: string | null;
  incidentId: string | null;
  /** The maintenance window that kept it from opening an incident. */
  suppressedBy: string | null;
}

/** The filters and cursor of every alert list. */
export interface ListAlertsQuery {
  status?: AlertStatus;
  cursor?: string;
  limit?: number;
}

export const INTEGRATION_TYPES = [
  'alertmanager',
  'grafana',
  'pagerduty',
  'generic',
  // helpdesks whose tickets become support reports
  'zendesk',
  'intercom',
  'freshdesk',
  'support',
] as const;
export type IntegrationType = (typeof INTEGRATION_TYPES)[number];

/** An integration as `GET /integrations` lists it: never with its key. */
export interface Integration {
  id: string;
  name: string;
  type: IntegrationType;
  /** The first characters of the key, to tell keys apart. */
  keyHint: string;
  entityRef: string | null;
  groupRef: string | null;
  autoResolve: boolean;
  signed: boolean;
  createdBy: string;
  createdAt: string;
  lastUsedAt: string | null;
}

/** The body of `POST /integrations`. */
export interface CreateIntegrationRequest {
  name: string;
  type: IntegrationType;
  entityRef?: string;
  groupRef?: string;
  /** Resolve the incident when its alerts resolve. */
  autoResolve?: boolean;
  /** Generate a secret that Grafana deliveries must be signed with. */
  signed?: boolean;
}

/** Sender configuration, ready to paste. */
export interface IntegrationSnippets {
  alertmanager: string;
  grafana: string;
  pagerduty: string;
}

/** The answer to creating an integration: the only time its key (and secret) are shown. */
export interface CreatedIntegration {
  integration: Integration;
  key: string;
  signingSecret?: string;
  /** Sender configuration ready to paste, by sender. */
  snippets: IntegrationSnippets;
}

/** A deploy or other change on an entity. */
export interface ChangeEvent {
  id: string;
  integrationId: string;
  entityRef: string | null;
  summary: string;
  source: string;
  /** When the change happened. */
  at: string;
  receivedAt: string;
  links: IncidentLink[];
  /** Sender-specific extras; not shown by the frontend. */
  details: Record<string, unknown>;
}

/**
 * `GET /incidents/:id/changes`: change events (deploys) on the origin (distance 0) and upstream
 * of it. Not the fields an incident update changes (the store's `IncidentFieldChanges`), nor
 * the backend's stream of incident changes.
 */
export interface IncidentChangeEvents {
  since: string;
  entityRefs: string[];
  items: Array<ChangeEvent & { distance: number }>;
}

/** A time when alerts on an entity are recorded but page nobody. */
export interface MaintenanceWindow {
  id: string;
  entityRef: string;
  startsAt: string;
  endsAt: string;
  reason: string;
  createdBy: string;
  createdAt: string;
}

/** The body of `POST /maintenance-windows`. */
export interface CreateMaintenanceWindowRequest {
  entityRef: string;
  startsAt: string;
  endsAt: string;
  reason: string;
}
