import {
  AuthService,
  LoggerService,
  PermissionsRegistryService,
  PermissionsService,
  UrlReaderService,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { NotificationService } from '@backstage/plugin-notifications-node';
import {
  IncidentNotifier,
  TriageProvider,
} from '@lookout/plugin-incidents-node';
import { Knex } from 'knex';
import { AlertsService } from './alerts/AlertsService';
import { createAlertServices } from './alerts/createAlertServices';
import { ChangesService } from './changes/ChangesService';
import { createEscalationServices } from './escalation/createEscalationServices';
import { EscalationService } from './escalation/EscalationService';
import { PagingWebhooksService } from './escalation/PagingWebhooksService';
import { GraphService } from './graph/GraphService';
import { IdempotencyStore } from './idempotency/IdempotencyStore';
import { createIncidentServices } from './incidents/createIncidentServices';
import { DatabaseIncidentsStore } from './incidents/DatabaseIncidentsStore';
import { IncidentChangeStream } from './incidents/IncidentChangeStream';
import { IncidentsService } from './incidents/IncidentsService';
import { IntegrationsService } from './integrations/IntegrationsService';
import { DatabaseMaintenanceStore } from './maintenance/DatabaseMaintenanceStore';
import { MaintenanceService } from './maintenance/MaintenanceService';
import { DatabaseOnCallStore } from './oncall/DatabaseOnCallStore';
import { OnCallService } from './oncall/OnCallService';
import { IncidentsAuthorizer } from './permissions/IncidentsAuthorizer';
import { createPostmortemsService } from './postmortems/createPostmortemsService';
import { PostmortemsService } from './postmortems/PostmortemsService';
import { QueueWorker } from './queue/QueueWorker';
import { createRunbooksService } from './runbooks/createRunbooksService';
import { RunbooksService } from './runbooks/RunbooksService';
import { WorkQueue } from './queue/WorkQueue';
import {
  createStatusPageServices,
  StatusPageServices,
} from './statuspage/createStatusPageServices';
import { PublicStatusPage } from './statuspage/PublicStatusPage';
import { createTriageService } from './triage/createTriageService';
import { TriageService } from './triage/TriageService';

/** Every domain service of the plugin, built once from its dependencies. */
export interface Services {
  /** Every committed incident change, for whatever must follow it (signals, paging, triage…). */
  incidentChanges: IncidentChangeStream;
  incidents: IncidentsService;
  idempotency: IdempotencyStore;
  graph: GraphService;
  alerts: AlertsService;
  integrations: IntegrationsService;
  changes: ChangesService;
  maintenance: MaintenanceService;
  /** Schedules, escalation policies, who is on call and whom a policy pages. */
  oncall: OnCallService;
  /** Due work shared by every replica (escalation steps, subscriber deliveries). */
  queue: WorkQueue;
  /** This replica's share of the queue; domains register their handlers on it. */
  worker: QueueWorker;
  /** Escalations and pages: an opened incident runs its owner's policy. */
  escalation: EscalationService;
  /** Outbound webhooks every page is posted to. */
  pagingWebhooks: PagingWebhooksService;
  /** Postmortems and action items; `search` and `forIncidents` serve triage. */
  postmortems: PostmortemsService;
  /** Runbooks; `forEntity` and `forIncident` serve triage. */
  runbooks: RunbooksService;
  /** The triage assistant: suggestions computed when an incident opens. */
  triage: TriageService;
  /** The public status page's components, incidents, maintenances and subscribers. */
  statusPage: StatusPageServices;
  /** The public documents (HTML, Statuspage v2 JSON, feeds), cached per replica. */
  publicStatusPage: PublicStatusPage;
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
  /** Reads runbook files named by the `lookout.dev/runbooks` annotation. */
  urlReader: UrlReaderService;
  /** Backstage's notifications, through which pages reach people. */
  notifications?: NotificationService;
  /** Language-model providers added through `incidentsTriageExtensionPoint`. */
  triageProviders?: TriageProvider[];
}): Services {
  const incidentsStore = deps.store;
  // every domain built below subscribes here to what it must follow
  const incidentChanges = new IncidentChangeStream(deps.logger);
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
    permissions: deps.permissions,
    logger: deps.logger,
    incidents: incidentsStore,
    authorizer,
    maintenance: () => maintenance.active(),
  });
  const oncall = new OnCallService({
    store: DatabaseOnCallStore.create({ knex: deps.knex }),
    catalog: deps.catalog,
    auth: deps.auth,
    authorizer,
    logger: deps.logger,
  });
  const { incidents } = createIncidentServices({
    ...deps,
    store: incidentsStore,
    authorizer,
    incidentChanges,
    graph,
  });
  const paging = createEscalationServices({
    ...deps,
    authorizer,
    incidents,
    incidentsStore,
    incidentChanges,
    oncall,
    queue,
    worker,
  });
  const alertServices = createAlertServices({
    ...deps,
    authorizer,
    incidents,
    graph,
    maintenance,
  });
  const built = {
    incidentChanges,
    idempotency: IdempotencyStore.create({ knex: deps.knex }),
    queue,
    worker,
    graph,
    incidents,
    maintenance,
    oncall,
    ...paging,
    postmortems: createPostmortemsService({
      knex: deps.knex,
      config: deps.config,
      incidents: incidentsStore,
      authorizer,
      catalog: deps.catalog,
      graph,
    }),
    ...alertServices,
    ...createStatusPageServices({
      ...deps,
      authorizer,
      graph,
      incidentsStore,
      incidentChanges,
      queue,
      worker,
    }),
    runbooks: createRunbooksService({
      ...deps,
      authorizer,
      incidents,
      incidentsStore,
      alerts: alertServices.alerts,
    }),
  };
  const triage = createTriageService({
    ...deps,
    incidentsStore,
    incidentChanges,
    authorizer,
    alerts: built.alerts,
    changes: built.changes,
    graph,
    oncall,
    runbooks: built.runbooks,
    postmortems: built.postmortems,
  });
  return { ...built, triage };
}
