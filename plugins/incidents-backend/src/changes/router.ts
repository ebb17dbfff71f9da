import { HttpAuthService } from '@backstage/backend-plugin-api';
import express from 'express';
import { z } from 'zod';
import { databaseUnavailableTo503 } from '../alerts/databaseErrors';
import { pagerDutyChangeSchema } from '../alerts/formats/pagerDuty';
import { pagerDutyErrors, parseEvent, rawBody, readJson } from '../alerts/http';
import { isoTime, parse, ref } from '../lib/validation';
import { createDomainRouter } from '../lib/routes';
import { IntegrationsService } from '../integrations/IntegrationsService';
import { ChangesService } from './ChangesService';

const listSchema = z.object({
  entityRef: ref.optional(),
  since: isoTime.optional(),
});

/**
 * Change events: received as PagerDuty change events (`/v2/change/enqueue`, open to
 * unauthenticated callers, keyed by `routing_key`, so mounted before the plugin's JSON parser)
 * and listed per entity and per incident.
 */
export function createChangesRouter(options: {
  httpAuth: HttpAuthService;
  changes: ChangesService;
  integrations: IntegrationsService;
}): express.Router {
  const { changes, integrations } = options;
  const { router, caller } = createDomainRouter(options);

  router.post('/v2/change/enqueue', rawBody, async (req, res) => {
    const event = parseEvent(pagerDutyChangeSchema, readJson(req));
    const integration = await integrations.authenticate(event.routing_key);
    await integrations.consumeRate(integration);
    await changes.record(integration, event);
    res.status(202).json({
      status: 'success',
      message: 'Change event processed',
    });
  });

  router.get('/changes', async (req, res) => {
    const query = parse(listSchema, req.query);
    await caller(req);
    res.json({ items: await changes.list(query) });
  });

  router.get('/incidents/:id/changes', async (req, res) => {
    res.json(await changes.forIncident(req.params.id, await caller(req)));
  });

  router.use(databaseUnavailableTo503);
  router.use('/v2', pagerDutyErrors);
  return router;
}
