import { AuditorService, HttpAuthService } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import express from 'express';
import { z } from 'zod';
import { parse, ref, version } from '../lib/validation';
import { createDomainRouter } from '../lib/routes';
import { EscalationPoliciesService } from './EscalationPoliciesService';
import { policySchema } from './schemas';

const ownerQuery = z.object({ ownerRef: ref.optional() });

/**
 * Escalation policies, under `/oncall/policies` where on-call clients find them. Every
 * signed-in caller reads; the service checks `incident.oncall.manage` on writes.
 */
export function createEscalationPoliciesRouter(options: {
  httpAuth: HttpAuthService;
  auditor: AuditorService;
  escalationPolicies: EscalationPoliciesService;
}): express.Router {
  const { escalationPolicies: policies } = options;
  const { router, caller, change } = createDomainRouter(options);

  router.get('/oncall/policies', async (req, res) => {
    const query = parse(ownerQuery, req.query);
    await caller(req);
    res.json({ items: await policies.listPolicies(query) });
  });

  router.post('/oncall/policies', async (req, res) => {
    const body = parse(policySchema, req.body);
    const policy = await change(
      req,
      'oncall-policy-create',
      { ownerRef: body.ownerRef },
      credentials => policies.createPolicy(body, credentials),
    );
    res.status(201).json(policy);
  });

  router.get('/oncall/policies/:id', async (req, res) => {
    await caller(req);
    if (req.params.id.startsWith('derived:')) {
      throw new InputError(
        'A derived policy is not stored; read it with GET /oncall?groupRef=…',
      );
    }
    res.json(await policies.getPolicy(req.params.id));
  });

  router.put('/oncall/policies/:id', async (req, res) => {
    const body = parse(policySchema.extend({ version }), req.body);
    const { id } = req.params;
    const policy = await change(
      req,
      'oncall-policy-update',
      { id },
      credentials => policies.updatePolicy(id, body, credentials),
    );
    res.json(policy);
  });

  router.delete('/oncall/policies/:id', async (req, res) => {
    const { id } = req.params;
    await change(req, 'oncall-policy-delete', { id }, credentials =>
      policies.deletePolicy(id, credentials),
    );
    res.status(204).end();
  });

  return router;
}
