import { AuditorService, HttpAuthService } from '@backstage/backend-plugin-api';
import express from 'express';
import { z } from 'zod';
import { isoTime, parse, ref, version } from '../lib/validation';
import { createDomainRouter } from '../lib/routes';
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
  const { schedules, oncall } = options;
  const { router, caller, change } = createDomainRouter(options);

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
    const schedule = await change(
      req,
      'oncall-schedule-create',
      { ownerRef: body.ownerRef },
      credentials => schedules.createSchedule(body, credentials),
    );
    res.status(201).json(schedule);
  });

  router.get('/oncall/schedules/:id', async (req, res) => {
    await caller(req);
    res.json(await schedules.getSchedule(req.params.id));
  });

  router.put('/oncall/schedules/:id', async (req, res) => {
    const body = parse(scheduleSchema.extend({ version }), req.body);
    const { id } = req.params;
    const schedule = await change(
      req,
      'oncall-schedule-update',
      { id },
      credentials => schedules.updateSchedule(id, body, credentials),
    );
    res.json(schedule);
  });

  router.delete('/oncall/schedules/:id', async (req, res) => {
    const { id } = req.params;
    await change(req, 'oncall-schedule-delete', { id }, credentials =>
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
    const { id } = req.params;
    const override = await change(
      req,
      'oncall-override-create',
      { scheduleId: id, userRef: body.userRef },
      credentials => schedules.addOverride(id, body, credentials),
    );
    res.status(201).json(override);
  });

  router.delete(
    '/oncall/schedules/:id/overrides/:overrideId',
    async (req, res) => {
      const { id, overrideId } = req.params;
      await change(
        req,
        'oncall-override-delete',
        { scheduleId: id, overrideId },
        credentials => schedules.deleteOverride(id, overrideId, credentials),
      );
      res.status(204).end();
    },
  );

  return router;
}
