import { ServiceUnavailableError } from '@backstage/errors';
import { Incident } from '@lookout/plugin-incidents-common';
import { AlertIncidentWriter } from '../incidents/AlertIncidentWriter';
import { IncidentChange } from '../incidents/IncidentChangeStream';
import { parseIncidentId } from '../incidents/incidentIds';
import { StoredIntegration } from '../integrations/IntegrationsStore';
import { DeliveryEffect, groupIsLive } from './alertState';
import { AlertsTransaction } from './AlertsStore';
import { AlertsConfig } from './config';
import { Recorded } from './DeliveryRecorder';
import { lockOrder } from './lockOrder';
import { TransactionChanges } from './TransactionChanges';
import { StoredAlert } from './types';

const MAX_TITLE = 200;
/** Attempts to join or start an entity's group while concurrent deliveries race for it. */
const GROUP_ATTEMPTS = 3;

/** The alerts of one entity that join its group, in sender order. */
interface Joining {
  alerts: StoredAlert[];
  /** Their places in the deliveries. */
  indexes: number[];
  /** Groups that a resolution earlier in the delivery marked active. */
  touched: Set<number>;
}

/** Who acts on incidents in a transaction, and which integration's alerts they are. */
export interface Acting {
  actor: string;
  integrationId: string;
  integrationName?: string;
}

/**
 * Phases two and three of alert ingestion, inside its transaction: recorded alerts join
 * their entities' groups and incidents, resolved ones mark their incidents' timelines, and
 * an incident opened by alerts resolves once none of them fires.
 *
 * Grouping: an entity has at most one live alert group, and the group has one incident. A
 * firing alert on the entity joins the live group's incident; without one, it starts a group
 * and opens an incident in triage. A group is live while its incident is not closed, declined
 * or merged and it either has another alert firing or saw activity (an alert firing, firing
 * again or resolving) within the group window (`incidents.alerts.groupWindow`, 15 minutes by
 * default). An alert that fires again within the window after its incident was resolved
 * reopens that incident instead of opening another: flapping is damped to one incident.
 */
export class AlertGrouping {
  constructor(
    private readonly options: {
      alertIncidents: AlertIncidentWriter;
      config: Pick<AlertsConfig, 'groupWindowMs'>;
    },
  ) {}

  /**
   * Phase two, in entity order (the lock order), and per entity in the order the sender
   * listed the alerts: firing alerts join or start their entity's group, resolved ones mark
   * their incident's timeline. Phase three resolves the incidents left without a firing alert.
   */
  async applyToIncidents(
    tx: AlertsTransaction,
    acting: Acting,
    recorded: Recorded[],
    at: string,
  ): Promise<TransactionChanges> {
    const changes = new TransactionChanges();
    const resolvedIn = new Set<number>();
    const byEntity = [...recorded]
      .filter(r => r.alert.entityRef)
      .sort(
        (a, b) =>
          lockOrder(a.alert.entityRef!, b.alert.entityRef!) ||
          a.index - b.index,
      );
    // a sender listing one alert twice in a delivery gets it grouped once
    const seen = new Set<number>();
    const joining = new Map<string, Joining>();
    const resolved: StoredAlert[] = [];
    const resolvedIndexes = new Map<number, number[]>();
    for (const { alert, effect, index } of byEntity) {
      if (seen.has(alert.id)) continue;
      seen.add(alert.id);
      const entityRef = alert.entityRef!;
      if (needsGroup(alert, effect)) {
        const entry = joining.get(entityRef);
        if (entry) {
          entry.alerts.push(alert);
          entry.indexes.push(index);
        } else {
          joining.set(entityRef, {
            alerts: [alert],
            indexes: [index],
            // a resolution listed before the entity's first joiner counts as the group's
            // latest activity when that joiner decides whether the group is live
            touched: new Set(
              resolved
                .filter(r => r.entityRef === entityRef && r.groupId !== null)
                .map(r => r.groupId!),
            ),
          });
        }
      } else if (effect === 'resolved' && alert.incidentSeq !== null) {
        resolved.push(alert);
        resolvedIn.add(alert.incidentSeq);
        const indexes = resolvedIndexes.get(alert.incidentSeq) ?? [];
        resolvedIndexes.set(alert.incidentSeq, [...indexes, index]);
      }
    }
    for (const { change, indexes } of await this.joinGroups(
      tx,
      acting,
      joining,
      at,
    )) {
      changes.add(change, indexes);
    }
    if (resolved.length > 0) {
      await this.options.alertIncidents.alertsResolved(
        tx.incidents,
        resolved.map(alert => ({
          seq: alert.incidentSeq!,
          alert: timelineData(alert, acting),
        })),
        acting.actor,
      );
      await tx.touchGroups(
        resolved.flatMap(alert =>
          alert.groupId !== null ? [alert.groupId] : [],
        ),
        at,
      );
    }
    for (const seq of [...resolvedIn].sort((a, b) => a - b)) {
      const { firing, manualResolve } = await tx.incidentAlertSummary(seq);
      if (firing === 0 && manualResolve === 0) {
        changes.add(
          await this.options.alertIncidents.resolveFromAlerts(
            tx.incidents,
            seq,
            acting.actor,
          ),
          resolvedIndexes.get(seq)!,
        );
      }
    }
    return changes;
  }

