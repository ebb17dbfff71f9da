import { LoggerService } from '@backstage/backend-plugin-api';
import { ServiceUnavailableError } from '@backstage/errors';
import { AlertIncidentWriter } from '../incidents/AlertIncidentWriter';
import { StoredIntegration } from '../integrations/IntegrationsStore';
import { AlertAnnouncer } from './AlertAnnouncer';
import { actingFor, AlertGrouping, needsGroup } from './AlertGrouping';
import { AlertsStore } from './AlertsStore';
import { AlertsConfig } from './config';
import { DeliveryRecorder, Recorded } from './DeliveryRecorder';
import { GroupCommit } from './GroupCommit';
import { lockOrder } from './lockOrder';
import { EntityRouter, Route } from './routing';
import { AlertDelivery, IngestResult } from './types';

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

/** Deliveries that may not share a transaction: run them one by one. */
class DependentDeliveries extends Error {}

/** The most deliveries that share one transaction. */
const MAX_BATCH = 64;

/**
 * Alert ingestion: each delivery is recorded (deduplication, routing, maintenance) and
 * applied to incidents (grouping, flap damping, auto-resolution) in one transaction, which
 * concurrent deliveries share (group commit); acknowledgements from senders stop escalation.
 * No HTTP and no SQL here.
 */
export class AlertIngestion {
  private readonly recorder: DeliveryRecorder;
  private readonly commits: GroupCommit<IngestJob, IngestOutcome>;

  constructor(
    private readonly options: {
      store: AlertsStore;
      alertIncidents: Pick<AlertIncidentWriter, 'acknowledgeFromAlert'>;
      grouping: AlertGrouping;
      announcer: AlertAnnouncer;
      router: Pick<EntityRouter, 'route'>;
      maintenance: {
        activeFor(refs: string[], at?: Date): Promise<Map<string, string>>;
      };
      config: Pick<AlertsConfig, 'severities' | 'defaultSeverity'>;
      logger: LoggerService;
      clock?: () => Date;
    },
  ) {
    this.recorder = new DeliveryRecorder(options.config);
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
    // alert rows lock by dedup key, the first of the locks every transaction takes in one
    // order (see lockOrder)
    const order = deliveries
      .map((_, index) => index)
      .sort((a, b) =>
        lockOrder(deliveries[a].dedupKey, deliveries[b].dedupKey),
      );

    const { recorded, changes } = await this.options.store.transaction(
      async tx => {
        const done = await this.recorder.recordAll(
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
          changes: await this.options.grouping.applyToIncidents(
            tx,
            actingFor(integration),
            done,
            at,
          ),
        };
      },
    );
    const announced = this.options.announcer.announce(changes.all);
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
      const change = await this.options.alertIncidents.acknowledgeFromAlert(
        tx.incidents,
        alert.incidentSeq,
        actingFor(integration).actor,
      );
      return change ? [change] : [];
    });
    await this.options.announcer.announce(changes);
    return {
      received: 1,
      stale: 0,
      unrouted: 0,
      suppressed: 0,
      incidents: changes.map(change => change.incident.id),
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
