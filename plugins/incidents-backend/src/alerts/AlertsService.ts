import {
  AuthService,
  BackstageCredentials,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import { Page } from '@lookout/plugin-incidents-common';
import { AlertIncidentWriter } from '../incidents/AlertIncidentWriter';
import { actorRef } from '../incidents/actors';
import { formatIncidentId, parseIncidentId } from '../incidents/incidentIds';
import { IncidentsService } from '../incidents/IncidentsService';
import { StoredIntegration } from '../integrations/IntegrationsStore';
import { decodeCursor, encodeCursor } from '../lib/cursor';
import { normalizeRef } from '../lib/entityRefs';
import { IncidentsAuthorizer } from '../permissions/IncidentsAuthorizer';
import { AlertAnnouncer } from './AlertAnnouncer';
import { AlertGrouping } from './AlertGrouping';
import { AlertIngestion } from './AlertIngestion';
import { AlertsStore } from './AlertsStore';
import { AlertsConfig } from './config';
import { EntityRouter } from './routing';
import {
  Alert,
  AlertDelivery,
  AlertStatus,
  IngestResult,
  StoredAlert,
} from './types';

const DEFAULT_PAGE = 50;

export interface AlertListQuery {
  status?: AlertStatus;
  cursor?: string;
  limit?: number;
}

/**
 * The alerts domain as its callers see it: alert lists, single alerts, and the unrouted inbox,
 * whose alerts a person routes to an entity. Senders' deliveries are handed to AlertIngestion
 * (group commit). Routing and ingestion group alerts into incidents with the same
 * AlertGrouping and announce through the same AlertAnnouncer, so an incident's "alerts
 * joined" announcements are throttled together. No HTTP and no SQL here.
 */
export class AlertsService {
  private readonly grouping: AlertGrouping;
  private readonly announcer: AlertAnnouncer;
  private readonly ingestion: AlertIngestion;

  constructor(
    private readonly options: {
      store: AlertsStore;
      /** Who may read an incident, for its alert list. */
      incidents: Pick<IncidentsService, 'get'>;
      /** How alerts open and change incidents, inside their transactions. */
      alertIncidents: AlertIncidentWriter;
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
    this.grouping = new AlertGrouping(options);
    this.announcer = new AlertAnnouncer(options);
    this.ingestion = new AlertIngestion({
      ...options,
      grouping: this.grouping,
      announcer: this.announcer,
    });
  }

  /** Records a sender's delivery and applies it to incidents; see AlertIngestion. */
  async ingest(
    integration: StoredIntegration,
    deliveries: AlertDelivery[],
  ): Promise<IngestResult> {
    return this.ingestion.ingest(integration, deliveries);
  }

  /** A sender acknowledged an alert; see AlertIngestion. */
  async acknowledge(
    integration: StoredIntegration,
    dedupKey: string,
  ): Promise<IngestResult> {
    return this.ingestion.acknowledge(integration, dedupKey);
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
        const applied = await this.grouping.applyToIncidents(
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
    await this.announcer.announce(changes);
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
      after: query.cursor ? decodeCursor(query.cursor) : undefined,
      limit: query.limit ?? DEFAULT_PAGE,
    });
    return {
      items: items.map(toApiAlert),
      nextCursor: last && encodeCursor(last),
    };
  }

  private now(): Date {
    return this.options.clock?.() ?? new Date();
  }
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
