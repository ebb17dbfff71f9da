import {
  AuditorService,
  HttpAuthService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import express from 'express';
import Router from 'express-promise-router';
import fs from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { createAlertsRouter } from './alerts/router';
import { createChangesRouter } from './changes/router';
import { createGraphRouter } from './graph/router';
import { createIncidentsRouter } from './incidents/router';
import { createIntegrationsRouter } from './integrations/router';
import { createMaintenanceRouter } from './maintenance/router';
import { Services } from './services';

/** Body limit for every JSON route; larger bodies get 413. */
const JSON_LIMIT = '512kb';

/** The plugin's API, described once; served at /openapi.json and checked by tests. */
export function loadOpenApiDocument(): object {
  const file = resolvePackagePath(
    '@lookout/plugin-incidents-backend',
    'openapi.yaml',
  );
  return parseYaml(fs.readFileSync(file, 'utf8'));
}

/** Mounts one router per domain under the plugin's base path. */
export function createRouter(options: {
  httpAuth: HttpAuthService;
  auditor: AuditorService;
  services: Services;
}): express.Router {
  const { httpAuth, auditor, services } = options;
  const router = Router();
  // Alert senders' routes read their raw bodies (Grafana signs the exact bytes), so these two
  // routers come before the JSON parser; they parse JSON themselves.
  router.use(
    createAlertsRouter({
      httpAuth,
      auditor,
      alerts: services.alerts,
      integrations: services.integrations,
    }),
  );
  router.use(
    createChangesRouter({
      httpAuth,
      changes: services.changes,
      integrations: services.integrations,
    }),
  );
  router.use(express.json({ limit: JSON_LIMIT }));

  router.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });

  const openApi = loadOpenApiDocument();
  router.get('/openapi.json', (_req, res) => {
    res.json(openApi);
  });

  router.use(
    createIncidentsRouter({
      httpAuth,
      auditor,
      idempotency: services.idempotency,
      incidents: services.incidents,
    }),
  );
  router.use(createGraphRouter({ httpAuth, graph: services.graph }));
  router.use(
    createIntegrationsRouter({
      httpAuth,
      auditor,
      integrations: services.integrations,
    }),
  );
  router.use(
    createMaintenanceRouter({
      httpAuth,
      auditor,
      maintenance: services.maintenance,
    }),
  );
  return router;
}
