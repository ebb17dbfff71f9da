import { AuditorService, HttpAuthService } from '@backstage/backend-plugin-api';
import { AuthenticationError } from '@backstage/errors';
import { SEVERITIES } from '@lookout/plugin-incidents-common';
import express, { Request } from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import { databaseUnavailableTo503 } from '../alerts/databaseErrors';
import {
  bearerToken,
  bodyBytes,
  jsonBody,
  rawBody,
  readJson,
} from '../alerts/http';
import { audited } from '../audit/audited';
import { IntegrationsService } from '../integrations/IntegrationsService';
import { StoredIntegration } from '../integrations/IntegrationsStore';
import {
  cursor,
  isoTime,
  listOf,
  pageLimit,
  parse,
  ref,
} from '../lib/validation';
import { freshdeskSchema, fromFreshdesk } from './intake/freshdesk';
import { fromGeneric, genericSchema } from './intake/generic';
import { fromIntercom, intercomSchema } from './intake/intercom';
import { fromZendesk, zendeskSchema } from './intake/zendesk';
import {
  INTERCOM_SIGNATURE_HEADER,
  verifyIntercom,
  verifyZendesk,
  ZENDESK_SIGNATURE_HEADER,
  ZENDESK_TIMESTAMP_HEADER,
} from './signatures';
import { SupportService } from './SupportService';
import { SUPPORT_REPORT_STATUSES, SupportProvider, TicketEvent } from './types';

const listSchema = z.object({
  status: listOf(SUPPORT_REPORT_STATUSES).optional(),
  entityRef: ref.optional(),
  incidentId: z.string().min(1).max(32).optional(),
  organization: z.string().min(1).max(255).optional(),
  cursor,
  limit: pageLimit(500),
});

const linkSchema = z.object({ incidentId: z.string().trim().min(1).max(32) });

const escalateSchema = z.object({
  entityRef: ref.optional(),
  severity: z.enum(SEVERITIES).optional(),
  title: z.string().trim().min(1).max(200).optional(),
});

const impactSchema = z.object({
  incidentId: z
    .union([z.string(), z.array(z.string())])
    .transform(v => (Array.isArray(v) ? v : [v]).flatMap(s => s.split(',')))
    .pipe(z.array(z.string().trim().min(1).max(32)).min(1).max(200)),
});

const figuresSchema = z.object({
  from: isoTime.optional(),
  to: isoTime.optional(),
});

/** Which integration type each intake route takes. */
const INTAKE_TYPES: Record<SupportProvider, string> = {
  zendesk: 'zendesk',
  intercom: 'intercom',
  freshdesk: 'freshdesk',
  generic: 'support',
};

/**
 * Customer support: helpdesk intake under `/support/intake/*` (open to unauthenticated
 * callers; each checks its integration key and the vendor's signature, reading raw bodies, so
 * this router is mounted before the plugin's JSON parser), and the reports, links, escalations,
 * impact and figures for signed-in users.
 */
