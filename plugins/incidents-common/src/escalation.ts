// The wire shapes of escalation and paging: an incident's escalation, the pages it sent,
// and the outbound webhooks pages are posted to.
import { BlastRadiusSummary } from './graph';
import { EscalationLevel, OnCallPage } from './oncall';
import { IncidentStatus, Severity } from './types';

export const ESCALATION_STATES = [
  'active',
  'acknowledged',
  'resolved',
  'exhausted',
] as const;
/** `exhausted`: every level of every round fired and nobody acknowledged. */
export type EscalationState = (typeof ESCALATION_STATES)[number];

/** An incident's escalation: the policy as it was frozen when the incident opened. */
export interface IncidentEscalation {
  incidentId: string;
  /** The group whose policy runs (the origin entity's owner). */
  groupRef: string;
  policyId: string;
  policyName: string;
  levels: EscalationLevel[];
  repeat: number;
  state: EscalationState;
  /** The last level that fired (1-based); 0 before the first. */
  level: number;
  /** The round of that level, 1-based; there are `repeat + 1` rounds. */
  round: number;
  startedAt: string;
  stoppedAt: string | null;
}

/** `GET /incidents/:id/pages`. */
export interface IncidentPagesResponse {
  escalation: IncidentEscalation | null;
  items: OnCallPage[];
}

/** A page in the signed-in user's list, with what it is about. */
export interface MyPage extends OnCallPage {
  incidentTitle: string;
  incidentSeverity: Severity;
  incidentStatus: IncidentStatus;
}

/** An outbound webhook every page is also posted to. */
export interface PagingWebhook {
  id: string;
  name: string;
  url: string;
  /** Only pages of incidents this group owns; null for every page. */
  groupRef: string | null;
  /** `config` webhooks come from app-config and cannot be deleted through the API. */
  source: 'api' | 'config';
  createdBy: string;
  createdAt: string;
}

/** `POST /paging-webhooks` answers once with the signing secret. */
export interface CreatedPagingWebhook extends PagingWebhook {
  secret: string;
}

/** The header a paging webhook delivery is signed in: `sha256=<hex HMAC-SHA256 of the body>`. */
export const PAGING_SIGNATURE_HEADER = 'X-Lookout-Signature';
/** The header naming a delivery; a retried delivery repeats it, so receivers can drop duplicates. */
export const PAGING_DELIVERY_HEADER = 'X-Lookout-Delivery';

/**
 * The JSON body posted to a paging webhook. The raw body is signed with the webhook's secret
 * (see PAGING_SIGNATURE_HEADER).
 */
export interface PagingWebhookPayload {
  type: 'page';
  /** Stable per page and webhook; a retried delivery repeats it. */
  deliveryId: string;
  page: OnCallPage;
  incident: {
    id: string;
    title: string;
    severity: Severity;
    status: IncidentStatus;
    entityRef: string;
    ownerRef: string | null;
    url: string;
  };
  blastRadius: BlastRadiusSummary | null;
  runbookUrl: string | null;
  /** Opens a confirmation that acknowledges the incident as the paged person; expires. */
  acknowledgeUrl: string;
}

/**
 * Whether the escalation engine keeps up (`GET /escalation/engine`), across every backend
 * replica: the oldest escalation step that is due and has not fired yet.
 */
export interface EscalationEngineStatus {
  /** True when that step is more than `lateAfterMs` past its due time: pages go out late. */
  behind: boolean;
  /** How far past its due time that step is; 0 when nothing is waiting. */
  lagMs: number;
  /** How many steps are due and waiting (or firing) now. */
  dueSteps: number;
  /** The lateness the engine tolerates (`incidents.paging.lateAfter`). */
  lateAfterMs: number;
  /** When this was read, on the database clock. */
  checkedAt: string;
}
