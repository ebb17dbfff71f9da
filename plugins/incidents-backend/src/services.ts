import {
  PermissionsRegistryService,
  PermissionsService,
  UrlReaderService,
} from '@backstage/backend-plugin-api';
import { MetricsService } from '@backstage/backend-plugin-api/alpha';
import { NotificationService } from '@backstage/plugin-notifications-node';
import {
  IncidentNotifier,
  TriageProvider,
} from '@lookout/plugin-incidents-node';
import { AlertsService } from './alerts/AlertsService';
import { createAlertServices } from './alerts/createAlertServices';
import { ChangesService } from './changes/ChangesService';
import { createEscalationServices } from './escalation/createEscalationServices';
import { EscalationPoliciesService } from './escalation/EscalationPoliciesService';
import { EscalationService } from './escalation/EscalationService';
import { GraphService } from './graph/GraphService';
import { createImportService } from './import/createImportService';
import { ImportService } from './import/ImportService';
import { IdempotencyStore } from './idempotency/IdempotencyStore';
import { createIncidentServices } from './incidents/createIncidentServices';
import { DatabaseIncidentsStore } from './incidents/DatabaseIncidentsStore';
import { IncidentChangeStream } from './incidents/IncidentChangeStream';
import { IncidentsService } from './incidents/IncidentsService';
import { PluginDeps } from './lib/pluginDeps';
import { createInsightsServices } from './insights/createInsightsServices';
import { InsightsDigest } from './insights/InsightsDigest';
import { InsightsService } from './insights/InsightsService';
import { IntegrationsService } from './integrations/IntegrationsService';
import { DatabaseMaintenanceStore } from './maintenance/DatabaseMaintenanceStore';
import { MaintenanceService } from './maintenance/MaintenanceService';
import {
  createOnCallServices,
  createSchedulesService,
} from './oncall/createOnCallServices';
import { OnCallResolver } from './oncall/OnCallResolver';
import { SchedulesService } from './oncall/SchedulesService';
import { PagesService } from './paging/PagesService';
import { PagingWebhooksService } from './paging/PagingWebhooksService';
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
import { createSupportServices } from './support/createSupportServices';
import { DatabaseCustomerReach } from './support/DatabaseCustomerReach';
import { SupportService } from './support/SupportService';
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
  /** On-call schedules and their overrides. */
  schedules: SchedulesService;
  /** Who is on call for an entity or a group, now and next, and whom its policy pages. */
  oncall: OnCallResolver;
  /** Escalation policies as people manage them. */
  escalationPolicies: EscalationPoliciesService;
  /** Due work shared by every replica (escalation steps, subscriber deliveries). */
  queue: WorkQueue;
  /** This replica's share of the queue; domains register their handlers on it. */
  worker: QueueWorker;
  /** An incident's escalation and its pages: escalate now, reassign (the engine runs the rest). */
  escalation: EscalationService;
  /** A user's pages, and acknowledging a page in the portal or by its link. */
  paging: PagesService;
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
  /** Helpdesk reports, their incidents, and the notes and replies back to every ticket. */
  support: SupportService;
  /** The mission's figures (response, resolution, notification, automation, load…). */
  insights: InsightsService;
  /** Each team's weekly figures, through notifications (absent without them). */
  insightsDigest?: InsightsDigest;
  /** Imports from PagerDuty and Opsgenie: plan, apply, and the proof of fidelity. */
  imports: ImportService;
}

/**
 * Every domain's services, built in dependency order from the plugin's core services; the
 * permissions authorizer is built here, from `permissions` and `permissionsRegistry`.
 */
export function createServices(
  deps: Omit<PluginDeps, 'authorizer'> & {
    store: DatabaseIncidentsStore;
    permissions: PermissionsService;
    permissionsRegistry: PermissionsRegistryService;
    notifiers: IncidentNotifier[];
    /** Reads runbook files named by the `lookout.dev/runbooks` annotation. */
    urlReader: UrlReaderService;
    /** Backstage's notifications, through which pages reach people. */
    notifications?: NotificationService;
    /** Backstage's metrics, where the escalation engine records how late its steps fire. */
    metrics?: MetricsService;
    /** Language-model providers added through `incidentsTriageExtensionPoint`. */
    triageProviders?: TriageProvider[];
  },
): Services {
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
  // schedules come before escalation, whose policies page them; the on-call answer after
  const schedules = createSchedulesService({ ...deps, authorizer });
  const { incidents, alertIncidents } = createIncidentServices({
    ...deps,
    store: incidentsStore,
    authorizer,
    incidentChanges,
    graph,
  });
  const { policyResolver, ...escalation } = createEscalationServices({
    ...deps,
    authorizer,
    incidents,
    alertIncidents,
    incidentsStore,
    incidentChanges,
    schedules,
    queue,
    worker,
  });
  const { oncall } = createOnCallServices({
    ...deps,
    schedules,
    policies: policyResolver,
  });
  const alertServices = createAlertServices({
    ...deps,
    authorizer,
    incidents,
    alertIncidents,
    graph,
    maintenance,
  });
  // who reported each incident, kept by support: evidence for triage and the status page's draft
  const customerReach = DatabaseCustomerReach.create({ knex: deps.knex });
  const built = {
    incidentChanges,
    idempotency: IdempotencyStore.create({ knex: deps.knex }),
    queue,
    worker,
    graph,
    incidents,
    maintenance,
    schedules,
    oncall,
    ...escalation,
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
      customerReports: customerReach,
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
    oncall: policyResolver,
    runbooks: built.runbooks,
    postmortems: built.postmortems,
    customerReports: customerReach,
  });
  const { support } = createSupportServices({
    ...deps,
    authorizer,
    incidents,
    incidentChanges,
    graph,
    queue,
    worker,
    customerReach,
    triage,
  });
  const { insights, insightsDigest } = createInsightsServices({
    ...deps,
    authorizer,
    graph,
  });
  const imports = createImportService({
    ...deps,
    authorizer,
    schedules,
    escalationPolicies: built.escalationPolicies,
  });
  return { ...built, triage, support, insights, insightsDigest, imports };
}
