import {
  AuditorService,
  BackstageCredentials,
  BackstageServicePrincipal,
  BackstageUserPrincipal,
  HttpAuthService,
} from '@backstage/backend-plugin-api';
import { JsonObject } from '@backstage/types';
import { Request } from 'express';
import Router from 'express-promise-router';
import { audited } from '../audit/audited';

/** Who calls a domain route: a signed-in user or a backend service. */
export type CallerCredentials = BackstageCredentials<
  BackstageUserPrincipal | BackstageServicePrincipal
>;

/**
 * What every domain router starts with: the express router; `caller`, the credentials of a
 * request from a signed-in user or a backend service (never anonymous: the routes open to
 * anyone, the public status page and the alert intake, read no caller); and `change`, which
 * runs a change as the caller and records it with Backstage's auditor, whether it succeeds or
 * fails.
 */
export function createDomainRouter(options: {
  httpAuth: HttpAuthService;
  auditor?: AuditorService;
}) {
  const { httpAuth, auditor } = options;
  const caller = (req: Request): Promise<CallerCredentials> =>
    httpAuth.credentials(req, { allow: ['user', 'service'] });

  async function change<T>(
    req: Request,
    eventId: string,
    meta: JsonObject,
    action: (credentials: CallerCredentials) => Promise<T>,
  ): Promise<T> {
    if (!auditor) {
      throw new Error(`${eventId}: this router was created without an auditor`);
    }
    const credentials = await caller(req);
    return audited(auditor, req, eventId, meta, () => action(credentials));
  }

  return { router: Router(), caller, change };
}
