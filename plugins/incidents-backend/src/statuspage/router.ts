import { AuditorService, HttpAuthService } from '@backstage/backend-plugin-api';
import {
  LIVE_STATUSES,
  MAINTENANCE_STATUSES,
  PUBLIC_IMPACTS,
  PUBLIC_INCIDENT_STATUSES,
} from '@lookout/plugin-incidents-common';
import { createHash } from 'node:crypto';
import express, { Request, Response } from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import { TooManyRequestsError } from '../integrations/errors';
import { createDomainRouter } from '../lib/routes';
import { isoTime, parse, ref } from '../lib/validation';
import { StatusPageServices } from './createStatusPageServices';
import {
  PublicDocument,
  PublicStatusPage,
  RenderedDocument,
} from './PublicStatusPage';
import { renderIncidentBlock, renderMessagePage } from './renderPublic';

const name = z.string().trim().min(1, 'name must not be empty').max(200);
const body = z.string().trim().min(1, 'body must not be empty').max(10_000);
const componentIds = z.array(z.string().min(1).max(16)).max(200);

const componentSchema = z.object({
  name: z.string().trim().min(1, 'name must not be empty').max(100),
  description: z.string().max(1000).nullable().optional(),
  group: z.string().trim().min(1).max(100).nullable().optional(),
  position: z.number().int().min(0).max(100_000).optional(),
  entityRefs: z.array(ref).max(200).optional(),
  override: z
    .object({
      status: z.enum(LIVE_STATUSES),
      reason: z.string().max(500).nullable().optional(),
    })
    .nullable()
    .optional(),
});

const publishSchema = z.object({
  incidentId: z.string().min(1).max(32).optional(),
  name,
  status: z.enum(PUBLIC_INCIDENT_STATUSES),
  impact: z.enum(PUBLIC_IMPACTS).optional(),
  body,
  componentIds,
});

const updateSchema = z.object({
  status: z.enum([...PUBLIC_INCIDENT_STATUSES, ...MAINTENANCE_STATUSES]),
  body,
  name: name.optional(),
  impact: z.enum(PUBLIC_IMPACTS).optional(),
  componentIds: componentIds.optional(),
});

const maintenanceSchema = z.object({
  name,
  body,
  scheduledFor: isoTime,
  scheduledUntil: isoTime,
  componentIds,
  impact: z.enum(PUBLIC_IMPACTS).optional(),
});

const previewSchema = z.object({
  name,
  status: z.enum([...PUBLIC_INCIDENT_STATUSES, ...MAINTENANCE_STATUSES]),
  body,
  impact: z.enum(PUBLIC_IMPACTS).optional(),
  componentIds: componentIds.optional(),
});

const subscriberSchema = z.object({
  kind: z.enum(['email', 'webhook']),
  address: z.string().trim().min(1).max(500),
  componentIds: componentIds.optional(),
});

const email = z.email('email must be an email address').max(254);
const subscribeSchema = z.object({
  email,
  // a form sends one value as a string, several as an array
  componentIds: z
    .union([z.string(), z.array(z.string())])
    .transform(v => (Array.isArray(v) ? v : [v]))
    .pipe(componentIds)
    .optional(),
});

const tokenSchema = z.object({ token: z.string().min(1).max(100) });
const draftSchema = z.object({
  incidentId: z.string().min(1).max(32),
  status: z.enum(PUBLIC_INCIDENT_STATUSES).optional(),
});
const byIncidentSchema = z.object({
  incidentId: z.string().min(1).max(32).optional(),
});

/** `/status/api/v2/<name>.json` → the document it names. */
export const JSON_DOCUMENTS: Record<string, PublicDocument> = {
  'summary.json': 'summary',
  'status.json': 'status',
  'components.json': 'components',
  'incidents.json': 'incidents',
  'incidents/unresolved.json': 'incidents/unresolved',
  'scheduled-maintenances.json': 'scheduled-maintenances',
  'scheduled-maintenances/upcoming.json': 'scheduled-maintenances/upcoming',
  'scheduled-maintenances/active.json': 'scheduled-maintenances/active',
};

const SUBSCRIBE_ANSWER =
  'If this address can receive our email, a message to confirm the subscription is on its way.';

/**
 * The public status page under `/status`, opened to unauthenticated callers; nothing internal
 * is ever rendered there. It is mounted before every other router and parses the one body it
 * takes itself, so the hot GETs pass through as little as possible.
 */
