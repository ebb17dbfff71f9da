import { GraphService } from '../graph/GraphService';
import { IncidentChangeStream } from '../incidents/IncidentChangeStream';
import { IncidentsStore } from '../incidents/IncidentsStore';
import { PluginDeps } from '../lib/pluginDeps';
import { QueueWorker } from '../queue/QueueWorker';
import { WorkQueue } from '../queue/WorkQueue';
import { DatabaseStatusPageStore } from './DatabaseStatusPageStore';
import { DraftsAndCoverageService } from './DraftsAndCoverageService';
import { PublicIncidentsService } from './PublicIncidentsService';
import { PublicStatusPage } from './PublicStatusPage';
import { readStatusPageSettings, StatusPageSettings } from './settings';
import { StatusComponentsService } from './StatusComponentsService';
import { StatusPageAccess } from './StatusPageAccess';
import {
  createMailer,
  statusPageDeliveryHandlers,
} from './subscribers/deliveries';
import { SubscribersService } from './subscribers/SubscribersService';

/** The status page's services, one per part of the page, as the routers use them. */
export interface StatusPageServices {
  settings: StatusPageSettings;
  /** Components and the status each shows. */
  components: StatusComponentsService;
  /** Public incidents, maintenances and their updates. */
  publicIncidents: PublicIncidentsService;
  /** Drafts of updates, and how far each update reached. */
  drafts: DraftsAndCoverageService;
  /** Email and webhook subscribers, and the delivery of updates to them. */
  subscribers: SubscribersService;
}

/**
 * The status page's services, with its delivery handlers registered on the worker and its
 * public documents following the incident changes committed on this replica.
 */
export function createStatusPageServices(
  deps: PluginDeps & {
    graph: GraphService;
    incidentsStore: Pick<IncidentsStore, 'getIncident' | 'appendEvents'>;
    incidentChanges: IncidentChangeStream;
    queue: WorkQueue;
    worker: QueueWorker;
    /** How many customers reported each incident (the support domain), for the drafts. */
    customerReports?: {
      of(incidentIds: string[]): Promise<Array<{ reports: number }>>;
    };
  },
): { statusPage: StatusPageServices; publicStatusPage: PublicStatusPage } {
  const settings = readStatusPageSettings(deps.config);
  const store = DatabaseStatusPageStore.create({ knex: deps.knex });
  const access = new StatusPageAccess({
    incidents: deps.incidentsStore,
    authorizer: deps.authorizer,
  });
  // the public documents read the services below, which drop them on every change they make
  let publicStatusPage: PublicStatusPage | undefined = undefined;
  const onPageChange = () => publicStatusPage?.invalidate();
  const poke = () => deps.worker.poke();
  const components = new StatusComponentsService({
    store,
    graph: deps.graph,
    catalog: deps.catalog,
    auth: deps.auth,
    access,
    logger: deps.logger,
    onPageChange,
  });
  const subscribers = new SubscribersService({
    store,
    components,
    access,
    enqueue: (items, trx) => deps.queue.enqueue(items, trx),
    poke,
    settings,
  });
  const publicIncidents = new PublicIncidentsService({
    store,
    components,
    subscribers,
    access,
    incidents: deps.incidentsStore,
    poke,
    settings,
    onPageChange,
  });
  const drafts = new DraftsAndCoverageService({
    store,
    components,
    publicIncidents,
    access,
    customerReports: deps.customerReports,
  });
  publicStatusPage = new PublicStatusPage({
    settings,
    components,
    publicIncidents,
    store,
    graph: deps.graph,
    baseUrl: deps.baseUrl,
  });
  const page = publicStatusPage;
  // an incident changes live status: this replica's page shows it at once, others within
  // their check interval
  deps.incidentChanges.subscribe('status page', () => page.recheck());
  const handlers = statusPageDeliveryHandlers({
    store,
    components,
    page,
    settings,
    mailer: settings.smtp ? createMailer(settings.smtp) : undefined,
    logger: deps.logger,
  });
  for (const [kind, handler] of Object.entries(handlers)) {
    deps.worker.handle(kind, handler);
  }
  return {
    statusPage: { settings, components, publicIncidents, drafts, subscribers },
    publicStatusPage: page,
  };
}
