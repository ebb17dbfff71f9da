import { Config } from '@backstage/config';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { Knex } from 'knex';
import { GraphService } from '../graph/GraphService';
import { IncidentsStore } from '../incidents/IncidentsStore';
import { IncidentsAuthorizer } from '../permissions/IncidentsAuthorizer';
import { readPostmortemsConfig } from './config';
import { DatabasePostmortemsStore } from './DatabasePostmortemsStore';
import { PostmortemsService } from './PostmortemsService';

/** Builds the postmortems domain from the plugin's shared parts (used by `createServices`). */
export function createPostmortemsService(deps: {
  knex: Knex;
  config: Config;
  incidents: IncidentsStore;
  authorizer: IncidentsAuthorizer;
  catalog: CatalogService;
  graph: GraphService;
}): PostmortemsService {
  return new PostmortemsService({
    store: DatabasePostmortemsStore.create({ knex: deps.knex }),
    incidents: deps.incidents,
    authorizer: deps.authorizer,
    catalog: deps.catalog,
    template: readPostmortemsConfig(deps.config).template,
    upstream: (entityRef, credentials) =>
      deps.graph.upstreamOf(entityRef, credentials),
  });
}
