import { ServiceUnavailableError } from '@backstage/errors';
import { StoredIntegration } from '../integrations/IntegrationsStore';
import {
  applyDelivery,
  AlertUpdate,
  DeliveryEffect,
  firstState,
} from './alertState';
import { AlertsTransaction } from './AlertsStore';
import { AlertsConfig, mapSeverity } from './config';
import { Route } from './routing';
import { AlertDelivery, StoredAlert } from './types';

/** An alert after its delivery was recorded, and what the delivery did to it. */
export interface Recorded {
  alert: StoredAlert;
  effect: DeliveryEffect;
  /** Its place in the delivery: the first alert of a group names the incident it opens. */
  index: number;
}

/**
 * Phase one of alert ingestion, inside its transaction: each delivery's effect on its alert
 * row (deduplication, sender order, routing, maintenance). Grouping into incidents follows
 * (AlertGrouping).
 */
export class DeliveryRecorder {
  constructor(
    private readonly config: Pick<
      AlertsConfig,
      'severities' | 'defaultSeverity'
    >,
  ) {}

  /**
   * Phase one for a whole delivery, with two statements in the common case: one locks the
   * alerts that exist, one inserts those that do not. Deliveries then apply in dedup key
   * order (sender order within a key), each on the state the one before left, exactly as if
   * they had come one by one; only a key another transaction inserted meanwhile takes the
   * one-by-one path.
   */
  async recordAll(
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
      incidentSeverity: mapSeverity(this.config, delivery.content!.severity),
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
        this.config,
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
}
