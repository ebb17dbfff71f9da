import { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  allowedTransitions,
  Incident,
  IncidentLink,
  isOpenStatus,
  Severity,
} from '@lookout/plugin-incidents-common';
import { IncidentAnnouncer, IncidentAnnouncerDeps } from './IncidentAnnouncer';
import { IncidentChange } from './IncidentChangeStream';
import { parseIncidentId } from './incidentIds';
import {
  IncidentsStore,
  IncidentUpdate,
  NewTimelineEvent,
} from './IncidentsStore';

/** What alert ingestion hands over to open an incident for an alert group. */
export interface AlertIncidentRequest {
  title: string;
  description: string;
  severity: Severity;
  entityRef: string;
  ownerRef: string | null;
  links: IncidentLink[];
  /** The integration that delivered the alert, as the timeline's actor. */
  actor: string;
  /** The alert that opened the incident, as its `alert_attached` event records it. */
  alert: Record<string, unknown>;
}

/** Thrown inside a store update to leave the incident as it is; see updateIfStill. */
class Unchanged extends Error {}

/**
 * Incidents opened and changed by alerts, for the alerts domain (and the escalation engine's
 * acknowledgement by an alert sender's link). These run inside the alert ingestion
 * transaction, on the store bound to it (passed to each call), so an alert and its incident
 * commit together. They take no credentials: the integration key that authenticated the
 * delivery is the authority. Once the transaction has committed, pass what they return to
 * announce(). The rules for people changing incidents are IncidentsService's.
 */
export class AlertIncidentWriter {
  private readonly announcer: IncidentAnnouncer;

  constructor(private readonly options: IncidentAnnouncerDeps) {
    this.announcer = new IncidentAnnouncer(options);
  }

  /** Opens an incident for an alert group: in triage, from source `alert`, led by nobody yet. */
  async openFromAlert(
    store: IncidentsStore,
    request: AlertIncidentRequest,
  ): Promise<Incident> {
    const at = this.now();
    const { actor } = request;
    return store.createIncident(
      {
        title: request.title,
        description: request.description,
        severity: request.severity,
        status: 'triage',
        entityRef: request.entityRef,
        impactedEntityRefs: [],
        ownerRef: request.ownerRef,
        source: 'alert',
        links: request.links,
        roles: {},
        createdBy: actor,
        declaredAt: at,
      },
      [
        {
          type: 'declared',
          actor,
          at,
          status: 'triage',
          data: {
            title: request.title,
            severity: request.severity,
            entityRef: request.entityRef,
            impactedEntityRefs: [],
            source: 'alert',
          },
        },
        { type: 'alert_attached', actor, at, data: request.alert },
      ],
    );
  }

  /**
   * Attaches an alert to an incident. A resolved incident reopens: the alert fired again
   * within its group's window, and a flapping alert is one incident, not one per flap.
   */
  async attachAlert(
    store: IncidentsStore,
    incident: Incident,
    alert: Record<string, unknown>,
    actor: string,
  ): Promise<IncidentChange> {
    const seq = parseIncidentId(incident.id);
    const at = this.now();
    if (incident.status !== 'resolved') {
      await store.appendEvents(seq, [
        { type: 'alert_attached', actor, at, data: alert },
      ]);
      return { type: 'updated', incident };
    }
    const reopened = await updateIfStill(store, seq, current =>
      current.status === 'resolved'
        ? {
            changes: { status: 'investigating' },
            events: [
              {
                type: 'status_changed',
                actor,
                at,
                status: 'investigating',
                data: {
                  from: 'resolved',
                  to: 'investigating',
                  reason: 'An alert fired again',
                },
              },
              {
                type: 'alert_attached',
                actor,
                at,
                data: { ...alert, reopened: true },
              },
            ],
          }
        : undefined,
    );
    if (reopened) return { type: 'transitioned', incident: reopened };
    await store.appendEvents(seq, [
      { type: 'alert_attached', actor, at, data: alert },
    ]);
    return { type: 'updated', incident };
  }

