import { AuditorService, HttpAuthService } from '@backstage/backend-plugin-api';
import { PAGE_STATUSES } from '@lookout/plugin-incidents-common';
import express from 'express';
import { z } from 'zod';
import { listOf, parse, ref } from '../lib/validation';
import { createDomainRouter } from '../lib/routes';
import { PagesService } from './PagesService';
import { PagingWebhooksService } from './PagingWebhooksService';

const myPagesSchema = z.object({
  status: listOf(PAGE_STATUSES).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

const webhookSchema = z.object({
  name: z.string().trim().min(1, 'name must not be empty').max(100),
  url: z.url({ protocol: /^https?$/ }).max(2000),
  groupRef: ref.optional(),
  secret: z
    .string()
    .min(16, 'secret: at least 16 characters, or leave it out to get one')
    .max(128)
    .optional(),
});

const TOKEN = /^[A-Za-z0-9_-]{1,400}\.[A-Za-z0-9_-]{1,100}$/;

/** Paging: my pages, acknowledging a page (in the portal or by its link), paging webhooks. */
export function createPagingRouter(options: {
  httpAuth: HttpAuthService;
  auditor: AuditorService;
  paging: PagesService;
  webhooks: PagingWebhooksService;
}): express.Router {
  const { httpAuth, paging, webhooks } = options;
  const { router, caller, change } = createDomainRouter(options);

  router.get('/pages', async (req, res) => {
    const query = parse(myPagesSchema, req.query);
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    res.json({ items: await paging.myPages(query, credentials) });
  });

  router.post('/pages/:id/acknowledge', async (req, res) => {
    const { id } = req.params;
    res.json(
      await change(req, 'page-acknowledge', { id }, credentials =>
        paging.acknowledgePage(id, credentials),
      ),
    );
  });

  // Acknowledge links are opened from mail and chat, without a Backstage session: the signed
  // token is the authority. GET only shows a confirmation, so a link scanner that fetches it
  // acknowledges nothing; the form's POST does.
  router.get('/ack-links/:token', async (req, res) => {
    const token = parseToken(req.params.token);
    const { page, incident } = await paging.describeLink(token);
    res
      .type('html')
      .set('Cache-Control', 'no-store')
      .set('Referrer-Policy', 'no-referrer')
      .send(
        confirmationPage({
          incident: `${incident.id} [${incident.severity}] ${incident.title}`,
          // the page's own acknowledgement: the incident's first one may predate a reopen
          // whose escalation paged this person again
          status: page.acknowledgedAt
            ? `already acknowledged at ${page.acknowledgedAt.toISOString()}`
            : incident.status,
          userRef: page.userRef,
          action: req.originalUrl,
        }),
      );
  });

  router.post('/ack-links/:token', async (req, res) => {
    const token = parseToken(req.params.token);
    const incident = await paging.acknowledgeByLink(token);
    res.redirect(303, await paging.incidentUrl(incident.id));
  });

  router.get('/paging-webhooks', async (req, res) => {
    const credentials = await caller(req);
    res.json({ items: await webhooks.list(credentials) });
  });

  router.post('/paging-webhooks', async (req, res) => {
    const body = parse(webhookSchema, req.body);
    const created = await change(
      req,
      'paging-webhook-create',
      { name: body.name, url: body.url },
      credentials => webhooks.create(body, credentials),
    );
    res.status(201).json(created);
  });

  router.delete('/paging-webhooks/:id', async (req, res) => {
    const { id } = req.params;
    await change(req, 'paging-webhook-delete', { id }, credentials =>
      webhooks.delete(id, credentials),
    );
    res.status(204).end();
  });

  return router;
}

function parseToken(token: string): string {
  return parse(
    z.string().regex(TOKEN, 'this acknowledge link is malformed'),
    token,
  );
}

function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    c =>
      ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[
        c
      ]!),
  );
}

function confirmationPage(view: {
  incident: string;
  status: string;
  userRef: string;
  action: string;
}): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Acknowledge ${escapeHtml(view.incident)}</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 40em; margin: 3em auto; padding: 0 1em">
<h1>Acknowledge the incident?</h1>
<p><strong>${escapeHtml(view.incident)}</strong></p>
<p>Status: ${escapeHtml(view.status)}</p>
<p>You were paged as ${escapeHtml(
    view.userRef,
  )}. Acknowledging stops the escalation.</p>
<form method="post" action="${escapeHtml(view.action)}">
<button type="submit" style="font-size: 1.2em; padding: 0.5em 1.5em">Acknowledge</button>
</form>
</body></html>`;
}
