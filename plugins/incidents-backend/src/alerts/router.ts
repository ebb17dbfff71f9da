import { AuditorService, HttpAuthService } from '@backstage/backend-plugin-api';
import express from 'express';
import { z } from 'zod';
import { cursor, pageLimit, parse, ref } from '../lib/validation';
import { createDomainRouter } from '../lib/routes';
import { IntegrationsService } from '../integrations/IntegrationsService';
import {
  GRAFANA_SIGNATURE_HEADER,
  GRAFANA_TIMESTAMP_HEADER,
} from '../integrations/snippets';
import { AlertsService } from './AlertsService';
import { databaseUnavailableTo503 } from './databaseErrors';
import { alertmanagerSchema, fromAlertmanager } from './formats/alertmanager';
import { fromGeneric, genericSchema } from './formats/generic';
import { fromGrafana, grafanaSchema } from './formats/grafana';
import {
  dedupKeyOf,
  fromPagerDuty,
  pagerDutyEventSchema,
} from './formats/pagerDuty';
import {
  bearerToken,
  bodyBytes,
  jsonBody,
  pagerDutyErrors,
  parseEvent,
  rawBody,
  readJson,
} from './http';
import { ALERT_STATUSES } from './types';

const listSchema = z.object({
  status: z.enum(ALERT_STATUSES).optional(),
  cursor,
  limit: pageLimit(500),
});

const entityListSchema = listSchema.extend({ entityRef: ref });

const routeSchema = z.object({ entityRef: ref });

/**
 * Alert ingestion and the alert lists. The sender routes (`/alerts/*`, `/v2/enqueue`) are
 * open to unauthenticated callers and check their own integration keys; they read raw bodies,
 * so this router is mounted before the plugin's JSON parser. The lists and the inbox live
 * under other prefixes (`/alert-inbox`, `/alert-list`), because Backstage auth policies match
 * by prefix and `/alerts` is opened for the senders.
 */
export function createAlertsRouter(options: {
  httpAuth: HttpAuthService;
  auditor: AuditorService;
  alerts: AlertsService;
  integrations: IntegrationsService;
}): express.Router {
  const { alerts, integrations } = options;
  const { router, caller, change } = createDomainRouter(options);
  const now = () => new Date().toISOString();

  router.post('/alerts/alertmanager', rawBody, async (req, res) => {
    const integration = await integrations.authenticate(bearerToken(req));
    const payload = parse(alertmanagerSchema, readJson(req));
    const deliveries = fromAlertmanager(payload, {
      source: 'alertmanager',
      now: now(),
    });
    res.json(await alerts.ingest(integration, deliveries));
  });

  router.post('/alerts/grafana', rawBody, async (req, res) => {
    const integration = await integrations.authenticate(bearerToken(req));
    integrations.verifyGrafanaSignature(
      integration,
      bodyBytes(req),
      req.header(GRAFANA_SIGNATURE_HEADER),
      req.header(GRAFANA_TIMESTAMP_HEADER),
    );
    const payload = parse(grafanaSchema, readJson(req));
    res.json(await alerts.ingest(integration, fromGrafana(payload, now())));
  });

  router.post('/alerts/generic', rawBody, async (req, res) => {
    const integration = await integrations.authenticate(bearerToken(req));
    const payload = parse(genericSchema, readJson(req));
    res.json(await alerts.ingest(integration, [fromGeneric(payload)]));
  });

  router.post('/v2/enqueue', rawBody, async (req, res) => {
    const event = parseEvent(pagerDutyEventSchema, readJson(req));
    const integration = await integrations.authenticate(event.routing_key);
    await integrations.consumeRate(integration);
    const dedupKey = dedupKeyOf(event);
    if (event.event_action === 'acknowledge') {
      await alerts.acknowledge(integration, dedupKey);
    } else {
      await alerts.ingest(integration, [fromPagerDuty(event, dedupKey)]);
    }
    res.status(202).json({
      status: 'success',
      message: 'Event processed',
      dedup_key: dedupKey,
    });
  });

  router.get('/alert-inbox', async (req, res) => {
    const query = parse(listSchema, req.query);
    await caller(req);
    res.json(await alerts.listUnrouted(query));
  });

  router.post('/alert-inbox/:id/route', jsonBody, async (req, res) => {
    const { entityRef } = parse(routeSchema, req.body);
    const { id } = req.params;
    res.json(
      await change(req, 'alert-route', { id, entityRef }, credentials =>
        alerts.routeAlert(id, entityRef, credentials),
      ),
    );
  });

  router.get('/alert-list', async (req, res) => {
    const { entityRef, ...query } = parse(entityListSchema, req.query);
    await caller(req);
    res.json(await alerts.listForEntity(entityRef, query));
  });

  router.get('/alert-list/:id', async (req, res) => {
    await caller(req);
    res.json(await alerts.getAlert(req.params.id));
  });

  router.get('/incidents/:id/alerts', async (req, res) => {
    const query = parse(listSchema, req.query);
    res.json(
      await alerts.listForIncident(req.params.id, query, await caller(req)),
    );
  });

  router.use(databaseUnavailableTo503);
  router.use('/v2', pagerDutyErrors);
  return router;
}
