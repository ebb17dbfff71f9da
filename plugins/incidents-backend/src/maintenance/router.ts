import { AuditorService, HttpAuthService } from '@backstage/backend-plugin-api';
import express from 'express';
import { z } from 'zod';
import { isoTime, parse, ref } from '../lib/validation';
import { createDomainRouter } from '../lib/routes';
import { MaintenanceService } from './MaintenanceService';

const createSchema = z.object({
  entityRef: ref,
  startsAt: isoTime,
  endsAt: isoTime,
  reason: z.string().trim().min(1, 'reason must not be empty').max(2000),
});

const listSchema = z.object({
  entityRef: ref.optional(),
  active: z
    .enum(['true', 'false'])
    .transform(v => v === 'true')
    .optional(),
});

/** Maintenance windows: created, listed (current and coming) and deleted. */
export function createMaintenanceRouter(options: {
  httpAuth: HttpAuthService;
  auditor: AuditorService;
  maintenance: MaintenanceService;
}): express.Router {
  const { maintenance } = options;
  const { router, caller, change } = createDomainRouter(options);

  router.post('/maintenance-windows', async (req, res) => {
    const body = parse(createSchema, req.body);
    const window = await change(
      req,
      'maintenance-window-create',
      { entityRef: body.entityRef },
      credentials => maintenance.create(body, credentials),
    );
    res.status(201).json(window);
  });

  router.get('/maintenance-windows', async (req, res) => {
    const query = parse(listSchema, req.query);
    await caller(req);
    res.json({ items: await maintenance.list(query) });
  });

  router.delete('/maintenance-windows/:id', async (req, res) => {
    const { id } = req.params;
    await change(req, 'maintenance-window-delete', { id }, credentials =>
      maintenance.delete(id, credentials),
    );
    res.status(204).end();
  });

  return router;
}
