import { HttpAuthService } from '@backstage/backend-plugin-api';
import { BLAST_RADIUS_DIRECTIONS } from '@lookout/plugin-incidents-common';
import express, { NextFunction, Request, Response } from 'express';
import { z } from 'zod';
import { parse } from '../lib/validation';
import { createDomainRouter } from '../lib/routes';
import { BLAST_RADIUS_LIMITS } from './describeBlastRadius';
import { MAX_STATUS_REFS } from '@lookout/plugin-incidents-common';
import { GraphService } from './GraphService';
import { RETRY_AFTER_SECONDS } from './unavailable';

/** A dashboard asks for its whole page of entities at once; more is a second call. */

const ref = z.string().min(1).max(255);

const blastRadiusSchema = z.object({
  entityRef: ref,
  direction: z.enum(BLAST_RADIUS_DIRECTIONS).default('downstream'),
  maxDepth: z.coerce
    .number()
    .int()
    .min(1)
    .max(BLAST_RADIUS_LIMITS.maxDepth)
    .default(BLAST_RADIUS_LIMITS.defaultMaxDepth),
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(BLAST_RADIUS_LIMITS.limit)
    .default(BLAST_RADIUS_LIMITS.defaultLimit),
});

/** `?entityRef=a&entityRef=b` and `?entityRef=a,b` both mean [a, b]. */
const entityStatusSchema = z.object({
  entityRef: z
    .union([z.string(), z.array(z.string())])
    .transform(v =>
      (Array.isArray(v) ? v : [v])
        .flatMap(s => s.split(','))
        .map(s => s.trim())
        .filter(Boolean),
    )
    .pipe(z.array(ref).min(1, 'entityRef is required').max(MAX_STATUS_REFS)),
});

/**
 * Blast radius and live status: zod in, GraphService, JSON out. When the catalog or the
 * permission framework cannot answer, the 503 says when to retry.
 */
export function createGraphRouter(options: {
  httpAuth: HttpAuthService;
  graph: GraphService;
}): express.Router {
  const { graph } = options;
  const { router, caller } = createDomainRouter(options);

  router.get('/blast-radius', async (req, res) => {
    const query = parse(blastRadiusSchema, req.query);
    res.json(await graph.blastRadius(query, await caller(req)));
  });

  router.get('/entity-status', async (req, res) => {
    const { entityRef } = parse(entityStatusSchema, req.query);
    res.json(await graph.entityStatus(entityRef, await caller(req)));
  });

  router.use(
    (error: Error, _req: Request, res: Response, next: NextFunction) => {
      if (error?.name === 'ServiceUnavailableError') {
        res.set('Retry-After', String(RETRY_AFTER_SECONDS));
      }
      next(error);
    },
  );

  return router;
}