  /**
   * Attaches the alerts of one delivery to their incidents, with one write for every
   * incident that is not resolved (the common case: alerts joining a live incident). A
   * resolved incident reopens as in attachAlert, and takes the rest of its alerts after that.
   * Answers one change per incident, in the order given.
   */
  async attachAlerts(
    store: IncidentsStore,
    attachments: Array<{
      incident: Incident;
      alerts: Array<Record<string, unknown>>;
    }>,
    actor: string,
  ): Promise<IncidentChange[]> {
    const at = this.now();
    const changes: IncidentChange[] = [];
    const events: Array<{ seq: number; event: NewTimelineEvent }> = [];
    for (const { incident, alerts } of attachments) {
      if (alerts.length === 0) continue;
      const seq = parseIncidentId(incident.id);
      let rest = alerts;
      if (incident.status === 'resolved') {
        changes.push(await this.attachAlert(store, incident, alerts[0], actor));
        rest = alerts.slice(1);
      } else {
        changes.push({ type: 'updated', incident });
      }
      for (const data of rest) {
        events.push({
          seq,
          event: { type: 'alert_attached', actor, at, data },
        });
      }
    }
    await store.appendEventsToMany(events);
    return changes;
  }

  /** Records on the timelines that alerts stopped firing, in one write. */
  async alertsResolved(
    store: IncidentsStore,
    resolved: Array<{ seq: number; alert: Record<string, unknown> }>,
    actor: string,
  ): Promise<void> {
    const at = this.now();
    await store.appendEventsToMany(
      resolved.map(({ seq, alert }) => ({
        seq,
        event: { type: 'alert_resolved', actor, at, data: alert },
      })),
    );
  }

  /** Records on the timeline that one of the incident's alerts stopped firing. */
  async alertResolved(
    store: IncidentsStore,
    seq: number,
    alert: Record<string, unknown>,
    actor: string,
  ): Promise<void> {
    await store.appendEvents(seq, [
      { type: 'alert_resolved', actor, at: this.now(), data: alert },
    ]);
  }

  /**
   * Resolves an incident that alerts opened, once all of its alerts have resolved. Incidents
   * declared by people are theirs to resolve, and one that is no longer open stays as it is.
   */
  async resolveFromAlerts(
    store: IncidentsStore,
    seq: number,
    actor: string,
  ): Promise<IncidentChange | undefined> {
    const at = this.now();
    const resolved = await updateIfStill(store, seq, current =>
      current.source === 'alert' &&
      isOpenStatus(current.status) &&
      allowedTransitions(current.status).includes('resolved')
        ? {
            changes: { status: 'resolved' },
            events: [
              {
                type: 'status_changed',
                actor,
                at,
                status: 'resolved',
                data: {
                  from: current.status,
                  to: 'resolved',
                  reason: 'All of its alerts resolved',
                },
              },
            ],
          }
        : undefined,
    );
    return resolved && { type: 'transitioned', incident: resolved };
  }

  /** A sender acknowledged the alert (PagerDuty `acknowledge`): escalation stops. */
  async acknowledgeFromAlert(
    store: IncidentsStore,
    seq: number,
    actor: string,
  ): Promise<IncidentChange | undefined> {
    const at = this.now();
    const acknowledged = await updateIfStill(store, seq, current =>
      !current.acknowledgedAt && isOpenStatus(current.status)
        ? { changes: {}, events: [{ type: 'acknowledged', actor, at }] }
        : undefined,
    );
    return acknowledged && { type: 'acknowledged', incident: acknowledged };
  }

  /**
   * Publishes a change that the alert transaction committed. A new incident also gets its
   * blast radius, as `credentials` (the plugin's own) see it.
   */
  async announce(
    change: IncidentChange,
    credentials: BackstageCredentials,
  ): Promise<void> {
    await this.announcer.announce(change, credentials);
  }

  private now(): string {
    return (this.options.clock?.() ?? new Date()).toISOString();
  }
}

/**
 * Applies `compute` under the incident's row lock, unless it answers undefined because the
 * incident has moved on meanwhile; then nothing is written and undefined is returned. (The
 * store's update always writes, so "nothing" leaves by a throw that rolls back its savepoint.)
 */
async function updateIfStill(
  store: IncidentsStore,
  seq: number,
  compute: (current: Incident) => IncidentUpdate | undefined,
): Promise<Incident | undefined> {
  try {
    return await store.updateIncident(seq, current => {
      const update = compute(current);
      if (!update) throw new Unchanged();
      return update;
    });
  } catch (error) {
    if (error instanceof Unchanged) return undefined;
    throw error;
  }
}
