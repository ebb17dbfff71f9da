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
import { Incident, Page } from '@lookout/plugin-incidents-common';
import { formatIncidentId, parseIncidentId } from '../incidents/incidentIds';
import { IncidentChange } from '../incidents/IncidentChangeStream';
import { IncidentsService } from '../incidents/IncidentsService';
import { normalizeRef } from '../lib/entityRefs';
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
import { GroupCommit } from './GroupCommit';
import { UpdateThrottle } from './UpdateThrottle';
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

/** The alerts of one entity that join its group, in sender order. */
interface Joining {
  alerts: StoredAlert[];
  /** Their places in the deliveries. */
  indexes: number[];
  /** Groups that a resolution earlier in the delivery marked active. */
  touched: Set<number>;
}

/** Who acts on incidents in a transaction, and which integration's alerts they are. */
interface Acting {
  actor: string;
  integrationId: string;
  integrationName?: string;
}

/** What announcing a change does matters more the higher it ranks; a merge keeps the highest. */
const CHANGE_RANK: Record<IncidentChange['type'], number> = {
  updated: 0,
  note: 0,
  acknowledged: 1,
  transitioned: 2,
  merged: 3,
  deleted: 3,
  declared: 4,
};

/**
 * The incident changes of one transaction, to announce once it has committed: one per
 * incident, the latest state with the weightiest type (a new incident stays "declared"
 * whatever else the same transaction did to it), and which alerts (by their place in the
 * deliveries) caused it.
 */
class Changes {
  private readonly byIncident = new Map<
    string,
    { change: IncidentChange; indexes: Set<number> }
  >();

  add(change: IncidentChange | undefined, indexes: number[]) {
    if (!change) return;
    const earlier = this.byIncident.get(change.incident.id);
    const type =
      earlier && CHANGE_RANK[earlier.change.type] > CHANGE_RANK[change.type]
        ? earlier.change.type
        : change.type;
    const all = earlier?.indexes ?? new Set<number>();
    indexes.forEach(index => all.add(index));
    this.byIncident.set(change.incident.id, {
      change: { type, incident: change.incident },
      indexes: all,
    });
  }

  get all(): IncidentChange[] {
    return [...this.byIncident.values()].map(entry => entry.change);
  }

  /** The incidents that alerts at places `from` up to `to` changed. */
  incidentsOf(from: number, to: number): string[] {
    return [...this.byIncident.values()]
      .filter(entry => [...entry.indexes].some(i => i >= from && i < to))
      .map(entry => entry.change.incident.id);
  }
}

/** One delivery waiting for its transaction. */
interface IngestJob {
  integration: StoredIntegration;
  deliveries: AlertDelivery[];
  dedupKeys: Set<string>;
}

/** A delivery's answer once its transaction committed, and its announcements. */
interface IngestOutcome {
  result: IngestResult;
  announced: Promise<void>;
}

/** How often alerts joining one incident are announced at most. */
const UPDATE_INTERVAL_MS = 1000;

/** Deliveries that may not share a transaction: run them one by one. */
class DependentDeliveries extends Error {}

