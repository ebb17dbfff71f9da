import { UrlReaderService } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { Knex } from 'knex';
import { AlertsService } from '../alerts/AlertsService';
import { IncidentsService } from '../incidents/IncidentsService';
import { IncidentsStore } from '../incidents/IncidentsStore';
import { IncidentsAuthorizer } from '../permissions/IncidentsAuthorizer';
import { DatabaseRunbooksStore } from './DatabaseRunbooksStore';
import { RunbookReader } from './RunbookReader';
import { RunbooksService } from './RunbooksService';

/** Builds the runbooks domain from the plugin's shared parts (used by `createServices`). */
export function createRunbooksService(deps: {
  knex: Knex;
  config: Config;
  urlReader: UrlReaderService;
  catalog: CatalogService;
  authorizer: IncidentsAuthorizer;
  incidents: IncidentsService;
  incidentsStore: IncidentsStore;
  alerts: AlertsService;
}): RunbooksService {
  const cacheSeconds =
    deps.config.getOptionalNumber('incidents.runbooks.cacheSeconds') ?? 60;
  return new RunbooksService({
    store: DatabaseRunbooksStore.create({ knex: deps.knex }),
    reader: new RunbookReader({
      urlReader: deps.urlReader,
      cacheTtlMs: cacheSeconds * 1000,
    }),
    integrations: ScmIntegrations.fromConfig(deps.config),
    catalog: deps.catalog,
    authorizer: deps.authorizer,
    incidents: deps.incidents,
    alerts: deps.alerts,
    timeline: deps.incidentsStore,
  });
}
