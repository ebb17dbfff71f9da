import { AuditorService, HttpAuthService } from '@backstage/backend-plugin-api';
import express from 'express';
import { z } from 'zod';
import { parse, ref } from '../lib/validation';
import { createDomainRouter } from '../lib/routes';
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
  const { integrations } = options;
  const { router, caller, change } = createDomainRouter(options);

  router.post('/integrations', async (req, res) => {
    const body = parse(createSchema, req.body);
    const created = await change(
      req,
      'integration-create',
      { name: body.name, type: body.type },
      credentials => integrations.create(body, credentials),
    );
    res.status(201).json(created);
  });

  router.get('/integrations', async (req, res) => {
    await caller(req);
    res.json({ items: await integrations.list() });
  });

  router.delete('/integrations/:id', async (req, res) => {
    const { id } = req.params;
    await change(req, 'integration-revoke', { id }, credentials =>
      integrations.revoke(id, credentials),
    );
    res.status(204).end();
  });

  return router;
}