export function createPublicStatusRouter(options: {
  statusPage: StatusPageServices;
  publicPage: PublicStatusPage;
}): express.Router {
  const { publicPage } = options;
  const { settings, subscribers } = options.statusPage;
  const router = Router();

  // ------------------------------------------------------------------ public

  const send = (
    req: Request,
    res: Response,
    type: string,
    doc: RenderedDocument,
  ) => {
    res.set({
      'content-type': type,
      // short enough that a CDN in front never hides a new update for long
      'cache-control': 'public, max-age=10',
      'x-content-type-options': 'nosniff',
      etag: doc.etag,
    });
    if (req.fresh) {
      res.status(304).end();
      return;
    }
    res.status(200).send(doc.body);
  };

  router.get('/status', async (req, res) => {
    res.set(
      'content-security-policy',
      "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; base-uri 'none'",
    );
    send(
      req,
      res,
      'text/html; charset=utf-8',
      await publicPage.document('html'),
    );
  });

  router.get(/^\/status\/api\/v2\/(.+)$/, async (req, res, next) => {
    const document = JSON_DOCUMENTS[req.params[0]];
    if (!document) {
      next();
      return;
    }
    res.set('access-control-allow-origin', '*');
    send(
      req,
      res,
      'application/json; charset=utf-8',
      await publicPage.document(document),
    );
  });

  router.get('/status/feed.atom', async (req, res) => {
    send(
      req,
      res,
      'application/atom+xml; charset=utf-8',
      await publicPage.document('atom'),
    );
  });

  router.get('/status/feed.rss', async (req, res) => {
    send(
      req,
      res,
      'application/rss+xml; charset=utf-8',
      await publicPage.document('rss'),
    );
  });

  const wantsHtml = (req: Request) => !req.is('application/json');

  router.post(
    '/status/subscribe',
    express.json({ limit: '8kb' }),
    express.urlencoded({ extended: false, limit: '8kb' }),
    async (req, res) => {
      const limit = settings.subscribeRateLimitPerHour;
      const client = `ip:${req.ip ?? 'unknown'}`;
      if (!(await subscribers.allowAttempt(`subscribe:${client}`, limit))) {
        throw new TooManyRequestsError(
          'Too many subscription requests from this address; try again in an hour',
          3600,
        );
      }
      const request = parse(subscribeSchema, req.body);
      // per address too, so nobody can flood a mailbox with confirmations; it counts the same
      // for known and unknown addresses, so it reveals nothing either
      const address = createHash('sha256')
        .update(request.email.trim().toLocaleLowerCase('en-US'))
        .digest('hex');
      if (
        !(await subscribers.allowAttempt(
          `subscribe:email:${address}`,
          Math.max(1, Math.ceil(limit / 3)),
        ))
      ) {
        throw new TooManyRequestsError(
          'Too many subscription requests for this email address; try again in an hour',
          3600,
        );
      }
      await subscribers.subscribeEmail(request);
      if (wantsHtml(req)) {
        res
          .status(202)
          .type('html')
          .send(
            renderMessagePage(
              settings.name,
              'Check your email',
              SUBSCRIBE_ANSWER,
            ),
          );
      } else {
        res.status(202).json({ message: SUBSCRIBE_ANSWER });
      }
    },
  );

  router.get('/status/confirm', async (req, res) => {
    const { token } = parse(tokenSchema, req.query);
    const ok = await subscribers.confirm(token);
    res
      .status(ok ? 200 : 404)
      .type('html')
      .send(
        renderMessagePage(
          settings.name,
          ok ? 'Subscription confirmed' : 'Link not valid',
          ok
            ? 'You will receive an email with every update. Every message has a link to unsubscribe.'
            : 'This confirmation link was used already or has been replaced by a newer one.',
        ),
      );
  });

  // a GET only asks (mail scanners open links); the POST unsubscribes, also as RFC 8058 one-click
  router.get('/status/unsubscribe', async (req, res) => {
    const { token } = parse(tokenSchema, req.query);
    const base = await publicPage.baseUrl();
    res.type('html').send(
      renderMessagePage(
        settings.name,
        'Unsubscribe',
        'Stop receiving status updates at this address?',
        {
          action: `${base}/status/unsubscribe?token=${encodeURIComponent(
            token,
          )}`,
          button: 'Unsubscribe',
        },
      ),
    );
  });

  router.post(
    '/status/unsubscribe',
    express.urlencoded({ extended: false, limit: '8kb' }),
    async (req, res) => {
      const { token } = parse(tokenSchema, req.query);
      await subscribers.unsubscribe(token);
      res
        .type('html')
        .send(
          renderMessagePage(
            settings.name,
            'Unsubscribed',
            'You will receive no more status updates at this address.',
          ),
        );
    },
  );

  return router;
}

/**
 * The status page's administration under `/communications`, which does not start with
 * `/status`, so the public auth policy never reaches it.
 */
