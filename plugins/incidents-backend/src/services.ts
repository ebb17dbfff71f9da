import { LoggerService } from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { IncidentNotifier } from '@lookout/plugin-incidents-node';
import { Knex } from 'knex';
import { DatabaseIncidentsStore } from './incidents/DatabaseIncidentsStore';
import { IncidentsService } from './incidents/IncidentsService';

/** Every domain service of the plugin, built once from its dependencies. */
export interface Services {
  incidents: IncidentsService;
}

export function createServices(deps: {
  knex: Knex;
  catalog: CatalogService;
  logger: LoggerService;
  notifiers: IncidentNotifier[];
}): Services & { stores: { incidents: DatabaseIncidentsStore } } {
  const incidentsStore = DatabaseIncidentsStore.create({ knex: deps.knex });
  return {
    stores: { incidents: incidentsStore },
    incidents: new IncidentsService({
      store: incidentsStore,
      catalog: deps.catalog,
      notifiers: deps.notifiers,
      logger: deps.logger,
    }),
  };
}
