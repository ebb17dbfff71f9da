import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import {
  actionsRegistryServiceRef,
  metricsServiceRef,
} from '@backstage/backend-plugin-api/alpha';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { notificationService } from '@backstage/plugin-notifications-node';
import { signalsServiceRef } from '@backstage/plugin-signals-node';
import {
  incidentCreatePermission,
  incidentPermissions,
  oncallManagePermission,
  postmortemManagePermission,
  runbookManagePermission,
  statusPageManagePermission,
  supportAgentPermission,
} from '@lookout/plugin-incidents-common';
import {
  IncidentChatIntegration,
  incidentsChatExtensionPoint,
  IncidentNotifier,
  incidentsNotifierExtensionPoint,
  incidentsTriageExtensionPoint,
  TriageProvider,
} from '@lookout/plugin-incidents-node';
import { registerIncidentActions } from './actions/registerIncidentActions';
import { registerTriageActions } from './actions/registerTriageActions';
import { startChatIntegrations } from './chat/createChatHost';
import { migrateDatabase } from './database/migrateDatabase';
import { seedDemoData } from './demo/seedDemoData';
import { scheduleGraphRefresh } from './graph/scheduleGraphRefresh';
import { DatabaseIncidentsStore } from './incidents/DatabaseIncidentsStore';
import { scheduleInsightsDigest } from './insights/InsightsDigest';
import { parseIncidentId } from './incidents/incidentIds';
import {
  incidentPermissionResourceRef,
  incidentRules,
} from './permissions/rules';
import { createRouter } from './router';
import { createServices } from './services';
import { startQueueWorker } from './queue/startQueueWorker';
import { publishIncidentSignal } from './signals/publishIncidentSignal';

/**
 * Lookout's incidents backend: incidents, their timelines and the REST API under
 * `/api/incidents`.
 *
 * @public
 */
export const incidentsPlugin = createBackendPlugin({
  pluginId: 'incidents',
  register(env) {
    const notifiers: IncidentNotifier[] = [];
    env.registerExtensionPoint(incidentsNotifierExtensionPoint, {
      addNotifier: (...added) => notifiers.push(...added),
    });
    const triageProviders: TriageProvider[] = [];
    env.registerExtensionPoint(incidentsTriageExtensionPoint, {
      addTriageProvider: (...added) => triageProviders.push(...added),
    });
    const chatIntegrations: IncidentChatIntegration[] = [];
    env.registerExtensionPoint(incidentsChatExtensionPoint, {
      addChatIntegration: (...added) => chatIntegrations.push(...added),
    });

    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        auth: coreServices.auth,
        scheduler: coreServices.scheduler,
        lifecycle: coreServices.lifecycle,
        database: coreServices.database,
        discovery: coreServices.discovery,
        httpAuth: coreServices.httpAuth,
        httpRouter: coreServices.httpRouter,
        logger: coreServices.logger,
        auditor: coreServices.auditor,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        actionsRegistry: actionsRegistryServiceRef,
        metrics: metricsServiceRef,
        catalog: catalogServiceRef,
        signals: signalsServiceRef,
        urlReader: coreServices.urlReader,
        notifications: notificationService,
      },
      async init(deps) {
        const { config, httpAuth, httpRouter, logger, auditor } = deps;
        const knex = await migrateDatabase(deps.database);

        const store = DatabaseIncidentsStore.create({ knex });
        deps.permissionsRegistry.addPermissions([
          incidentCreatePermission,
          oncallManagePermission,
          postmortemManagePermission,
          runbookManagePermission,
          statusPageManagePermission,
          supportAgentPermission,
        ]);
        deps.permissionsRegistry.addResourceType({
          resourceRef: incidentPermissionResourceRef,
          permissions: incidentPermissions.filter(
            p => p !== incidentCreatePermission,
          ),
          rules: Object.values(incidentRules),
          getResources: async ids => {
            // The portal's checks arrive batched: an id that names no incident is refused
            // (undefined) rather than failing every other answer in the batch with a 400.
            const seqs = ids.flatMap(id => {
              try {
                return [parseIncidentId(id)];
              } catch {
                return [];
              }
            });
            const found = await store.getIncidents(seqs);
            return ids.map(id =>
              found.find(i => i.id === id.toLocaleUpperCase('en-US')),
            );
          },
        });

        const services = createServices({
          store,
          knex,
          config,
          baseUrl: () => deps.discovery.getExternalBaseUrl('incidents'),
          catalog: deps.catalog,
          auth: deps.auth,
          permissions: deps.permissions,
          permissionsRegistry: deps.permissionsRegistry,
          logger,
          notifiers,
          urlReader: deps.urlReader,
          notifications: deps.notifications,
          metrics: deps.metrics,
          triageProviders,
        });
        services.incidentChanges.subscribe('signals', change =>
          publishIncidentSignal(deps.signals, change),
        );
        // a triage computed in the background reaches open pages as a change does
        services.triage.onTriaged(incident =>
          publishIncidentSignal(deps.signals, { type: 'triaged', incident }),
        );
        deps.lifecycle.addShutdownHook(() => services.triage.stop());
        registerIncidentActions(deps.actionsRegistry, services.incidents);
        registerTriageActions(deps.actionsRegistry, services);
        await startChatIntegrations({
          ...deps,
          ...services,
          integrations: chatIntegrations,
          store,
        });
        await startQueueWorker({
          config,
          scheduler: deps.scheduler,
          lifecycle: deps.lifecycle,
          queue: services.queue,
          worker: services.worker,
        });
        await scheduleGraphRefresh({
          config,
          scheduler: deps.scheduler,
          graph: services.graph,
        });
        await scheduleInsightsDigest({
          config,
          scheduler: deps.scheduler,
          digest: services.insightsDigest,
        });

        await seedDemoData({ config, knex, logger });

        httpRouter.use(createRouter({ httpAuth, auditor, services }));
        httpRouter.addAuthPolicy({ path: '/health', allow: 'unauthenticated' });
        // alert and change senders: each of these routes checks its own integration key
        httpRouter.addAuthPolicy({ path: '/alerts', allow: 'unauthenticated' });
        httpRouter.addAuthPolicy({ path: '/v2', allow: 'unauthenticated' });
        // helpdesk webhooks: each intake route checks its key and the vendor's signature
        httpRouter.addAuthPolicy({
          path: '/support/intake',
          allow: 'unauthenticated',
        });
        // the public status page; its administration lives under /communications
        httpRouter.addAuthPolicy({ path: '/status', allow: 'unauthenticated' });
        // acknowledge links from pages: the signed token in the path is the authority
        httpRouter.addAuthPolicy({
          path: '/ack-links',
          allow: 'unauthenticated',
        });
      },
    });
  },
});
