import { Config } from '@backstage/config';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { Knex } from 'knex';
import { IncidentsAuthorizer } from '../permissions/IncidentsAuthorizer';
import { catalogInsights } from './catalogInsights';
import { DatabaseInsightsStore } from './DatabaseInsightsStore';
import { InsightsOptions, InsightsService } from './InsightsService';

/** `incidents.insights`, with its defaults. */
export function readInsightsOptions(config: Config): InsightsOptions {
  return {
    changeFailureWindowHours:
      config.getOptionalNumber('incidents.insights.changeFailureWindowHours') ??
      24,
    defaultTimeZone:
      config.getOptionalString('incidents.insights.defaultTimeZone') ?? 'UTC',
  };
}

/** The insights domain: SQL over the event log, scoped along the catalog. */
export function createInsightsServices(deps: {
  knex: Knex;
  config: Config;
  catalog: CatalogService;
  authorizer: IncidentsAuthorizer;
}): { insights: InsightsService } {
  return {
    insights: new InsightsService({
      store: DatabaseInsightsStore.create({ knex: deps.knex }),
      authorizer: deps.authorizer,
      catalog: catalogInsights(deps.catalog),
      settings: readInsightsOptions(deps.config),
    }),
  };
}