  /**
   * Firing alerts join their entities' live groups, with a fixed number of statements for a
   * whole delivery in the common case (every group live and its incident not resolved): one
   * locks the groups, two read their incidents, one appends the timeline events, one assigns
   * the alerts and one marks the groups' activity. The first alert of an entity decides, as
   * it would alone; the entity's other alerts follow it into the same group. An entity
   * without a live group, or whose group ended, starts one with a new incident.
   */
  private async joinGroups(
    tx: AlertsTransaction,
    acting: Acting,
    joining: Map<string, Joining>,
    at: string,
  ): Promise<Array<{ change: IncidentChange; indexes: number[] }>> {
    if (joining.size === 0) return [];
    const entityRefs = [...joining.keys()].sort(lockOrder);
    const groups = await tx.lockLiveGroups(entityRefs);
    const seqs = [...groups.values()].flatMap(group =>
      group.incidentSeq !== null ? [group.incidentSeq] : [],
    );
    const incidents = new Map(
      (await tx.incidents.getIncidents(seqs)).map(incident => [
        parseIncidentId(incident.id),
        incident,
      ]),
    );

    const changes: Array<{ change: IncidentChange; indexes: number[] }> = [];
    const attached: number[][] = [];
    const attachments: Array<{
      incident: Incident;
      alerts: Array<Record<string, unknown>>;
    }> = [];
    const assignments: Array<{
      id: number;
      incidentSeq: number;
      groupId: number;
    }> = [];
    const touched: number[] = [];
    for (const entityRef of entityRefs) {
      const {
        alerts,
        indexes,
        touched: resolvedHere,
      } = joining.get(entityRef)!;
      const group = groups.get(entityRef);
      const incident =
        group?.incidentSeq !== null && group?.incidentSeq !== undefined
          ? incidents.get(group.incidentSeq)
          : undefined;
      let joined = false;
      if (group && incident) {
        const recent =
          resolvedHere.has(group.id) ||
          Date.parse(group.lastActivityAt) >=
            Date.parse(at) - this.options.config.groupWindowMs;
        // counting the group's firing alerts is only needed once its window has passed
        joined = groupIsLive({
          incidentStatus: incident.status,
          otherFiring: recent
            ? 0
            : await tx.countFiringInGroup(group.id, alerts[0].id),
          lastActivityAt: recent ? at : group.lastActivityAt,
          now: at,
          windowMs: this.options.config.groupWindowMs,
        });
      }
      if (joined) {
        attached.push(indexes);
        attachments.push({
          incident: incident!,
          alerts: alerts.map(alert => timelineData(alert, acting)),
        });
        for (const alert of alerts) {
          assignments.push({
            id: alert.id,
            incidentSeq: group!.incidentSeq!,
            groupId: group!.id,
          });
        }
        touched.push(group!.id);
        continue;
      }
      // the rare path: the group ended or never was; one by one, as a lone alert would
      for (const [i, alert] of alerts.entries()) {
        changes.push({
          change: await this.joinGroup(tx, acting, alert, at),
          indexes: [indexes[i]],
        });
      }
    }
    const attachChanges = await this.options.alertIncidents.attachAlerts(
      tx.incidents,
      attachments,
      acting.actor,
    );
    attachChanges.forEach((change, i) =>
      changes.push({ change, indexes: attached[i] }),
    );
    await tx.assignAlerts(assignments);
    await tx.touchGroups(touched, at);
    return changes;
  }