/** The most deliveries that share one transaction. */
const MAX_BATCH = 64;

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
  ) {
    this.commits = new GroupCommit<IngestJob, IngestOutcome>({
      run: jobs => this.commitBatch(jobs),
      runAlone: async job => (await this.commitBatch([job]))[0],
      // one actor per transaction, and a dedup key in two deliveries applies in their order
      canJoin: (batch, job) =>
        batch[0].integration.id === job.integration.id &&
        batch.every(other =>
          [...job.dedupKeys].every(key => !other.dedupKeys.has(key)),
        ),
      maxBatch: MAX_BATCH,
      onBatchFailed: (error, size) => {
        if (!(error instanceof DependentDeliveries)) {
          options.logger.debug(
            `A transaction of ${size} alert deliveries failed, running them one by one: ${error}`,
          );
        }
      },
    });
  }

  private readonly commits: GroupCommit<IngestJob, IngestOutcome>;

  /**
   * Records one delivery of alerts and applies it to incidents in one transaction: when this
   * resolves, everything is committed. Deliveries that arrive
   * while a transaction runs share the next one (see GroupCommit), as long as the result is
   * the same as applying them one after another: same integration, no alert in two of them,
   * and no entity where one resolves alerts while another groups alerts (checked inside the
   * transaction; such a batch rolls back and its deliveries run one by one).
   */
  async ingest(
    integration: StoredIntegration,
    deliveries: AlertDelivery[],
  ): Promise<IngestResult> {
    const { result, announced } = await this.commits.submit({
      integration,
      deliveries,
      dedupKeys: new Set(deliveries.map(delivery => delivery.dedupKey)),
    });
    await announced;
    return result;
  }

  /**
   * Deliveries of one integration in one transaction, applied as one delivery listing all of
   * their alerts in arrival order; each gets the part of the outcome its alerts caused.
   */
  private async commitBatch(jobs: IngestJob[]): Promise<IngestOutcome[]> {
    const now = this.now();
    const at = now.toISOString();
    const { integration } = jobs[0];
    const deliveries = jobs.flatMap(job => job.deliveries);
    // one catalog lookup and one maintenance read for the whole batch, before the
    // transaction: they may ask other systems and must not hold database locks meanwhile
    const routes = await this.route(integration, deliveries);
    const windows = await this.options.maintenance.activeFor(
      routes.flatMap(route => (route ? [route.entityRef] : [])),
      now,
    );
    const starts: number[] = [];
    let offset = 0;
    for (const job of jobs) {
      starts.push(offset);
      offset += job.deliveries.length;
    }
    const jobOf = (index: number) => {
      let j = starts.length - 1;
      while (starts[j] > index) j--;
      return j;
    };
    // The same lock order in every transaction: alert rows by dedup key, then alert groups by
    // entity, then incidents. Overlapping deliveries then queue instead of deadlocking.
    const order = deliveries
      .map((_, index) => index)
      .sort((a, b) => compare(deliveries[a].dedupKey, deliveries[b].dedupKey));

    const { recorded, changes } = await this.options.store.transaction(
      async tx => {
        const done = await this.recordAll(
          tx,
          integration,
          deliveries,
          order,
          routes,
          windows,
          at,
        );
        if (jobs.length > 1) assertIndependent(done, jobOf);
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
    const announced = this.announce(changes.all);
    return jobs.map((job, j) => {
      const from = starts[j];
      const to = from + job.deliveries.length;
      const mine = recorded.filter(r => r.index >= from && r.index < to);
      return {
        result: {
          received: job.deliveries.length,
          stale: mine.filter(r => r.effect === 'stale').length,
          unrouted: mine.filter(r => !r.alert.entityRef).length,
          suppressed: mine.filter(
            r => r.alert.suppressedBy && r.alert.status === 'firing',
          ).length,
          incidents: changes.incidentsOf(from, to),
        },
        announced,
      };
    });
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
          changes: applied.all,
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

  /**
   * Phase one for a whole delivery, with two statements in the common case: one locks the
   * alerts that exist, one inserts those that do not. Deliveries then apply in dedup key
   * order (sender order within a key), each on the state the one before left, exactly as if
   * they had come one by one; only a key another transaction inserted meanwhile takes the
   * one-by-one path.
   */
  private async recordAll(
    tx: AlertsTransaction,
    integration: StoredIntegration,
    deliveries: AlertDelivery[],
    order: number[],
    routes: Array<Route | undefined>,
    windows: Map<string, string>,
    at: string,
  ): Promise<Recorded[]> {
    const keys = [...new Set(order.map(i => deliveries[i].dedupKey))];
    const latest = await tx.lockAlerts(integration.id, keys);
    // the first delivery with content of each new key creates its alert
    const creators = new Map<string, number>();
    for (const index of order) {
      const { dedupKey, content } = deliveries[index];
      if (content && !latest.has(dedupKey) && !creators.has(dedupKey)) {
        creators.set(dedupKey, index);
      }
    }
    const inserted = await tx.insertAlerts(
      [...creators.values()].map(index =>
        this.newAlert(
          integration,
          deliveries[index],
          routes[index],
          windows,
          at,
        ),
      ),
    );

    const done: Recorded[] = [];
    for (const index of order) {
      const delivery = deliveries[index];
      const key = delivery.dedupKey;
      const creator = creators.get(key);
      if (creator === index && inserted.has(key)) {
        const alert = inserted.get(key)!;
        latest.set(key, alert);
        done.push({ alert, effect: 'created', index });
        continue;
      }
      // a state change listed before the alert's first content changes nothing (see record);
      // the row our insert already wrote is not there yet for it
      if (creator !== undefined && creator !== index && !latest.has(key)) {
        continue;
      }
      const current = latest.get(key);
      const result = current
        ? await this.applyTo(tx, current, delivery, routes[index], windows, at)
        : await this.record(
            tx,
            integration,
            delivery,
            routes[index],
            windows,
            at,
          );
      if (!result) continue;
      latest.set(key, result.alert);
      done.push({ ...result, index });
    }
    return done;
  }

  /** A new alert row for the first delivery of a dedup key. */
  private newAlert(
    integration: StoredIntegration,
    delivery: AlertDelivery,
    route: Route | undefined,
    windows: Map<string, string>,
    at: string,
  ) {
    const { entityRef: _named, ...fields } = delivery.content!;
    return {
      ...fields,
      ...firstState(delivery, at),
      integrationId: integration.id,
      dedupKey: delivery.dedupKey,
      incidentSeverity: mapSeverity(
        this.options.config,
        delivery.content!.severity,
      ),
      entityRef: route?.entityRef ?? null,
      ownerRef: route?.ownerRef ?? null,
      suppressedBy:
        route && delivery.status === 'firing'
          ? windows.get(route.entityRef) ?? null
          : null,
      firstSeenAt: at,
      lastSeenAt: at,
    };
  }

  /** A delivery's effect on an alert row this transaction holds. */
  private async applyTo(
    tx: AlertsTransaction,
    current: StoredAlert,
    delivery: AlertDelivery,
    route: Route | undefined,
    windows: Map<string, string>,
    at: string,
  ): Promise<Omit<Recorded, 'index'>> {
    const { effect, update } = applyDelivery(current, delivery, at);
    if (effect !== 'stale') {
      Object.assign(
        update,
        this.refreshRouting(current, delivery, route, windows),
      );
    }
    return { alert: await tx.updateAlert(current.id, update), effect };
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
      // a state change for an alert never seen (a PagerDuty resolve) is accepted and ignored
      if (!delivery.content) return undefined;
      const inserted = await tx.insertAlert(
        this.newAlert(integration, delivery, route, windows, at),
      );
      if (inserted) return { alert: inserted, effect: 'created' };
      // a concurrent delivery inserted it first; continue from its row
      current = await tx.lockAlert(integration.id, delivery.dedupKey);
      if (!current) {
        throw new ServiceUnavailableError('Alert storage is busy; retry');
      }
    }
    return this.applyTo(tx, current, delivery, route, windows, at);
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
  ): Promise<Changes> {
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
      await this.options.incidents.alertsResolved(
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
          await this.options.incidents.resolveFromAlerts(
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
    const entityRefs = [...joining.keys()].sort(compare);
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
    const attachChanges = await this.options.incidents.attachAlerts(
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

  /**
   * Announces committed changes. An incident opened, transitioned (resolved, reopened) or
   * acknowledged is announced at once, every time. "Alerts joined it" is announced at once
   * too, then at most once per incident per second while alerts keep joining: every live
   * update, escalation and triage hook reacts to an incident change, and an incident that
   * takes a hundred alerts a second must not make them recompute a hundred times a second.
   * The last one always goes out, and a weightier change supersedes a waiting one.
   */
  private async announce(changes: IncidentChange[]): Promise<void> {
    const now = changes.filter(change => {
      if (change.type === 'updated') return this.updates.admit(change);
      this.updates.superseded(change.incident.id);
      return true;
    });
    if (now.length === 0) return;
    const credentials = await this.options.auth.getOwnServiceCredentials();
    for (const change of now) {
      await this.options.incidents.announce(change, credentials);
    }
  }

  /** The waiting "alerts joined" announcement of each incident, sent when its second is up. */
  private readonly updates = new UpdateThrottle(UPDATE_INTERVAL_MS, change =>
    this.options.auth
      .getOwnServiceCredentials()
      .then(credentials => this.options.incidents.announce(change, credentials))
      .catch(error =>
        this.options.logger.warn(
          `Announcing ${change.incident.id} failed: ${error}`,
        ),
      ),
  );

  private now(): Date {
    return this.options.clock?.() ?? new Date();
  }
}

/**
 * Deliveries in one transaction must come out as if applied one after another. That holds
 * unless one delivery resolves alerts of an entity while another groups alerts of it: then
 * the order decides whether the incident resolves (and reopens) in between.
 */
function assertIndependent(
  recorded: Recorded[],
  jobOf: (index: number) => number,
) {
  const resolving = new Map<string, Set<number>>();
  const grouping = new Map<string, Set<number>>();
  for (const { alert, effect, index } of recorded) {
    if (!alert.entityRef) continue;
    let into: Map<string, Set<number>>;
    if (effect === 'resolved') into = resolving;
    else if (needsGroup(alert, effect)) into = grouping;
    else continue;
    const jobs = into.get(alert.entityRef) ?? new Set<number>();
    jobs.add(jobOf(index));
    into.set(alert.entityRef, jobs);
  }
  for (const [entityRef, resolvers] of resolving) {
    for (const job of grouping.get(entityRef) ?? []) {
      if (!resolvers.has(job) || resolvers.size > 1) {
        throw new DependentDeliveries(
          `Deliveries resolve and group alerts of ${entityRef} at once`,
        );
      }
    }
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
