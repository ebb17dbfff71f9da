import { AuditorService, HttpAuthService } from '@backstage/backend-plugin-api';
import express, { Request } from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import { audited } from '../audit/audited';
import { isoTime, parse, ref, version } from '../lib/validation';
import { OnCallResolver } from './OnCallResolver';
import { overrideSchema, scheduleSchema } from './schemas';
import { SchedulesService } from './SchedulesService';

const onCallSchema = z
  .object({ entityRef: ref.optional(), groupRef: ref.optional() })
  .refine(
    q => (q.entityRef === undefined) !== (q.groupRef === undefined),
    'give exactly one of entityRef and groupRef',
  );

const ownerQuery = z.object({ ownerRef: ref.optional() });
const rangeQuery = z.object({
  from: isoTime.optional(),
  to: isoTime.optional(),
});

/**
 * On-call: who is on call, and schedules with their overrides and timelines (escalation
 * policies, under `/oncall/policies`, are the escalation router's). Every signed-in caller
 * reads; the service checks `incident.oncall.manage` on writes.
 */
export function createOnCallRouter(options: {
  httpAuth: HttpAuthService;
  auditor: AuditorService;
  schedules: SchedulesService;
  oncall: OnCallResolver;
}): express.Router {
  const { httpAuth, auditor, schedules, oncall } = options;
  const router = Router();
  const caller = (req: Request) =>
    httpAuth.credentials(req, { allow: ['user', 'service'] });

  router.get('/oncall', async (req, res) => {
    const query = parse(onCallSchema, req.query);
    const credentials = await caller(req);
    res.json(
      await oncall.onCall(
        query.entityRef
          ? { entityRef: query.entityRef }
          : { groupRef: query.groupRef! },
        credentials,
      ),
    );
  });

  router.get('/oncall/schedules', async (req, res) => {
    const query = parse(ownerQuery, req.query);
    await caller(req);
    res.json({ items: await schedules.listSchedules(query) });
  });

  router.post('/oncall/schedules', async (req, res) => {
    const body = parse(scheduleSchema, req.body);
    const credentials = await caller(req);
    const schedule = await audited(
      auditor,
      req,
      'oncall-schedule-create',
      { ownerRef: body.ownerRef },
      () => schedules.createSchedule(body, credentials),
    );
    res.status(201).json(schedule);
  });

  router.get('/oncall/schedules/:id', async (req, res) => {
    await caller(req);
    res.json(await schedules.getSchedule(req.params.id));
  });

  router.put('/oncall/schedules/:id', async (req, res) => {
    const body = parse(scheduleSchema.extend({ version }), req.body);
    const credentials = await caller(req);
    const { id } = req.params;
    const schedule = await audited(
      auditor,
      req,
      'oncall-schedule-update',
      { id },
      () => schedules.updateSchedule(id, body, credentials),
    );
    res.json(schedule);
  });

  router.delete('/oncall/schedules/:id', async (req, res) => {
    const credentials = await caller(req);
    const { id } = req.params;
    await audited(auditor, req, 'oncall-schedule-delete', { id }, () =>
      schedules.deleteSchedule(id, credentials),
    );
    res.status(204).end();
  });

  router.get('/oncall/schedules/:id/shifts', async (req, res) => {
    const query = parse(rangeQuery, req.query);
    await caller(req);
    res.json(await schedules.shifts(req.params.id, query));
  });

  router.post('/oncall/schedules/:id/overrides', async (req, res) => {
    const body = parse(overrideSchema, req.body);
    const credentials = await caller(req);
    const { id } = req.params;
    const override = await audited(
      auditor,
      req,
      'oncall-override-create',
      { scheduleId: id, userRef: body.userRef },
      () => schedules.addOverride(id, body, credentials),
    );
    res.status(201).json(override);
  });

  router.delete(
    '/oncall/schedules/:id/overrides/:overrideId',
    async (req, res) => {
      const credentials = await caller(req);
      const { id, overrideId } = req.params;
      await audited(
        auditor,
        req,
        'oncall-override-delete',
        { scheduleId: id, overrideId },
        () => schedules.deleteOverride(id, overrideId, credentials),
      );
      res.status(204).end();
    },
  );

  return router;
}
