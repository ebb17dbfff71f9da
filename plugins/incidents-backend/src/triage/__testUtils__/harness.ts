import {
  LoggerService,
  PermissionsRegistryService,
  PermissionsService,
  UrlReaderService,
} from '@backstage/backend-plugin-api';
import { mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import { NotFoundError } from '@backstage/errors';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { createPermissionIntegrationRouter } from '@backstage/plugin-permission-node';
import { JsonObject } from '@backstage/types';
import {
  incidentCreatePermission,
  incidentPermissions,
} from '@lookout/plugin-incidents-common';
import { TriageProvider } from '@lookout/plugin-incidents-node';
import { Knex } from 'knex';
import { migrateDatabase } from '../../database/migrateDatabase';
import { DatabaseIncidentsStore } from '../../incidents/DatabaseIncidentsStore';
import { parseIncidentId } from '../../incidents/incidentIds';
import {
  incidentPermissionResourceRef,
  incidentRules,
} from '../../permissions/rules';
import { createServices, Services } from '../../services';

/** Logs nothing, but keeps the warnings, so a test can show why something was skipped. */
export class KeptLogs implements LoggerService {
  readonly warnings: string[] = [];
  error(message: string) {
    this.warnings.push(message);
  }
  warn(message: string) {
    this.warnings.push(message);
  }
  info() {}
  debug() {}
  child(): LoggerService {
    return this;
  }
}

/** Every caller may do everything: these harnesses measure triage, not access control. */
const allowAll: PermissionsService = {
  authorize: async requests =>
    requests.map(() => ({ result: AuthorizeResult.ALLOW })) as any,
  authorizeConditional: async requests =>
    requests.map(() => ({ result: AuthorizeResult.ALLOW })) as any,
};

/** There are no runbook files to read here; runbooks named by annotations are listed unread. */
const noFiles: UrlReaderService = {
  readUrl: async url => {
    throw new NotFoundError(`${url} is not readable here`);
  },
  readTree: async url => {
    throw new NotFoundError(`${url} is not readable here`);
  },
  search: async url => {
    throw new NotFoundError(`${url} is not readable here`);
  },
};

/**
 * The plugin's services as `createServices` builds them for the backend, over a real database
 * (migrated here) and an in-memory catalog of `entities`: what triage tests and the triage
 * evaluation run against, with no HTTP in between.
 */
export async function createTriageHarness(options: {
  knex: Knex;
  entities: Entity[];
  config?: JsonObject;
  triageProviders?: TriageProvider[];
}): Promise<{
  services: Services;
  /** The incidents store, for writing history that no route could write. */
  store: DatabaseIncidentsStore;
  logger: KeptLogs;
}> {
  const { knex } = options;
  await migrateDatabase({
    getClient: async () => knex,
    migrations: { skip: false },
  });
  const store = DatabaseIncidentsStore.create({ knex });
  const permissionIntegration = createPermissionIntegrationRouter();
  permissionIntegration.addResourceType({
    resourceType: incidentPermissionResourceRef.resourceType,
    permissions: incidentPermissions.filter(
      p => p !== incidentCreatePermission,
    ),
    rules: Object.values(incidentRules),
    getResources: async ids => {
      const found = await store.getIncidents(ids.map(parseIncidentId));
      return ids.map(id => found.find(i => i.id === id));
    },
  });
  const registry = {
    addPermissions: permissionIntegration.addPermissions,
    addPermissionRules: permissionIntegration.addPermissionRules,
    addResourceType: permissionIntegration.addResourceType,
    getPermissionRuleset: permissionIntegration.getPermissionRuleset,
  } as unknown as PermissionsRegistryService;
  const logger = new KeptLogs();
  const services = createServices({
    store,
    knex,
    config: new ConfigReader({
      backend: { baseUrl: 'http://lookout.test:7007' },
      ...options.config,
    }),
    baseUrl: async () => 'http://lookout.test:7007/api/incidents',
    catalog: catalogServiceMock({ entities: options.entities }),
    auth: mockServices.auth(),
    permissions: allowAll,
    permissionsRegistry: registry,
    logger,
    notifiers: [],
    urlReader: noFiles,
    triageProviders: options.triageProviders,
  });
  return { services, store, logger };
}
