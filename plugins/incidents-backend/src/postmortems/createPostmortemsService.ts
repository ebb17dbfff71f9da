import { Config } from '@backstage/config';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { Knex } from 'knex';
import { GraphService } from '../graph/GraphService';
import { IncidentsStore } from '../incidents/IncidentsStore';
import { IncidentsAuthorizer } from '../permissions/IncidentsAuthorizer';
import { ActionItemsService } from './ActionItemsService';
import { readPostmortemsConfig } from './config';
import { DatabasePostmortemsStore } from './DatabasePostmortemsStore';
import { PostmortemAccess } from './postmortemAccess';
import { PostmortemReviewsService } from './PostmortemReviewsService';
import { PostmortemsService } from './PostmortemsService';
import { RelatedPostmortemsService } from './RelatedPostmortemsService';

/** Builds the postmortems domain from the plugin's shared parts (used by `createServices`). */
export function createPostmortemsService(deps: {
  knex: Knex;
  config: Config;
  incidents: IncidentsStore;
  authorizer: IncidentsAuthorizer;
  catalog: CatalogService;
  graph: GraphService;
}): PostmortemsService {
  const store = DatabasePostmortemsStore.create({ knex: deps.knex });
  const { authorizer, catalog } = deps;
  const access = new PostmortemAccess({
    store,
    incidents: deps.incidents,
    authorizer,
    catalog,
  });
  return new PostmortemsService({
    store,
    access,
    authorizer,
    catalog,
    template: readPostmortemsConfig(deps.config).template,
    reviews: new PostmortemReviewsService(store, access),
    actionItems: new ActionItemsService({ store, access, authorizer, catalog }),
    related: new RelatedPostmortemsService({
      store,
      access,
      authorizer,
      upstream: (entityRef, credentials) =>
        deps.graph.upstreamOf(entityRef, credentials),
    }),
  });
}
