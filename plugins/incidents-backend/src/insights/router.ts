import { HttpAuthService } from '@backstage/backend-plugin-api';
import { SEVERITIES } from '@lookout/plugin-incidents-common';
import express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import { isoTime, listOf, parse, ref } from '../lib/validation';
import { InsightsService } from './InsightsService';

const INCIDENT_SOURCES = ['manual', 'alert', 'support'] as const;

const insightsSchema = z.object({
  from: isoTime.optional(),
  to: isoTime.optional(),
  groupRef: ref.optional(),
  entityRef: ref.optional(),
  severity: listOf(SEVERITIES).optional(),
  source: listOf(INCIDENT_SOURCES).optional(),
});

/** The mission's figures, over the incidents the caller may read. */
export function createInsightsRouter(options: {
  httpAuth: HttpAuthService;
  insights: InsightsService;
}): express.Router {
  const { httpAuth, insights } = options;
  const router = Router();

  router.get('/insights', async (req, res) => {
    const query = parse(insightsSchema, req.query);
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    res.json(await insights.insights(query, credentials));
  });

  return router;
}
