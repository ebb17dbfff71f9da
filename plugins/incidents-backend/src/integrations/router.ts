import { AuditorService, HttpAuthService } from '@backstage/backend-plugin-api';
import express, { Request } from 'express';
import Router from 'express-promise-router';
import { audited } from '../audit/audited';
import { z } from 'zod';
import { parse, ref } from '../lib/validation';
import { IntegrationsService } from './IntegrationsService';
import { INTEGRATION_TYPES } from './types';

const createSchema = z.object({
  name: z.string().trim().min(1, 'name must not be empty').max(100),
  type: z.enum(INTEGRATION_TYPES),
  entityRef: ref.optional(),
  groupRef: ref.optional(),
  autoResolve: z.boolean().optional(),
  signed: z.boolean().optional(),
});

/** Integration keys: created (shown once), listed without keys, revoked. */
export function createIntegrationsRouter(options: {
  httpAuth: HttpAuthService;
  auditor: AuditorService;
  integrations: IntegrationsService;
}): express.Router {
  const { httpAuth, auditor, integrations } = options;
  const router = Router();
  const caller = (req: Request) =>
    httpAuth.credentials(req, { allow: ['user', 'service'] });

  router.post('/integrations', async (req, res) => {
    const body = parse(createSchema, req.body);
    const credentials = await caller(req);
    const created = await audited(
      auditor,
      req,
      'integration-create',
      { name: body.name, type: body.type },
      () => integrations.create(body, credentials),
    );
    res.status(201).json(created);
  });

  router.get('/integrations', async (req, res) => {
    await caller(req);
    res.json({ items: await integrations.list() });
  });

  router.delete('/integrations/:id', async (req, res) => {
    const credentials = await caller(req);
    const { id } = req.params;
    await audited(auditor, req, 'integration-revoke', { id }, () =>
      integrations.revoke(id, credentials),
    );
    res.status(204).end();
  });

  return router;
}
