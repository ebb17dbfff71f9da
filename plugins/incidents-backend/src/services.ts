import {
  AuthService,
  LoggerService,
  PermissionsRegistryService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { IncidentNotifier } from '@lookout/plugin-incidents-node';
import { Knex } from 'knex';
import { AlertsService } from './alerts/AlertsService';
import { readAlertsConfig } from './alerts/config';
import { DatabaseAlertsStore } from './alerts/DatabaseAlertsStore';
import { EntityRouter } from './alerts/routing';
import { ChangesService } from './changes/ChangesService';
import { DatabaseChangesStore } from './changes/DatabaseChangesStore';
import { GraphService } from './graph/GraphService';
import { summarizeBlastRadius } from './graph/summarizeBlastRadius';
import { IdempotencyStore } from './idempotency/IdempotencyStore';
import { DatabaseIncidentsStore } from './incidents/DatabaseIncidentsStore';
import { IncidentChange, IncidentsService } from './incidents/IncidentsService';
import { DatabaseIntegrationsStore } from './integrations/DatabaseIntegrationsStore';
import { IntegrationsService } from './integrations/IntegrationsService';
import { DatabaseMaintenanceStore } from './maintenance/DatabaseMaintenanceStore';
import { MaintenanceService } from './maintenance/MaintenanceService';
import { IncidentsAuthorizer } from './permissions/IncidentsAuthorizer';
import { QueueWorker } from './queue/QueueWorker';
import { WorkQueue } from './queue/WorkQueue';

/** Every domain service of the plugin, built once from its dependencies. */
export interface Services {
  incidents: IncidentsService;
  idempotency: IdempotencyStore;
  graph: GraphService;
  alerts: AlertsService;
  integrations: IntegrationsService;
  changes: ChangesService;
  maintenance: MaintenanceService;
  /** Due work shared by every replica (escalation steps, subscriber deliveries). */
  queue: WorkQueue;
  /** This replica's share of the queue; domains register their handlers on it. */
  worker: QueueWorker;
  stores: { incidents: DatabaseIncidentsStore };
}

export function createServices(deps: {
  knex: Knex;
  config: Config;
  /** The plugin's external base URL, for the integration snippets. */
  baseUrl: () => Promise<string>;
  store: DatabaseIncidentsStore;
  catalog: CatalogService;
  auth: AuthService;
  permissions: PermissionsService;
  permissionsRegistry: PermissionsRegistryService;
  logger: LoggerService;
  notifiers: IncidentNotifier[];
  onChange: (change: IncidentChange) => Promise<void>;
}): Services {
  const incidentsStore = deps.store;
  const queue = WorkQueue.create({ knex: deps.knex });
  const worker = new QueueWorker({ queue, logger: deps.logger });
  const authorizer = new IncidentsAuthorizer(
    deps.permissions,
    deps.permissionsRegistry,
  );
  const maintenance = new MaintenanceService({
    store: DatabaseMaintenanceStore.create({ knex: deps.knex }),
    catalog: deps.catalog,
    authorizer,
  });
  const graph = new GraphService({
    catalog: deps.catalog,
    auth: deps.auth,
    logger: deps.logger,
    incidents: incidentsStore,
    authorizer,
    maintenance: () => maintenance.active(),
  });
  const incidents = new IncidentsService({
    store: incidentsStore,
    catalog: deps.catalog,
    authorizer,
    notifiers: deps.notifiers,
    logger: deps.logger,
    onChange: deps.onChange,
    blastRadius: async (entityRef, credentials) =>
      summarizeBlastRadius(await graph.blastRadius({ entityRef }, credentials)),
  });
  return {
    stores: { incidents: incidentsStore },
    idempotency: IdempotencyStore.create({ knex: deps.knex }),
    queue,
    worker,
    graph,
    incidents,
    maintenance,
    ...createAlertServices({
      ...deps,
      authorizer,
      incidents,
      graph,
      maintenance,
    }),
  };
}

/** Alert ingestion: integration keys, alerts and change events. */
function createAlertServices(deps: {
  knex: Knex;
  config: Config;
  baseUrl: () => Promise<string>;
  store: DatabaseIncidentsStore;
  catalog: CatalogService;
  auth: AuthService;
  logger: LoggerService;
  authorizer: IncidentsAuthorizer;
  incidents: IncidentsService;
  graph: GraphService;
  maintenance: MaintenanceService;
}) {
  const config = readAlertsConfig(deps.config);
  const router = new EntityRouter({
    catalog: deps.catalog,
    auth: deps.auth,
    rules: config.routes,
  });
  return {
    integrations: new IntegrationsService({
      store: DatabaseIntegrationsStore.create({ knex: deps.knex }),
      catalog: deps.catalog,
      authorizer: deps.authorizer,
      baseUrl: deps.baseUrl,
      rateLimitPerMinute: config.rateLimitPerMinute,
    }),
    alerts: new AlertsService({
      store: DatabaseAlertsStore.create({
        knex: deps.knex,
        incidents: deps.store,
      }),
      incidents: deps.incidents,
      router,
      maintenance: deps.maintenance,
      authorizer: deps.authorizer,
      auth: deps.auth,
      config,
      logger: deps.logger,
    }),
    changes: new ChangesService({
      store: DatabaseChangesStore.create({ knex: deps.knex }),
      router,
      incidents: deps.incidents,
      // the graph's upstream walk: what the origin depends on, as the caller may see it
      upstream: async (entityRef, credentials) =>
        (
          await deps.graph.blastRadius(
            { entityRef, direction: 'upstream' },
            credentials,
          )
        ).impacted.map(({ entityRef: ref, distance }) => ({
          entityRef: ref,
          distance,
        })),
      lookbackMs: config.changeLookbackMs,
      logger: deps.logger,
    }),
  };
}