export function createSupportRouter(options: {
  httpAuth: HttpAuthService;
  auditor: AuditorService;
  support: SupportService;
  integrations: IntegrationsService;
}): express.Router {
  const { httpAuth, auditor, support, integrations } = options;
  const router = Router();
  const caller = (req: Request) =>
    httpAuth.credentials(req, { allow: ['user', 'service'] });
  const now = () => new Date().toISOString();

  const authenticate = async (
    req: Request,
    provider: SupportProvider,
  ): Promise<StoredIntegration> => {
    // Freshdesk's automation webhooks may carry the key in the URL instead of a header
    const key =
      bearerToken(req) ??
      (provider === 'freshdesk' && typeof req.query.key === 'string'
        ? req.query.key
        : undefined);
    const integration = await integrations.authenticate(key);
    if (integration.type !== INTAKE_TYPES[provider]) {
      throw new AuthenticationError(
        `This key belongs to a ${integration.type} integration; /support/intake/${provider} takes ${INTAKE_TYPES[provider]} keys`,
      );
    }
    return integration;
  };

  const accept = async (
    res: express.Response,
    integration: StoredIntegration,
    provider: SupportProvider,
    event: TicketEvent | null,
    payload: unknown,
  ) => {
    if (!event) {
      res.status(200).json({ accepted: false, reason: 'not a ticket event' });
      return;
    }
    const { report, duplicate } = await support.intake(
      { id: integration.id, provider },
      event,
      payload,
    );
    res.status(duplicate ? 200 : 202).json({
      accepted: true,
      duplicate,
      reportId: report.id,
      status: report.status,
      incidentId: report.incidentId,
    });
  };

  router.post('/support/intake/zendesk', rawBody, async (req, res) => {
    const integration = await authenticate(req, 'zendesk');
    verifyZendesk(
      integration.signingSecret,
      bodyBytes(req),
      req.header(ZENDESK_SIGNATURE_HEADER),
      req.header(ZENDESK_TIMESTAMP_HEADER),
      Date.now(),
    );
    const payload = parse(zendeskSchema, readJson(req));
    await accept(
      res,
      integration,
      'zendesk',
      fromZendesk(payload, bodyBytes(req), now()),
      payload,
    );
  });

  router.post('/support/intake/intercom', rawBody, async (req, res) => {
    const integration = await authenticate(req, 'intercom');
    verifyIntercom(
      integration.signingSecret,
      bodyBytes(req),
      req.header(INTERCOM_SIGNATURE_HEADER),
    );
    const payload = parse(intercomSchema, readJson(req));
    await accept(
      res,
      integration,
      'intercom',
      fromIntercom(payload, now()),
      payload,
    );
  });

  router.post('/support/intake/freshdesk', rawBody, async (req, res) => {
    const integration = await authenticate(req, 'freshdesk');
    const payload = parse(freshdeskSchema, readJson(req));
    await accept(
      res,
      integration,
      'freshdesk',
      fromFreshdesk(payload, bodyBytes(req), now()),
      payload,
    );
  });

  router.post('/support/intake/generic', rawBody, async (req, res) => {
    const integration = await authenticate(req, 'generic');
    const payload = parse(genericSchema, readJson(req));
    await accept(
      res,
      integration,
      'generic',
      fromGeneric(payload, bodyBytes(req), now()),
      payload,
    );
  });

  router.get('/support/reports', async (req, res) => {
    const query = parse(listSchema, req.query);
    res.json(await support.list(query, await caller(req)));
  });

  router.get('/support/reports/:id', async (req, res) => {
    await caller(req);
    res.json(await support.get(req.params.id));
  });

  router.post('/support/reports/:id/link', jsonBody, async (req, res) => {
    const { incidentId } = parse(linkSchema, req.body);
    const credentials = await caller(req);
    const { id } = req.params;
    res.json(
      await audited(
        auditor,
        req,
        'support-report-link',
        { id, incidentId },
        () => support.link(id, incidentId, credentials),
      ),
    );
  });

  router.post('/support/reports/:id/escalate', jsonBody, async (req, res) => {
    const body = parse(escalateSchema, req.body ?? {});
    const credentials = await caller(req);
    const { id } = req.params;
    res
      .status(201)
      .json(
        await audited(
          auditor,
          req,
          'support-report-escalate',
          { id, ...body },
          () => support.escalate(id, body, credentials),
        ),
      );
  });

  router.get('/support/impact', async (req, res) => {
    const { incidentId } = parse(impactSchema, req.query);
    await caller(req);
    res.json({ items: await support.impact(incidentId) });
  });

  router.post('/support/incidents/:id/retry', async (req, res) => {
    const credentials = await caller(req);
    const { id } = req.params;
    res.json(
      await audited(auditor, req, 'support-notices-retry', { id }, () =>
        support.retryNotices(id, credentials),
      ),
    );
  });

  router.get('/support/figures', async (req, res) => {
    const query = parse(figuresSchema, req.query);
    await caller(req);
    const to = query.to ?? now();
    const from =
      query.from ?? new Date(Date.parse(to) - 28 * 86_400_000).toISOString();
    res.json(await support.figures(from, to));
  });

  router.use(databaseUnavailableTo503);
  return router;
}
