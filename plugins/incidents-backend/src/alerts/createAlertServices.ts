import { ChangesService } from '../changes/ChangesService';
import { DatabaseChangesStore } from '../changes/DatabaseChangesStore';
import { GraphService } from '../graph/GraphService';
import { AlertIncidentWriter } from '../incidents/AlertIncidentWriter';
import { DatabaseIncidentsStore } from '../incidents/DatabaseIncidentsStore';
import { IncidentsService } from '../incidents/IncidentsService';
import { DatabaseIntegrationsStore } from '../integrations/DatabaseIntegrationsStore';
import { IntegrationsService } from '../integrations/IntegrationsService';
import { MaintenanceService } from '../maintenance/MaintenanceService';
import { PluginDeps } from '../lib/pluginDeps';
import { AlertsService } from './AlertsService';
import { readAlertsConfig } from './config';
import { DatabaseAlertsStore } from './DatabaseAlertsStore';
import { EntityRouter } from './routing';

/** Alert ingestion: integration keys, alerts and change events. */
export function createAlertServices(
  deps: PluginDeps & {
    store: DatabaseIncidentsStore;
    incidents: IncidentsService;
    /** How alerts open and change incidents, inside their transactions. */
    alertIncidents: AlertIncidentWriter;
    graph: GraphService;
    maintenance: MaintenanceService;
  },
) {
  const config = readAlertsConfig(deps.config);
  const router = new EntityRouter({
    catalog: deps.catalog,
    auth: deps.auth,
    rules: config.routes,
    owners: refs => deps.graph.ownersOf(refs),
  });
  return {
    integrations: new IntegrationsService({
      store: DatabaseIntegrationsStore.create({ knex: deps.knex }),
      catalog: deps.catalog,
      authorizer: deps.authorizer,
      baseUrl: deps.baseUrl,
      rateLimitPerMinute: config.rateLimitPerMinute,
    }),
    alerts: new AlertsService({
      store: DatabaseAlertsStore.create({
        knex: deps.knex,
        incidents: deps.store,
      }),
      incidents: deps.incidents,
      alertIncidents: deps.alertIncidents,
      router,
      maintenance: deps.maintenance,
      authorizer: deps.authorizer,
      auth: deps.auth,
      config,
      logger: deps.logger,
    }),
    changes: new ChangesService({
      store: DatabaseChangesStore.create({ knex: deps.knex }),
      router,
      incidents: deps.incidents,
      upstream: (entityRef, credentials) =>
        deps.graph.upstreamOf(entityRef, credentials),
      lookbackMs: config.changeLookbackMs,
      logger: deps.logger,
    }),
  };
}
