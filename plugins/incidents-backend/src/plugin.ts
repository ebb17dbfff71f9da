import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import {
  IncidentNotifier,
  incidentsNotifierExtensionPoint,
} from '@lookout/plugin-incidents-node';
import { migrateDatabase } from './database/migrateDatabase';
import { seedDemoHistory } from './demo/seedDemoHistory';
import { createRouter } from './router';
import { createServices } from './services';

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

    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        database: coreServices.database,
        httpAuth: coreServices.httpAuth,
        httpRouter: coreServices.httpRouter,
        logger: coreServices.logger,
        catalog: catalogServiceRef,
      },
      async init({ config, database, httpAuth, httpRouter, logger, catalog }) {
        const knex = await migrateDatabase(database);
        const services = createServices({ knex, catalog, logger, notifiers });

        const demoHistory = config.getOptionalString(
          'incidents.demoHistory.file',
        );
        if (demoHistory) {
          await seedDemoHistory({
            file: demoHistory,
            store: services.stores.incidents,
            logger,
          });
        }

        httpRouter.use(createRouter({ httpAuth, services }));
        httpRouter.addAuthPolicy({ path: '/health', allow: 'unauthenticated' });
      },
    });
  },
});
