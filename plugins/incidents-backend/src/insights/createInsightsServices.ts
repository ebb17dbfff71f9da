import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { NotificationService } from '@backstage/plugin-notifications-node';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { Knex } from 'knex';
import { GraphService } from '../graph/GraphService';
import { IncidentsAuthorizer } from '../permissions/IncidentsAuthorizer';
import { catalogInsights } from './catalogInsights';
import { DatabaseInsightsStore } from './DatabaseInsightsStore';
import { InsightsDigest } from './InsightsDigest';
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

/**
 * The insights domain: SQL over the event log, scoped along the catalog, and the weekly digest
 * when Backstage notifications are there to carry it.
 */
export function createInsightsServices(deps: {
  knex: Knex;
  config: Config;
  catalog: CatalogService;
  authorizer: IncidentsAuthorizer;
  /** The catalog graph, for what is downstream of a deployed entity. */
  graph?: Pick<GraphService, 'graph'>;
  auth: AuthService;
  logger: LoggerService;
  notifications?: NotificationService;
}): { insights: InsightsService; insightsDigest?: InsightsDigest } {
  const store = DatabaseInsightsStore.create({ knex: deps.knex });
  const insights = new InsightsService({
    store,
    authorizer: deps.authorizer,
    catalog: catalogInsights(deps.catalog, deps.graph),
    settings: readInsightsOptions(deps.config),
  });
  return {
    insights,
    insightsDigest: deps.notifications
      ? new InsightsDigest({
          insights,
          store,
          notifications: deps.notifications,
          auth: deps.auth,
          logger: deps.logger,
        })
      : undefined,
  };
}
