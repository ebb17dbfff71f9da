import { AuditorService, HttpAuthService } from '@backstage/backend-plugin-api';
import { NotFoundError } from '@backstage/errors';
import { IMPORT_VENDORS, ImportVendor } from '@lookout/plugin-incidents-common';
import express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import { audited } from '../audit/audited';
import { parse, ref } from '../lib/validation';
import { ImportService } from './ImportService';

const requestSchema = z.object({
  apiUrl: z.string().min(1).max(500).optional(),
  token: z.string().min(1).max(500).optional(),
  defaultOwnerRef: ref.optional(),
});

/** The importer a path names; another vendor has none. */
function vendorOf(name: string): ImportVendor {
  const vendor = IMPORT_VENDORS.find(v => v === name);
  if (!vendor) {
    throw new NotFoundError(
      `No importer for "${name}"; there are ${IMPORT_VENDORS.join(' and ')}`,
    );
  }
  return vendor;
}

/**
 * Import from PagerDuty or Opsgenie: `plan` is the dry run, `apply` writes. The vendor token
 * comes in the body for this run (or from configuration) and is never stored or logged.
 */
export function createImportRouter(options: {
  httpAuth: HttpAuthService;
  auditor: AuditorService;
  imports: ImportService;
}): express.Router {
  const { httpAuth, auditor, imports } = options;
  const router = Router();

  router.post('/import/:vendor/plan', async (req, res) => {
    const body = parse(requestSchema, req.body ?? {});
    const vendor = vendorOf(req.params.vendor);
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    res.json(await imports.plan(vendor, body, credentials));
  });

  router.post('/import/:vendor/apply', async (req, res) => {
    const body = parse(requestSchema, req.body ?? {});
    const vendor = vendorOf(req.params.vendor);
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    // the audit names the vendor and the API base, never the token
    res.json(
      await audited(
        auditor,
        req,
        'import-apply',
        { vendor, apiUrl: body.apiUrl ?? 'default' },
        () => imports.apply(vendor, body, credentials),
      ),
    );
  });

  return router;
}
