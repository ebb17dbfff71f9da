import { HttpAuthService } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import {
  INCIDENT_STATUSES,
  SEVERITIES,
} from '@lookout/plugin-incidents-common';
import express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import { IncidentsService } from './IncidentsService';

const MAX_TITLE = 200;
const MAX_DESCRIPTION = 20_000;
const MAX_IMPACTED = 100;

const declareSchema = z.object({
  title: z.string().trim().min(1, 'title must not be empty').max(MAX_TITLE),
  severity: z.enum(SEVERITIES),
  entityRef: z.string().min(1).max(255),
  description: z.string().max(MAX_DESCRIPTION).optional(),
  impactedEntityRefs: z
    .array(z.string().min(1).max(255))
    .max(MAX_IMPACTED)
    .optional(),
});

/** `?status=a,b` and `?status=a&status=b` both mean [a, b]. */
const listOf = <T extends readonly [string, ...string[]]>(values: T) =>
  z
    .union([z.string(), z.array(z.string())])
    .transform(v => (Array.isArray(v) ? v : [v]).flatMap(s => s.split(',')))
    .pipe(z.array(z.enum(values)));

const listSchema = z.object({
  entityRef: z.string().min(1).max(255).optional(),
  status: listOf(INCIDENT_STATUSES).optional(),
  severity: listOf(SEVERITIES).optional(),
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(500).optional(),
});

/** Parses with zod and turns a failure into a 400 that names every bad field. */
export function parse<T>(schema: z.ZodType<T>, value: unknown): T {
  const result = schema.safeParse(value);
  if (!result.success) {
    throw new InputError(z.prettifyError(result.error));
  }
  return result.data;
}

export function createIncidentsRouter(options: {
  httpAuth: HttpAuthService;
  incidents: IncidentsService;
}): express.Router {
  const { httpAuth, incidents } = options;
  const router = Router();

  router.post('/incidents', async (req, res) => {
    const body = parse(declareSchema, req.body);
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    res.status(201).json(await incidents.declare(body, credentials));
  });

  router.get('/incidents', async (req, res) => {
    await httpAuth.credentials(req, { allow: ['user', 'service'] });
    res.json(await incidents.list(parse(listSchema, req.query)));
  });

  router.get('/incidents/:id', async (req, res) => {
    await httpAuth.credentials(req, { allow: ['user', 'service'] });
    res.json(await incidents.get(req.params.id));
  });

  router.get('/incidents/:id/timeline', async (req, res) => {
    await httpAuth.credentials(req, { allow: ['user', 'service'] });
    res.json({ items: await incidents.timeline(req.params.id) });
  });

  return router;
}
