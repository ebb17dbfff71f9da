import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { Knex } from 'knex';
import { IncidentsAuthorizer } from '../permissions/IncidentsAuthorizer';

/**
 * What the domains' `create…Services` take from the plugin, each besides what is its own: the
 * database, config, the catalog, and Backstage's auth and logging with the plugin's
 * permission checks.
 */
export interface PluginDeps {
  knex: Knex;
  config: Config;
  /** The plugin's external base URL, for links in what it sends. */
  baseUrl: () => Promise<string>;
  catalog: CatalogService;
  auth: AuthService;
  logger: LoggerService;
  authorizer: IncidentsAuthorizer;
}