  /** Joins the entity's live group, or starts one with a new incident. */
  private async joinGroup(
    tx: AlertsTransaction,
    acting: Acting,
    alert: StoredAlert,
    at: string,
  ): Promise<IncidentChange> {
    const entityRef = alert.entityRef!;
    const { actor } = acting;
    const data = timelineData(alert, acting);
    for (let attempt = 0; attempt < GROUP_ATTEMPTS; attempt++) {
      const group = await tx.lockLiveGroup(entityRef);
      if (group) {
        const incident =
          group.incidentSeq !== null
            ? await tx.incidents.getIncident(group.incidentSeq)
            : undefined;
        const live = groupIsLive({
          incidentStatus: incident?.status,
          otherFiring: await tx.countFiringInGroup(group.id, alert.id),
          lastActivityAt: group.lastActivityAt,
          now: at,
          windowMs: this.options.config.groupWindowMs,
        });
        if (live && incident) {
          const change = await this.options.alertIncidents.attachAlert(
            tx.incidents,
            incident,
            data,
            actor,
          );
          await tx.updateAlert(alert.id, {
            incidentSeq: group.incidentSeq,
            groupId: group.id,
          });
          await tx.updateGroup(group.id, { lastActivityAt: at });
          return change;
        }
        await tx.endGroup(group.id, at);
      }
      const claimed = await tx.claimGroup(entityRef, at);
      // another delivery started the entity's group meanwhile: join that one
      if (!claimed) continue;
      const incident = await this.options.alertIncidents.openFromAlert(
        tx.incidents,
        {
          title: alert.summary.trim().slice(0, MAX_TITLE) || 'Alert',
          description: alert.description,
          severity: alert.incidentSeverity,
          entityRef,
          ownerRef: alert.ownerRef,
          links: alert.links,
          actor,
          alert: data,
        },
      );
      const seq = parseIncidentId(incident.id);
      await tx.updateGroup(claimed.id, { incidentSeq: seq });
      await tx.updateAlert(alert.id, { incidentSeq: seq, groupId: claimed.id });
      return { type: 'declared', incident };
    }
    throw new ServiceUnavailableError(
      `Alerts on ${entityRef} are arriving faster than they can be grouped; retry`,
    );
  }
}

/**
 * Whether a recorded alert should join its entity's group: it fires, has an entity, no
 * maintenance window holds it, and it is new, fired again, or was never grouped (it was
 * unrouted or under maintenance when it first fired).
 */
export function needsGroup(
  alert: StoredAlert,
  effect: DeliveryEffect,
): boolean {
  if (alert.status !== 'firing' || !alert.entityRef || alert.suppressedBy) {
    return false;
  }
  return (
    effect === 'created' ||
    effect === 'fired' ||
    (effect === 'repeated' && alert.incidentSeq === null)
  );
}

/** An integration acts on incidents as `integration:<id>` in their timelines. */
export function actingFor(integration: StoredIntegration): Acting {
  return {
    actor: `integration:${integration.id}`,
    integrationId: integration.id,
    integrationName: integration.name,
  };
}

function timelineData(
  alert: StoredAlert,
  acting: Acting,
): Record<string, unknown> {
  return {
    alertId: String(alert.id),
    fingerprint: alert.fingerprint,
    summary: alert.summary,
    severity: alert.severity,
    status: alert.status,
    integrationId: acting.integrationId,
    ...(acting.integrationName
      ? { integrationName: acting.integrationName }
      : {}),
  };
}
