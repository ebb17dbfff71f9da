import { IncidentChangeEvents } from '@lookout/plugin-incidents-common';
import {
  BackstageCredentials,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { NotFoundError, ServiceUnavailableError } from '@backstage/errors';
import { randomUUID } from 'node:crypto';
import {
  boundedJson,
  clean,
  compact,
  links,
  scalarEntries,
  sha256,
} from '../alerts/formats/common';
import { PagerDutyChange } from '../alerts/formats/pagerDuty';
import { ENTITY_LABEL, EntityRouter } from '../alerts/routing';
import { IncidentsService } from '../incidents/IncidentsService';
import { normalizeRef } from '../lib/entityRefs';
import { StoredIntegration } from '../integrations/IntegrationsStore';
import { ChangeEvent, ChangesStore } from './ChangesStore';

const MAX_LIST = 500;

/** An entity upstream of another: what it depends on, directly or further away. */
export interface UpstreamEntity {
  entityRef: string;
  distance: number;
}

/**
 * The rules of change events: they are routed to entities as alerts are, kept, and shown
 * beside the incidents they may explain.
 */
export class ChangesService {
  private readonly recorded: Array<(entityRef: string) => void> = [];

  constructor(
    private readonly options: {
      store: ChangesStore;
      router: EntityRouter;
      incidents: Pick<IncidentsService, 'get'>;
      /**
       * The entities upstream of one, as the caller may see them (the graph's upstream walk).
       * Without it, an incident shows the changes on its origin only.
       */
      upstream?: (
        entityRef: string,
        credentials: BackstageCredentials,
      ) => Promise<UpstreamEntity[]>;
      /** How far before an incident was declared its changes are shown. */
      lookbackMs: number;
      logger: LoggerService;
      clock?: () => Date;
    },
  ) {}

  /**
   * Stores a change event. A sender that gives the change's time may retry safely: the same
   * change is stored once. Without a time, two identical events cannot be told from a retry,
   * and both are kept, since a repeated deploy is a real second change.
   */
  async record(
    integration: StoredIntegration,
    event: PagerDutyChange,
  ): Promise<void> {
    const { payload } = event;
    const details = scalarEntries(payload.custom_details);
    const labels = {
      ...details,
      ...(payload.source ? { source: payload.source } : {}),
    };
    let route;
    try {
      [route] = await this.options.router.route(integration, [
        { labels, entityRef: details[ENTITY_LABEL] },
      ]);
    } catch (error) {
      throw new ServiceUnavailableError(
        'The catalog is unavailable to route the change; nothing was recorded, retry later',
        error,
      );
    }
    const receivedAt = this.now().toISOString();
    const change = {
      summary: clean(payload.summary, 1024),
      source: clean(payload.source || 'unknown', 255),
      at: payload.timestamp ?? receivedAt,
      links: links(
        (event.links ?? []).map(l => ({ title: l.text, url: l.href })),
      ),
      details: compact({ custom_details: boundedJson(payload.custom_details) }),
    };
    await this.options.store.recordChange({
      ...change,
      integrationId: integration.id,
      entityRef: route?.entityRef ?? null,
      receivedAt,
      dedupHash: payload.timestamp
        ? sha256(JSON.stringify(change))
        : sha256(randomUUID()),
    });
    const entityRef = route?.entityRef;
    if (entityRef) this.recorded.forEach(listener => listener(entityRef));
  }

  /** Follows recorded changes by their entity (triage reads them as evidence). */
  onRecorded(listener: (entityRef: string) => void): void {
    this.recorded.push(listener);
  }

  /** Changes since a time (the last lookback period by default), on one entity or all. */
  async list(query: {
    entityRef?: string;
    since?: string;
  }): Promise<ChangeEvent[]> {
    return this.options.store.listChanges({
      entityRefs: query.entityRef
        ? [normalizeRef(query.entityRef, 'entityRef')]
        : undefined,
      since:
        query.since ??
        new Date(this.now().getTime() - this.options.lookbackMs).toISOString(),
      limit: MAX_LIST,
    });
  }

  /**
   * The changes on an incident's origin and the entities upstream of it, from the lookback
   * period before it was declared until now, for whoever may read the incident.
   */
  async forIncident(
    id: string,
    credentials: BackstageCredentials,
  ): Promise<IncidentChangeEvents> {
    const incident = await this.options.incidents.get(id, credentials);
    const distances = new Map([[incident.entityRef, 0]]);
    for (const { entityRef, distance } of await this.upstreamOf(
      incident.entityRef,
      credentials,
    )) {
      if (!distances.has(entityRef)) distances.set(entityRef, distance);
    }
    const since = new Date(
      Date.parse(incident.declaredAt) - this.options.lookbackMs,
    ).toISOString();
    const entityRefs = [...distances.keys()];
    const changes = await this.options.store.listChanges({
      entityRefs,
      since,
      limit: MAX_LIST,
    });
    return {
      since,
      entityRefs,
      items: changes.map(change => ({
        ...change,
        distance: distances.get(change.entityRef!) ?? 0,
      })),
    };
  }

  /** An origin the graph does not know (no longer in the catalog) has no upstream. */
  private async upstreamOf(
    entityRef: string,
    credentials: BackstageCredentials,
  ): Promise<UpstreamEntity[]> {
    if (!this.options.upstream) return [];
    try {
      return await this.options.upstream(entityRef, credentials);
    } catch (error) {
      if (!NotFoundError.is(error)) {
        this.options.logger.warn(
          `Could not walk upstream of ${entityRef}: ${error}`,
        );
      }
      return [];
    }
  }

  private now(): Date {
    return this.options.clock?.() ?? new Date();
  }
}
