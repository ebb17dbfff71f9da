import type { AlertStatus } from '@lookout/plugin-incidents-common';

export { ALERT_STATUSES } from '@lookout/plugin-incidents-common';
export type { Alert, AlertStatus } from '@lookout/plugin-incidents-common';
import { JsonObject } from '@backstage/types';
import { IncidentLink, Severity } from '@lookout/plugin-incidents-common';

/** What people and the sender see of an alert, apart from its state. */
export interface AlertContent {
  /** The sender's fingerprint or dedup key. */
  fingerprint: string;
  /** Alertmanager's and Grafana's group key, when there is one. */
  groupKey: string | null;
  summary: string;
  description: string;
  /** The severity as the sender named it (`critical`, `warning`, …). */
  severity: string | null;
  /** The system the alert came from: a host, or the sending tool. */
  source: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  links: IncidentLink[];
  /** Sender-specific extras (Grafana values, PagerDuty custom_details), bounded in depth. */
  details: JsonObject;
  /** An entity ref the sender named explicitly (the generic format's `entityRef`). */
  entityRef?: string;
}

/**
 * One alert of one delivery, normalized from any sender. Deliveries repeat and arrive out of
 * order; the times they carry decide whether they still change anything.
 */
export interface AlertDelivery {
  /** Unique per integration; the alert's identity. */
  dedupKey: string;
  status: AlertStatus;
  /** When the sender says this firing began (null: unknown, take the time of receipt). */
  startsAt: string | null;
  /** When the sender says it ended (null: unknown, take the time of receipt). */
  endsAt: string | null;
  /**
   * Absent on deliveries that only change state (a PagerDuty resolve): those never create
   * an alert, and an unknown key is accepted and ignored.
   */
  content?: AlertContent;
}

/** An alert as stored, with the ids that tie it to its integration, group and incident. */
export interface StoredAlert extends Omit<AlertContent, 'entityRef'> {
  id: number;
  integrationId: string;
  dedupKey: string;
  status: AlertStatus;
  incidentSeverity: Severity;
  /** Null while the alert is in the unrouted inbox. */
  entityRef: string | null;
  /** The entity's owner when the alert was routed; the incident it opens inherits it. */
  ownerRef: string | null;
  startsAt: string;
  endsAt: string | null;
  firstSeenAt: string;
  lastSeenAt: string;
  occurrences: number;
  acknowledgedAt: string | null;
  incidentSeq: number | null;
  groupId: number | null;
  /** The maintenance window that kept it from opening an incident. */
  suppressedBy: string | null;
}

/** What one delivery did, for the sender's 2xx and for tests. */
export interface IngestResult {
  /** Alerts in the delivery. */
  received: number;
  /** Alerts that changed nothing because a later state was already recorded. */
  stale: number;
  /** Alerts left in the unrouted inbox. */
  unrouted: number;
  /** Alerts recorded under an active maintenance window. */
  suppressed: number;
  /** Incidents opened, joined, reopened or resolved by the delivery. */
  incidents: string[];
}
