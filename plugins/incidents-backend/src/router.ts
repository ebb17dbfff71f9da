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
import { createEscalationPoliciesRouter } from './escalation/policiesRouter';
import { createEscalationRouter } from './escalation/router';
import { createGraphRouter } from './graph/router';
import { createImportRouter } from './import/router';
import { createIncidentsRouter } from './incidents/router';
import { createInsightsRouter } from './insights/router';
import { createIntegrationsRouter } from './integrations/router';
import { createMaintenanceRouter } from './maintenance/router';
import { createOnCallRouter } from './oncall/router';
import { createPagingRouter } from './paging/router';
import { createPostmortemsRouter } from './postmortems/router';
import { createRunbooksRouter } from './runbooks/router';
import { Services } from './services';
import {
  createCommunicationsRouter,
  createPublicStatusRouter,
} from './statuspage/router';
import { createSupportRouter } from './support/router';
import { createTriageRouter } from './triage/router';

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
  // The public status page is read most of all; it goes first and parses its own bodies.
  router.use(
    createPublicStatusRouter({
      statusPage: services.statusPage,
      publicPage: services.publicStatusPage,
    }),
  );
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
  // helpdesk intake verifies signatures over raw bodies too
  router.use(
    createSupportRouter({
      httpAuth,
      auditor,
      support: services.support,
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
  router.use(createInsightsRouter({ httpAuth, insights: services.insights }));
  router.use(
    createImportRouter({ httpAuth, auditor, imports: services.imports }),
  );
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
  router.use(
    createOnCallRouter({
      httpAuth,
      auditor,
      schedules: services.schedules,
      oncall: services.oncall,
    }),
  );
  router.use(
    createEscalationPoliciesRouter({
      httpAuth,
      auditor,
      escalationPolicies: services.escalationPolicies,
    }),
  );
  router.use(
    createPostmortemsRouter({
      httpAuth,
      auditor,
      postmortems: services.postmortems,
    }),
  );
  router.use(
    createRunbooksRouter({ httpAuth, auditor, runbooks: services.runbooks }),
  );
  router.use(
    createEscalationRouter({
      httpAuth,
      auditor,
      escalation: services.escalation,
      idempotency: services.idempotency,
    }),
  );
  router.use(
    createPagingRouter({
      httpAuth,
      auditor,
      paging: services.paging,
      webhooks: services.pagingWebhooks,
    }),
  );
  router.use(
    createTriageRouter({ httpAuth, auditor, triage: services.triage }),
  );
  router.use(
    createCommunicationsRouter({
      httpAuth,
      auditor,
      statusPage: services.statusPage,
    }),
  );
  return router;
}
