import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { oncallManagePermission } from '@lookout/plugin-incidents-common';
import { IncidentsAuthorizer } from '../permissions/IncidentsAuthorizer';

/**
 * Schedules, escalation policies and paging webhooks change only with
 * `incident.oncall.manage`; reading them needs no more than a signed-in caller.
 */
export function requireOnCallManage(
  authorizer: Pick<IncidentsAuthorizer, 'requireBasic'>,
  credentials: BackstageCredentials,
): Promise<void> {
  return authorizer.requireBasic(oncallManagePermission, credentials);
}
