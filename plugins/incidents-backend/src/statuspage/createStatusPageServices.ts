import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { Knex } from 'knex';
import { GraphService } from '../graph/GraphService';
import { IncidentsStore } from '../incidents/IncidentsStore';
import { IncidentsAuthorizer } from '../permissions/IncidentsAuthorizer';
import { QueueWorker } from '../queue/QueueWorker';
import { WorkQueue } from '../queue/WorkQueue';
import { DatabaseStatusPageStore } from './DatabaseStatusPageStore';
import { PublicStatusPage } from './PublicStatusPage';
import { readStatusPageSettings } from './settings';
import { StatusPageService } from './StatusPageService';
import {
  createMailer,
  statusPageDeliveryHandlers,
} from './subscribers/deliveries';

/** The status page's services, with its delivery handlers registered on the worker. */
export function createStatusPageServices(deps: {
  knex: Knex;
  config: Config;
  baseUrl: () => Promise<string>;
  catalog: CatalogService;
  auth: AuthService;
  logger: LoggerService;
  authorizer: IncidentsAuthorizer;
  graph: GraphService;
  incidentsStore: Pick<IncidentsStore, 'getIncident' | 'appendEvents'>;
  queue: WorkQueue;
  worker: QueueWorker;
}): { statusPage: StatusPageService; publicStatusPage: PublicStatusPage } {
  const settings = readStatusPageSettings(deps.config);
  const store = DatabaseStatusPageStore.create({ knex: deps.knex });
  let publicStatusPage: PublicStatusPage | undefined = undefined;
  const statusPage = new StatusPageService({
    store,
    graph: deps.graph,
    catalog: deps.catalog,
    auth: deps.auth,
    incidents: deps.incidentsStore,
    authorizer: deps.authorizer,
    enqueue: (items, trx) => deps.queue.enqueue(items, trx),
    poke: () => deps.worker.poke(),
    settings,
    logger: deps.logger,
    onPageChange: () => publicStatusPage?.invalidate(),
  });
  publicStatusPage = new PublicStatusPage({
    service: statusPage,
    store,
    graph: deps.graph,
    baseUrl: deps.baseUrl,
  });
  const handlers = statusPageDeliveryHandlers({
    store,
    service: statusPage,
    page: publicStatusPage,
    settings,
    mailer: settings.smtp ? createMailer(settings.smtp) : undefined,
    logger: deps.logger,
  });
  for (const [kind, handler] of Object.entries(handlers)) {
    deps.worker.handle(kind, handler);
  }
  return { statusPage, publicStatusPage };
}
