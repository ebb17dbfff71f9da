import { AuditorService, HttpAuthService } from '@backstage/backend-plugin-api';
import { TRIAGE_VERDICTS } from '@lookout/plugin-incidents-common';
import express, { Request } from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import { audited } from '../audit/audited';
import { parse } from '../lib/validation';
import { TriageService } from './TriageService';

const feedbackSchema = z.object({
  suggestionId: z.string().min(1).max(600),
  verdict: z.enum(TRIAGE_VERDICTS),
});

/** The triage assistant: an incident's suggestions, recomputing them, and verdicts on them. */
export function createTriageRouter(options: {
  httpAuth: HttpAuthService;
  auditor: AuditorService;
  triage: TriageService;
}): express.Router {
  const { httpAuth, auditor, triage } = options;
  const router = Router();
  const caller = (req: Request) =>
    httpAuth.credentials(req, { allow: ['user', 'service'] });

  router.get('/incidents/:id/triage', async (req, res) => {
    res.json(await triage.get(req.params.id, await caller(req)));
  });

  router.post('/incidents/:id/triage/refresh', async (req, res) => {
    const credentials = await caller(req);
    const { id } = req.params;
    res.json(
      await audited(auditor, req, 'incident-triage-refresh', { id }, () =>
        triage.refresh(id, credentials),
      ),
    );
  });

  router.post('/incidents/:id/triage/feedback', async (req, res) => {
    const body = parse(feedbackSchema, req.body);
    const credentials = await caller(req);
    const { id } = req.params;
    res.json(
      await audited(
        auditor,
        req,
        'incident-triage-feedback',
        { id, ...body },
        () => triage.feedback(id, body, credentials),
      ),
    );
  });

  router.get('/triage/feedback', async (req, res) => {
    res.json(await triage.feedbackSummary(await caller(req)));
  });

  return router;
}
