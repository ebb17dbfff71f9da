import { AuditorService, HttpAuthService } from '@backstage/backend-plugin-api';
import {
  INCIDENT_ROLES,
  INCIDENT_STATUSES,
  SEVERITIES,
} from '@lookout/plugin-incidents-common';
import express from 'express';
import { z } from 'zod';
import { audited } from '../audit/audited';
import { IdempotencyStore } from '../idempotency/IdempotencyStore';
import { respondOnce } from '../idempotency/respondOnce';
import {
  cursor,
  isoTime,
  listOf,
  pageLimit,
  parse,
  ref,
} from '../lib/validation';
import { createDomainRouter } from '../lib/routes';
import { IncidentsService } from './IncidentsService';

const MAX_TITLE = 200;
const MAX_TEXT = 20_000;
const MAX_REFS = 100;

const title = z
  .string()
  .trim()
  .min(1, 'title must not be empty')
  .max(MAX_TITLE);
const text = z.string().max(MAX_TEXT);

const declareSchema = z.object({
  title,
  severity: z.enum(SEVERITIES),
  entityRef: ref,
  description: text.optional(),
  impactedEntityRefs: z.array(ref).max(MAX_REFS).optional(),
});

const updateSchema = z.object({
  version: z.number().int().positive(),
  entityRef: ref.optional(),
  title: title.optional(),
  description: text.optional(),
  severity: z.enum(SEVERITIES).optional(),
  customerImpact: text.optional(),
  labels: z
    .record(z.string().min(1).max(63), z.string().max(255))
    .refine(l => Object.keys(l).length <= 50, 'at most 50 labels')
    .optional(),
  links: z
    .array(
      z.object({
        title: z.string().trim().min(1).max(200),
        url: z.url({ protocol: /^https?$/ }).max(2000),
      }),
    )
    .max(50)
    .optional(),
  impactedEntityRefs: z.array(ref).max(MAX_REFS).optional(),
});

const transitionSchema = z.object({
  to: z.enum(INCIDENT_STATUSES),
  version: z.number().int().positive().optional(),
  note: text.optional(),
});

const roleSchema = z.object({
  role: z.enum(INCIDENT_ROLES),
  userRef: ref.nullable(),
  version: z.number().int().positive().optional(),
});

const noteSchema = z.object({
  markdown: z
    .string()
    .trim()
    .min(1, 'markdown must not be empty')
    .max(MAX_TEXT),
});

const mergeSchema = z.object({ into: z.string().min(1).max(20) });

const listSchema = z.object({
  entityRef: ref.optional(),
  ownerRef: ref.optional(),
  systemRef: ref.optional(),
  status: listOf(INCIDENT_STATUSES).optional(),
  severity: listOf(SEVERITIES).optional(),
  from: isoTime.optional(),
  to: isoTime.optional(),
  q: z.string().trim().max(200).optional(),
  cursor,
  limit: pageLimit(500),
});

const metricsSchema = z.object({
  entityRef: ref.optional(),
  ownerRef: ref.optional(),
  from: isoTime.optional(),
  to: isoTime.optional(),
});

export function createIncidentsRouter(options: {
  httpAuth: HttpAuthService;
  auditor: AuditorService;
  idempotency: IdempotencyStore;
  incidents: IncidentsService;
}): express.Router {
  const { auditor, idempotency, incidents } = options;
  const { router, caller, change } = createDomainRouter(options);

  router.post('/incidents', async (req, res) => {
    const body = parse(declareSchema, req.body);
    const credentials = await caller(req);
    await respondOnce(
      idempotency,
      { req, res, credentials, operation: 'declare' },
      () =>
        audited(
          auditor,
          req,
          'incident-declare',
          { entityRef: body.entityRef },
          async () => ({
            status: 201,
            body: await incidents.declare(body, credentials),
          }),
        ),
    );
  });

  router.get('/incidents', async (req, res) => {
    const query = parse(listSchema, req.query);
    res.json(await incidents.list(query, await caller(req)));
  });

  router.get('/incidents/:id', async (req, res) => {
    res.json(await incidents.get(req.params.id, await caller(req)));
  });

  router.patch('/incidents/:id', async (req, res) => {
    const body = parse(updateSchema, req.body);
    res.json(
      await change(req, 'incident-update', { id: req.params.id }, credentials =>
        incidents.update(req.params.id, body, credentials),
      ),
    );
  });

  router.delete('/incidents/:id', async (req, res) => {
    await change(req, 'incident-delete', { id: req.params.id }, credentials =>
      incidents.delete(req.params.id, credentials),
    );
    res.status(204).end();
  });

  router.post('/incidents/:id/transition', async (req, res) => {
    const body = parse(transitionSchema, req.body);
    const credentials = await caller(req);
    const { id } = req.params;
    await respondOnce(
      idempotency,
      { req, res, credentials, operation: `transition ${id}` },
      () =>
        audited(
          auditor,
          req,
          'incident-transition',
          { id, to: body.to },
          async () => ({
            status: 200,
            body: await incidents.transition(id, body, credentials),
          }),
        ),
    );
  });

  router.post('/incidents/:id/acknowledge', async (req, res) => {
    res.json(
      await change(
        req,
        'incident-acknowledge',
        { id: req.params.id },
        credentials => incidents.acknowledge(req.params.id, credentials),
      ),
    );
  });

  router.post('/incidents/:id/roles', async (req, res) => {
    const body = parse(roleSchema, req.body);
    res.json(
      await change(
        req,
        'incident-assign-role',
        { id: req.params.id, role: body.role, userRef: body.userRef },
        credentials => incidents.assignRole(req.params.id, body, credentials),
      ),
    );
  });

  router.post('/incidents/:id/notes', async (req, res) => {
    const { markdown } = parse(noteSchema, req.body);
    const event = await change(
      req,
      'incident-note',
      { id: req.params.id },
      credentials => incidents.addNote(req.params.id, markdown, credentials),
    );
    res.status(201).json(event);
  });

  router.post('/incidents/:id/merge', async (req, res) => {
    const { into } = parse(mergeSchema, req.body);
    res.json(
      await change(
        req,
        'incident-merge',
        { id: req.params.id, into },
        credentials => incidents.merge(req.params.id, into, credentials),
      ),
    );
  });

  router.get('/incidents/:id/timeline', async (req, res) => {
    res.json({
      items: await incidents.timeline(req.params.id, await caller(req)),
    });
  });

  router.get('/metrics', async (req, res) => {
    const query = parse(metricsSchema, req.query);
    res.json(await incidents.metrics(query, await caller(req)));
  });

  return router;
}