export function createCommunicationsRouter(options: {
  httpAuth: HttpAuthService;
  auditor: AuditorService;
  statusPage: StatusPageServices;
}): express.Router {
  const { components, publicIncidents, drafts, subscribers } =
    options.statusPage;
  const { router, caller, change } = createDomainRouter(options);

  router.get('/communications/components', async (req, res) => {
    await caller(req);
    res.json({ items: await components.components() });
  });

  router.post('/communications/components', async (req, res) => {
    const request = parse(componentSchema, req.body);
    const created = await change(
      req,
      'statuspage-component-create',
      { name: request.name },
      credentials => components.createComponent(request, credentials),
    );
    res.status(201).json(created);
  });

  router.patch('/communications/components/:id', async (req, res) => {
    const request = parse(componentSchema.partial(), req.body);
    const { id } = req.params;
    res.json(
      await change(req, 'statuspage-component-update', { id }, credentials =>
        components.updateComponent(id, request, credentials),
      ),
    );
  });

  router.delete('/communications/components/:id', async (req, res) => {
    const { id } = req.params;
    await change(req, 'statuspage-component-delete', { id }, credentials =>
      components.deleteComponent(id, credentials),
    );
    res.status(204).end();
  });

  router.get('/communications/incidents', async (req, res) => {
    const query = parse(byIncidentSchema, req.query);
    const credentials = await caller(req);
    res.json({
      items: await publicIncidents.adminIncidents(credentials, query),
    });
  });

  router.post('/communications/incidents', async (req, res) => {
    const request = parse(publishSchema, req.body);
    const published = await change(
      req,
      'statuspage-incident-publish',
      { incidentId: request.incidentId ?? null },
      credentials => publicIncidents.publish(request, credentials),
    );
    res.status(201).json(published);
  });

  router.post('/communications/incidents/:id/updates', async (req, res) => {
    const request = parse(updateSchema, req.body);
    const { id } = req.params;
    const updated = await change(
      req,
      'statuspage-update-publish',
      { id, status: request.status },
      credentials => publicIncidents.addUpdate(id, request, credentials),
    );
    res.status(201).json(updated);
  });

  router.delete('/communications/incidents/:id', async (req, res) => {
    const { id } = req.params;
    await change(req, 'statuspage-incident-delete', { id }, credentials =>
      publicIncidents.deletePublicIncident(id, credentials),
    );
    res.status(204).end();
  });

  router.get('/communications/incidents/:id/coverage', async (req, res) => {
    const credentials = await caller(req);
    res.json({ items: await drafts.coverage(req.params.id, credentials) });
  });

  router.post('/communications/maintenances', async (req, res) => {
    const request = parse(maintenanceSchema, req.body);
    const created = await change(
      req,
      'statuspage-maintenance-create',
      { name: request.name },
      credentials => publicIncidents.scheduleMaintenance(request, credentials),
    );
    res.status(201).json(created);
  });

  router.get('/communications/draft', async (req, res) => {
    const { incidentId, status } = parse(draftSchema, req.query);
    res.json(await drafts.draft(incidentId, await caller(req), status));
  });

  router.get('/communications/templates', async (req, res) => {
    await caller(req);
    res.json({ items: publicIncidents.templates() });
  });

  /** The public block of an incident as it would appear, rendered by the page's own code. */
  router.post('/communications/preview', async (req, res) => {
    const request = parse(previewSchema, req.body);
    await caller(req);
    const names = new Map(
      (await components.components()).map(c => [c.id, c.name]),
    );
    res.json({
      html: renderIncidentBlock({
        id: 'preview',
        name: request.name,
        impact: request.impact ?? 'minor',
        componentNames: (request.componentIds ?? [])
          .map(id => names.get(id))
          .filter((n): n is string => Boolean(n)),
        updates: [
          {
            status: request.status,
            body: request.body,
            createdAt: new Date().toISOString(),
          },
        ],
      }),
    });
  });

  router.get('/communications/subscribers', async (req, res) => {
    res.json(await subscribers.subscriberCounts(await caller(req)));
  });

  router.post('/communications/subscribers', async (req, res) => {
    const request = parse(subscriberSchema, req.body);
    if (request.kind === 'webhook') {
      parse(z.url({ protocol: /^https?$/ }), request.address);
    } else {
      parse(email, request.address);
    }
    const created = await change(
      req,
      'statuspage-subscriber-add',
      { kind: request.kind },
      credentials => subscribers.addSubscriber(request, credentials),
    );
    res.status(201).json(created);
  });

  router.delete('/communications/subscribers/:id', async (req, res) => {
    const { id } = req.params;
    await change(req, 'statuspage-subscriber-remove', { id }, credentials =>
      subscribers.removeSubscriber(id, credentials),
    );
    res.status(204).end();
  });

  return router;
}
