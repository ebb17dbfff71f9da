import { HttpAuthService } from '@backstage/backend-plugin-api';
import express from 'express';
import Router from 'express-promise-router';
import { createIncidentsRouter } from './incidents/router';
import { Services } from './services';

/** Body limit for every JSON route; larger bodies get 413. */
const JSON_LIMIT = '512kb';

/** Mounts one router per domain under the plugin's base path. */
export function createRouter(options: {
  httpAuth: HttpAuthService;
  services: Services;
}): express.Router {
  const router = Router();
  router.use(express.json({ limit: JSON_LIMIT }));

  router.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });

  router.use(
    createIncidentsRouter({
      httpAuth: options.httpAuth,
      incidents: options.services.incidents,
    }),
  );
  return router;
}
