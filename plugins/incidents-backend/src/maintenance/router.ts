import { AuditorService, HttpAuthService } from '@backstage/backend-plugin-api';
import express, { Request } from 'express';
import Router from 'express-promise-router';
import { audited } from '../audit/audited';
import { z } from 'zod';
import { isoTime, parse, ref } from '../lib/validation';
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
  const { httpAuth, auditor, maintenance } = options;
  const router = Router();
  const caller = (req: Request) =>
    httpAuth.credentials(req, { allow: ['user', 'service'] });

  router.post('/maintenance-windows', async (req, res) => {
    const body = parse(createSchema, req.body);
    const credentials = await caller(req);
    const window = await audited(
      auditor,
      req,
      'maintenance-window-create',
      { entityRef: body.entityRef },
      () => maintenance.create(body, credentials),
    );
    res.status(201).json(window);
  });

  router.get('/maintenance-windows', async (req, res) => {
    const query = parse(listSchema, req.query);
    await caller(req);
    res.json({ items: await maintenance.list(query) });
  });

  router.delete('/maintenance-windows/:id', async (req, res) => {
    const credentials = await caller(req);
    const { id } = req.params;
    await audited(auditor, req, 'maintenance-window-delete', { id }, () =>
      maintenance.delete(id, credentials),
    );
    res.status(204).end();
  });

  return router;
}
