import {
  AuthService,
  BackstageCredentials,
  LoggerService,
} from '@backstage/backend-plugin-api';
import {
  ConflictError,
  InputError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import { Page } from '@lookout/plugin-incidents-common';
import { formatIncidentId, parseIncidentId } from '../incidents/incidentIds';
import {
  IncidentChange,
  IncidentsService,
  normalizeRef,
} from '../incidents/IncidentsService';
import { actorRef } from '../incidents/actors';
import { StoredIntegration } from '../integrations/IntegrationsStore';
import { IncidentsAuthorizer } from '../permissions/IncidentsAuthorizer';
import {
  applyDelivery,
  AlertUpdate,
  DeliveryEffect,
  firstState,
  groupIsLive,
} from './alertState';
import { AlertCursor, AlertsStore, AlertsTransaction } from './AlertsStore';
import { AlertsConfig, mapSeverity } from './config';
import { EntityRouter, Route } from './routing';
import {
  Alert,
  AlertDelivery,
  AlertStatus,
  IngestResult,
  StoredAlert,
} from './types';

const DEFAULT_PAGE = 50;
const MAX_TITLE = 200;
/** Attempts to join or start an entity's group while concurrent deliveries race for it. */
const GROUP_ATTEMPTS = 3;

export interface AlertListQuery {
  status?: AlertStatus;
  cursor?: string;
  limit?: number;
}

/** An alert after its delivery was recorded, and what the delivery did to it. */
interface Recorded {
  alert: StoredAlert;
  effect: DeliveryEffect;
  /** Its place in the delivery: the first alert of a group names the incident it opens. */
  index: number;
}

/** Who acts on incidents in a transaction, and which integration's alerts they are. */
interface Acting {
  actor: string;
  integrationId: string;
  integrationName?: string;
}

/** The incident changes of one transaction, to announce once it has committed. */
class Changes {
  private readonly byIncident = new Map<string, IncidentChange>();

  add(change: IncidentChange | undefined) {
    if (!change) return;
    const earlier = this.byIncident.get(change.incident.id);
    // a new incident stays "declared" whatever else the same delivery did to it
    this.byIncident.set(change.incident.id, {
      type: earlier?.type === 'declared' ? 'declared' : change.type,
      incident: change.incident,
    });
  }

  get all(): IncidentChange[] {
    return [...this.byIncident.values()];
  }
}

/**
 * The rules of alert ingestion: deduplication, the unrouted inbox, maintenance, grouping into
 * incidents, flap damping, auto-resolution and acknowledgement. No HTTP and no SQL here.
 *
 * Grouping: an entity has at most one live alert group, and the group has one incident. A
 * firing alert on the entity joins the live group's incident; without one, it starts a group
 * and opens an incident in triage. A group is live while its incident is not closed, declined
 * or merged and it either has another alert firing or saw activity (an alert firing, firing
 * again or resolving) within the group window (`incidents.alerts.groupWindow`, 15 minutes by
 * default). An alert that fires again within the window after its incident was resolved
 * reopens that incident instead of opening another: flapping is damped to one incident.
 */
export class AlertsService {
  constructor(
    private readonly options: {
      store: AlertsStore;
      incidents: IncidentsService;
      router: EntityRouter;
      maintenance: {
        activeFor(refs: string[], at?: Date): Promise<Map<string, string>>;
      };
      authorizer: Pick<IncidentsAuthorizer, 'requireCreate'>;
      auth: AuthService;
      config: Pick<
        AlertsConfig,
        'groupWindowMs' | 'severities' | 'defaultSeverity'
      >;
      logger: LoggerService;
      clock?: () => Date;
    },
  ) {}

  /**
   * Records one delivery of alerts and applies it to incidents, all in one transaction: when
   * this resolves, everything is committed. Routing and maintenance are read first, because
   * they ask other systems and must not hold database locks meanwhile.
   */
  async ingest(
    integration: StoredIntegration,
    deliveries: AlertDelivery[],
  ): Promise<IngestResult> {
    const now = this.now();
    const at = now.toISOString();
    const routes = await this.route(integration, deliveries);
    const windows = await this.options.maintenance.activeFor(
      routes.flatMap(route => (route ? [route.entityRef] : [])),
      now,
    );
    // The same lock order in every transaction: alert rows by dedup key, then alert groups by
    // entity, then incidents. Overlapping deliveries then queue instead of deadlocking.
    const order = deliveries
      .map((_, index) => index)
      .sort((a, b) => compare(deliveries[a].dedupKey, deliveries[b].dedupKey));

    const { recorded, changes } = await this.options.store.transaction(
      async tx => {
        const done: Recorded[] = [];
        for (const index of order) {
          const result = await this.record(
            tx,
            integration,
            deliveries[index],
            routes[index],
            windows,
            at,
          );
          if (result) done.push({ ...result, index });
        }
        return {
          recorded: done,
          changes: await this.applyToIncidents(
            tx,
            actingFor(integration),
            done,
            at,
          ),
        };
      },
    );
    await this.announce(changes);
    return {
      received: deliveries.length,
      stale: recorded.filter(r => r.effect === 'stale').length,
      unrouted: recorded.filter(r => !r.alert.entityRef).length,
      suppressed: recorded.filter(
        r => r.alert.suppressedBy && r.alert.status === 'firing',
      ).length,
      incidents: changes.map(change => change.incident.id),
    };
  }

  /**
   * A sender acknowledged an alert: the alert and its incident are acknowledged, which stops
   * escalation. An unknown or resolved alert is accepted and ignored, as PagerDuty does.
   */
  async acknowledge(
    integration: StoredIntegration,
    dedupKey: string,
  ): Promise<IngestResult> {
    const at = this.now().toISOString();
    const changes = await this.options.store.transaction(async tx => {
      const alert = await tx.lockAlert(integration.id, dedupKey);
      if (!alert || alert.status !== 'firing') return [];
      await tx.updateAlert(alert.id, { acknowledgedAt: at, lastSeenAt: at });
      if (alert.incidentSeq === null) return [];
      const change = await this.options.incidents.acknowledgeFromAlert(
        tx.incidents,
        alert.incidentSeq,
        actingFor(integration).actor,
      );
      return change ? [change] : [];
    });
    await this.announce(changes);
    return {
      received: 1,
      stale: 0,
      unrouted: 0,
      suppressed: 0,
      incidents: changes.map(change => change.incident.id),
    };
  }

  /**
   * Routes an alert from the unrouted inbox to an entity the caller can see. A firing alert
   * then groups as if it had just arrived, which may open an incident, so this needs
   * `incident.create`.
   */
  async routeAlert(
    id: string,
    entityRef: string,
    credentials: BackstageCredentials,
  ): Promise<Alert> {
    await this.options.authorizer.requireCreate(credentials);
    const ref = normalizeRef(entityRef, 'entityRef');
    const route = await this.options.router.describe(ref, credentials);
    if (!route) {
      throw new InputError(`Not in the catalog: ${ref}`);
    }
    const alertId = parseAlertId(id);
    const now = this.now();
    const at = now.toISOString();
    const windows = await this.options.maintenance.activeFor([ref], now);

    const { alert, changes } = await this.options.store.transaction(
      async tx => {
        const current = await tx.lockAlertById(alertId);
        if (!current) throw new NotFoundError(`No alert ${id}`);
        if (current.entityRef) {
          throw new ConflictError(
            `Alert ${id} was already routed to ${current.entityRef}`,
          );
        }
        const routed = await tx.updateAlert(alertId, {
          entityRef: route.entityRef,
          ownerRef: route.ownerRef,
          suppressedBy:
            current.status === 'firing'
              ? windows.get(route.entityRef) ?? null
              : null,
        });
        // the person who routed it acts, on behalf of the alert's integration
        const applied = await this.applyToIncidents(
          tx,
          {
            actor: actorRef(credentials),
            integrationId: current.integrationId,
          },
          [{ alert: routed, effect: 'repeated', index: 0 }],
          at,
        );
        return {
          alert: (await tx.lockAlertById(alertId))!,
          changes: applied,
        };
      },
    );
    await this.announce(changes);
    return toApiAlert(alert);
  }

  async getAlert(id: string): Promise<Alert> {
    const alert = await this.options.store.getAlert(parseAlertId(id));
    if (!alert) throw new NotFoundError(`No alert ${id}`);
    return toApiAlert(alert);
  }

  /** The unrouted inbox: alerts no rule could place, newest first. */
  async listUnrouted(query: AlertListQuery): Promise<Page<Alert>> {
    return this.list({ entityRef: null }, query);
  }

  async listForEntity(
    entityRef: string,
    query: AlertListQuery,
  ): Promise<Page<Alert>> {
    return this.list(
      { entityRef: normalizeRef(entityRef, 'entityRef') },
      query,
    );
  }

  /** An incident's alerts, for whoever may read the incident. */
  async listForIncident(
    incidentId: string,
    query: AlertListQuery,
    credentials: BackstageCredentials,
  ): Promise<Page<Alert>> {
    const incident = await this.options.incidents.get(incidentId, credentials);
    return this.list({ incidentSeq: parseIncidentId(incident.id) }, query);
  }

  private async list(
    filter: { entityRef?: string | null; incidentSeq?: number },
    query: AlertListQuery,
  ): Promise<Page<Alert>> {
    const { items, last } = await this.options.store.listAlerts({
      ...filter,
      status: query.status,
      after: query.cursor ? decodeAlertCursor(query.cursor) : undefined,
      limit: query.limit ?? DEFAULT_PAGE,
    });
    return {
      items: items.map(toApiAlert),
      nextCursor: last && encodeAlertCursor(last),
    };
  }

  /** Routing asks the catalog; when it cannot answer, the sender should retry. */
  private async route(
    integration: StoredIntegration,
    deliveries: AlertDelivery[],
  ): Promise<Array<Route | undefined>> {
    try {
      return await this.options.router.route(
        integration,
        deliveries.map(delivery => ({
          labels: delivery.content?.labels ?? {},
          entityRef: delivery.content?.entityRef,
        })),
      );
    } catch (error) {
      this.options.logger.warn(`Routing alerts failed: ${error}`);
      throw new ServiceUnavailableError(
        'The catalog is unavailable to route alerts; nothing was recorded, retry later',
        error,
      );
    }
  }

  /** Phase one: the delivery's effect on its alert row (deduplication, order, routing). */
  private async record(
    tx: AlertsTransaction,
    integration: StoredIntegration,
    delivery: AlertDelivery,
    route: Route | undefined,
    windows: Map<string, string>,
    at: string,
  ): Promise<Omit<Recorded, 'index'> | undefined> {
    let current = await tx.lockAlert(integration.id, delivery.dedupKey);
    if (!current) {
      const content = delivery.content;
      // a state change for an alert never seen (a PagerDuty resolve) is accepted and ignored
      if (!content) return undefined;
      const { entityRef: _named, ...fields } = content;
      const inserted = await tx.insertAlert({
        ...fields,
        ...firstState(delivery, at),
        integrationId: integration.id,
        dedupKey: delivery.dedupKey,
        incidentSeverity: mapSeverity(this.options.config, content.severity),
        entityRef: route?.entityRef ?? null,
        ownerRef: route?.ownerRef ?? null,
        suppressedBy:
          route && delivery.status === 'firing'
            ? windows.get(route.entityRef) ?? null
            : null,
        firstSeenAt: at,
        lastSeenAt: at,
      });
      if (inserted) return { alert: inserted, effect: 'created' };
      // a concurrent delivery inserted it first; continue from its row
      current = await tx.lockAlert(integration.id, delivery.dedupKey);
      if (!current) {
        throw new ServiceUnavailableError('Alert storage is busy; retry');
      }
    }

    const { effect, update } = applyDelivery(current, delivery, at);
    if (effect !== 'stale') {
      Object.assign(
        update,
        this.refreshRouting(current, delivery, route, windows),
      );
    }
    return { alert: await tx.updateAlert(current.id, update), effect };
  }

  /**
   * An unrouted alert takes the route a later delivery finds (the catalog may know its
   * entity by now); a routed one keeps its entity, which a person may have chosen. A firing
   * delivery records whether a maintenance window covers the entity now.
   */
  private refreshRouting(
    current: StoredAlert,
    delivery: AlertDelivery,
    route: Route | undefined,
    windows: Map<string, string>,
  ): AlertUpdate {
    const update: AlertUpdate = {};
    if (delivery.content) {
      update.incidentSeverity = mapSeverity(
        this.options.config,
        delivery.content.severity,
      );
    }
    let entityRef = current.entityRef;
    if (!entityRef && route) {
      entityRef = route.entityRef;
      update.entityRef = route.entityRef;
      update.ownerRef = route.ownerRef;
    }
    if (delivery.status === 'firing') {
      update.suppressedBy = entityRef ? windows.get(entityRef) ?? null : null;
    }
    return update;
  }

  /**
   * Phase two, in entity order (the lock order), and per entity in the order the sender
   * listed the alerts: firing alerts join or start their entity's group, resolved ones mark
   * their incident's timeline. Phase three resolves the incidents left without a firing alert.
   */
  private async applyToIncidents(
    tx: AlertsTransaction,
    acting: Acting,
    recorded: Recorded[],
    at: string,
  ): Promise<IncidentChange[]> {
    const changes = new Changes();
    const resolvedIn = new Set<number>();
    const byEntity = [...recorded]
      .filter(r => r.alert.entityRef)
      .sort(
        (a, b) =>
          compare(a.alert.entityRef!, b.alert.entityRef!) || a.index - b.index,
      );
    // a sender listing one alert twice in a delivery gets it grouped once
    const seen = new Set<number>();
    for (const { alert, effect } of byEntity) {
      if (seen.has(alert.id)) continue;
      seen.add(alert.id);
      if (needsGroup(alert, effect)) {
        changes.add(await this.joinGroup(tx, acting, alert, at));
      } else if (effect === 'resolved' && alert.incidentSeq !== null) {
        await this.options.incidents.alertResolved(
          tx.incidents,
          alert.incidentSeq,
          timelineData(alert, acting),
          acting.actor,
        );
        if (alert.groupId !== null) {
          await tx.updateGroup(alert.groupId, { lastActivityAt: at });
        }
        resolvedIn.add(alert.incidentSeq);
      }
    }
    for (const seq of [...resolvedIn].sort((a, b) => a - b)) {
      const { firing, manualResolve } = await tx.incidentAlertSummary(seq);
      if (firing === 0 && manualResolve === 0) {
        changes.add(
          await this.options.incidents.resolveFromAlerts(
            tx.incidents,
            seq,
            acting.actor,
          ),
        );
      }
    }
    return changes.all;
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
          const change = await this.options.incidents.attachAlert(
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
      const incident = await this.options.incidents.openFromAlert(
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

  private async announce(changes: IncidentChange[]): Promise<void> {
    if (changes.length === 0) return;
    const credentials = await this.options.auth.getOwnServiceCredentials();
    for (const change of changes) {
      await this.options.incidents.announce(change, credentials);
    }
  }

  private now(): Date {
    return this.options.clock?.() ?? new Date();
  }
}

/**
 * Whether a recorded alert should join its entity's group: it fires, has an entity, no
 * maintenance window holds it, and it is new, fired again, or was never grouped (it was
 * unrouted or under maintenance when it first fired).
 */
function needsGroup(alert: StoredAlert, effect: DeliveryEffect): boolean {
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
function actingFor(integration: StoredIntegration): Acting {
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

export function toApiAlert(alert: StoredAlert): Alert {
  const {
    id,
    dedupKey: _dedupKey,
    groupId: _groupId,
    ownerRef: _ownerRef,
    incidentSeq,
    ...rest
  } = alert;
  return {
    ...rest,
    id: String(id),
    incidentId: incidentSeq === null ? null : formatIncidentId(incidentSeq),
  };
}

function parseAlertId(id: string): number {
  if (!/^\d{1,15}$/.test(id)) {
    throw new InputError(`'${id}' is not an alert id`);
  }
  return Number(id);
}

function encodeAlertCursor(cursor: AlertCursor): string {
  return Buffer.from(
    JSON.stringify([cursor.lastSeenAt, cursor.id]),
    'utf8',
  ).toString('base64url');
}

function decodeAlertCursor(value: string): AlertCursor {
  try {
    const [lastSeenAt, id] = JSON.parse(
      Buffer.from(value, 'base64url').toString('utf8'),
    );
    if (
      typeof lastSeenAt === 'string' &&
      !Number.isNaN(Date.parse(lastSeenAt)) &&
      Number.isInteger(id)
    ) {
      return { lastSeenAt, id };
    }
  } catch {
    // fall through to the error below
  }
  throw new InputError(
    'cursor is not valid; pass the nextCursor of a previous page unchanged',
  );
}

function compare(a: string, b: string): number {
  if (a < b) return -1;
  return a > b ? 1 : 0;
}
