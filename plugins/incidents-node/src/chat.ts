import { createExtensionPoint } from '@backstage/backend-plugin-api';
import {
  BlastRadiusSummary,
  DeclareIncidentRequest,
  Incident,
  IncidentPagesResponse,
  IncidentRole,
  OnCallPage,
  TimelineEvent,
  TransitionIncidentRequest,
  UpdateIncidentRequest,
} from '@lookout/plugin-incidents-common';

/** One committed change of an incident, as the incidents backend's change stream carries it. */
export interface IncidentStreamChange {
  type:
    | 'declared'
    | 'updated'
    | 'transitioned'
    | 'acknowledged'
    | 'note'
    | 'merged'
    | 'deleted';
  incident: Incident;
}

/** A unit of durable work a chat integration scheduled, as its handler receives it. */
export interface ChatWorkItem {
  kind: string;
  /** The side effect this item performs; unique across the incidents backend's work queue. */
  key: string;
  payload: Record<string, unknown>;
  /** Claims so far, this one included. */
  attempts: number;
}

/** Work to schedule; an item whose key was scheduled already is ignored. */
export interface NewChatWorkItem {
  kind: string;
  key: string;
  payload: Record<string, unknown>;
  /** Due this long from now (database clock); due at once when omitted. */
  delayMs?: number;
}

/**
 * What a chat user may do to incidents. Each call is refused with a `NotAllowedError` that says
 * why when the user may not; the timeline names the user as the actor.
 */
export interface IncidentChatActor {
  /** The user's entity ref. */
  readonly userEntityRef: string;
  get(id: string): Promise<Incident>;
  declare(request: DeclareIncidentRequest): Promise<Incident>;
  acknowledge(id: string): Promise<Incident>;
  transition(id: string, request: TransitionIncidentRequest): Promise<Incident>;
  update(id: string, request: UpdateIncidentRequest): Promise<Incident>;
  assignRole(
    id: string,
    request: { role: IncidentRole; userRef: string | null },
  ): Promise<Incident>;
  addNote(id: string, markdown: string): Promise<TimelineEvent>;
  /** Fires the next level of the incident's escalation now (the portal's Escalate). */
  escalate(id: string): Promise<IncidentPagesResponse>;
  /**
   * Pages a person (a User ref), or whoever a team's escalation policy pages first (a Group
   * ref), for the incident; answers the pages sent.
   */
  page(id: string, targetRef: string): Promise<OnCallPage[]>;
}

/** A chat message that becomes a timeline entry, with its own time, author and link. */
export interface ChatMessageEntry {
  /** The author's entity ref when the chat user maps to one, else a description of them. */
  actor: string;
  /** When the message was written (ISO 8601). */
  at: string;
  markdown: string;
  /** The message's permalink. */
  permalink?: string;
  /** Unique per message across every chat (for Slack `slack:<channel>:<ts>`): recorded once. */
  messageKey: string;
}

/**
 * What the incidents backend lends a chat integration once it is built: its change stream, its
 * durable work queue, and incident commands run for a chat user.
 */
export interface IncidentChatHost {
  /** Follows every committed incident change; `name` says who failed in the log. */
  subscribe(
    name: string,
    listener: (change: IncidentStreamChange) => void | Promise<void>,
  ): void;
  /**
   * Runs items of `kind` on whichever replica claims them. A handler that throws is retried
   * with backoff, or after `retryAfterMs` when the error carries it (a 429's Retry-After).
   */
  handle(kind: string, handler: (item: ChatWorkItem) => Promise<void>): void;
  /** Schedules work; returns how many items were new. */
  enqueue(items: NewChatWorkItem[]): Promise<number>;
  /** The incident as it is now, read as the incidents backend itself. */
  getIncident(id: string): Promise<Incident>;
  /** Who should be in the incident's channel: the commander, who was paged, the owners' on-call. */
  responders(incident: Incident): Promise<string[]>;
  /** What an incident at this entity would hurt, as `GET /blast-radius` computes it. */
  blastRadius(entityRef: string): Promise<BlastRadiusSummary>;
  /** Incident commands as the user with this entity ref. */
  actAs(userEntityRef: string): IncidentChatActor;
  /**
   * Records a chat message on the incident's timeline once per `messageKey`; answers false when
   * it was recorded before.
   */
  recordMessage(incidentId: string, entry: ChatMessageEntry): Promise<boolean>;
}

/** A chat integration: started once the incidents backend is built. */
export interface IncidentChatIntegration {
  /** A short name for logs, for example `slack`. */
  readonly name: string;
  start(host: IncidentChatHost): void | Promise<void>;
}

/**
 * Lets a backend module connect a chat (Slack, Teams) to incidents.
 *
 * @public
 */
export interface IncidentsChatExtensionPoint {
  addChatIntegration(...integrations: IncidentChatIntegration[]): void;
}

/** @public */
export const incidentsChatExtensionPoint =
  createExtensionPoint<IncidentsChatExtensionPoint>({
    id: 'incidents.chat',
  });
