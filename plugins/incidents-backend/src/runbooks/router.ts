import { AuditorService, HttpAuthService } from '@backstage/backend-plugin-api';
import express from 'express';
import { z } from 'zod';
import { parse, ref } from '../lib/validation';
import { createDomainRouter } from '../lib/routes';
import { RunbooksService } from './RunbooksService';

/** Big enough for any real runbook, small enough to keep rows and search cheap. */
const MAX_MARKDOWN = 200_000;

const entityRefs = z
  .array(ref)
  .min(1, 'entityRefs: attach the runbook to at least one catalog entity')
  .max(50);
const title = z.string().trim().min(1, 'title must not be empty').max(200);
const markdown = z
  .string()
  .max(MAX_MARKDOWN, `markdown must be at most ${MAX_MARKDOWN} characters`);

const createSchema = z.object({ title, markdown, entityRefs });

const updateSchema = z
  .object({
    version: z.number().int().min(1),
    title: title.optional(),
    markdown: markdown.optional(),
    entityRefs: entityRefs.optional(),
  })
  .refine(
    body =>
      body.title !== undefined ||
      body.markdown !== undefined ||
      body.entityRefs !== undefined,
    { message: 'nothing to change: give title, markdown or entityRefs' },
  );

const listSchema = z.object({
  entityRef: ref.optional(),
  q: z.string().max(200).optional(),
});

const tickSchema = z.object({
  runbookId: z.string().min(1).max(64),
  step: z.number().int().min(0),
  checked: z.boolean(),
});

/**
 * Runbooks: listed and searched (an entity's from every source), written in Lookout, suggested
 * for an incident with its checklist, and listed in full for the search collator.
 */
export function createRunbooksRouter(options: {
  httpAuth: HttpAuthService;
  auditor: AuditorService;
  runbooks: RunbooksService;
}): express.Router {
  const { httpAuth, runbooks } = options;
  const { router, caller, change } = createDomainRouter(options);

  router.get('/runbooks', async (req, res) => {
    const query = parse(listSchema, req.query);
    const credentials = await caller(req);
    res.json({ items: await runbooks.search(query, credentials) });
  });

  // For the search collator: backend plugins only, never a browser.
  router.get('/runbook-documents', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['service'] });
    res.json({ items: await runbooks.listForIndexing(credentials) });
  });

  router.post('/runbooks', async (req, res) => {
    const body = parse(createSchema, req.body);
    const runbook = await change(
      req,
      'runbook-create',
      { title: body.title, entityRefs: body.entityRefs },
      credentials => runbooks.create(body, credentials),
    );
    res.status(201).json(runbook);
  });

  router.get('/runbooks/:id', async (req, res) => {
    const credentials = await caller(req);
    res.json(await runbooks.get(req.params.id, credentials));
  });

  router.put('/runbooks/:id', async (req, res) => {
    const body = parse(updateSchema, req.body);
    const { id } = req.params;
    const runbook = await change(req, 'runbook-update', { id }, credentials =>
      runbooks.update(id, body, credentials),
    );
    res.json(runbook);
  });

  router.delete('/runbooks/:id', async (req, res) => {
    const { id } = req.params;
    await change(req, 'runbook-delete', { id }, credentials =>
      runbooks.delete(id, credentials),
    );
    res.status(204).end();
  });

  router.get('/incidents/:id/runbooks', async (req, res) => {
    const credentials = await caller(req);
    res.json({ items: await runbooks.forIncident(req.params.id, credentials) });
  });

  router.post('/incidents/:id/runbook-steps', async (req, res) => {
    const body = parse(tickSchema, req.body);
    const { id } = req.params;
    const event = await change(
      req,
      'runbook-step',
      { incidentId: id, runbookId: body.runbookId, step: body.step },
      credentials => runbooks.tickStep(id, body, credentials),
    );
    res.status(201).json(event);
  });

  return router;
}
