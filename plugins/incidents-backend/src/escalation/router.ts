import { AuditorService, HttpAuthService } from '@backstage/backend-plugin-api';
import express from 'express';
import { z } from 'zod';
import { audited } from '../audit/audited';
import { IdempotencyStore } from '../idempotency/IdempotencyStore';
import { respondOnce } from '../idempotency/respondOnce';
import { parse, ref } from '../lib/validation';
import { createDomainRouter } from '../lib/routes';
import { EscalationService } from './EscalationService';

const reassignSchema = z.object({ userRef: ref });

/** An incident's escalation: its pages, escalating by hand, reassigning to one more person. */
export function createEscalationRouter(options: {
  httpAuth: HttpAuthService;
  auditor: AuditorService;
  escalation: EscalationService;
  idempotency: IdempotencyStore;
}): express.Router {
  const { auditor, escalation, idempotency } = options;
  const { router, caller } = createDomainRouter(options);

  // whether pages go out on time; the On call page warns when they do not
  router.get('/escalation/engine', async (req, res) => {
    await caller(req);
    res.json(await escalation.engineStatus());
  });

  router.get('/incidents/:id/pages', async (req, res) => {
    const credentials = await caller(req);
    res.json(await escalation.pages(req.params.id, credentials));
  });

  // Both page people each time they are asked; a client retrying with the same
  // Idempotency-Key gets the first answer instead of paging again.
  router.post('/incidents/:id/escalate', async (req, res) => {
    const credentials = await caller(req);
    const { id } = req.params;
    await respondOnce(
      idempotency,
      { req, res, credentials, operation: `escalate ${id}` },
      async () => ({
        status: 200,
        body: await audited(auditor, req, 'incident-escalate', { id }, () =>
          escalation.escalateNow(id, credentials),
        ),
      }),
    );
  });

  router.post('/incidents/:id/reassign', async (req, res) => {
    const body = parse(reassignSchema, req.body);
    const credentials = await caller(req);
    const { id } = req.params;
    await respondOnce(
      idempotency,
      { req, res, credentials, operation: `reassign ${id}` },
      async () => ({
        status: 200,
        body: await audited(
          auditor,
          req,
          'incident-reassign',
          { id, userRef: body.userRef },
          () => escalation.reassign(id, body.userRef, credentials),
        ),
      }),
    );
  });

  return router;
}
