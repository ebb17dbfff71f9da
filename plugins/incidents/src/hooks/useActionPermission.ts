import {
  Permission,
  ResourcePermission,
  isResourcePermission,
} from '@backstage/plugin-permission-common';
import { usePermission } from '@backstage/plugin-permission-react';

/** What a permission lets someone do, as the end of "You may not …". */
const ACTIONS: Record<string, string> = {
  'incident.create':
    'declare incidents, route alerts or manage integrations and maintenance',
  'incident.read': 'see this incident',
  'incident.update': 'change this incident',
  'incident.resolve': 'resolve, close, decline or merge this incident',
  'incident.delete': 'delete this incident',
  'incident.runbook.manage': 'edit runbooks',
  'incident.postmortem.manage': 'write postmortems',
  'incident.statuspage.manage': 'administer the status page',
  'incident.oncall.manage': 'manage on-call schedules and escalation policies',
  'incident.support.agent': 'link or escalate customer reports',
};

/** Why a permission was refused, for a tooltip: "You may not write postmortems". */
export function deniedReason(permission: Permission): string {
  return `You may not ${
    ACTIONS[permission.name] ?? `do this (${permission.name})`
  }`;
}

export type ActionPermissionInput =
  | { permission: Exclude<Permission, ResourcePermission>; resourceRef?: never }
  | { permission: ResourcePermission; resourceRef: string | undefined };

export interface ActionPermission {
  /** Whether the action may be offered; false while the answer is still coming. */
  allowed: boolean;
  loading: boolean;
  /** Why the action is refused, once it is known to be; undefined otherwise. */
  reason?: string;
}

/**
 * Whether the signed-in user may do an action, asked of the permission backend the way the
 * backend itself will decide it: resource permissions (`incident.update` and friends) are asked
 * about the incident id, so conditional policies (owner, commander) are resolved per incident.
 * Requests from one render are batched into one call by the permission API.
 */
export function useActionPermission(
  input: ActionPermissionInput,
): ActionPermission {
  const { allowed, loading, error } = usePermission(input);
  if (loading) {
    return { allowed: false, loading: true };
  }
  if (allowed) {
    return { allowed: true, loading: false };
  }
  // An unanswered check is shown as a refusal that says so rather than as a working button.
  const reason = error
    ? `Could not check whether you may do this: ${error.message}`
    : deniedReason(input.permission);
  // A resource permission without its incident yet is still loading, not refused.
  if (isResourcePermission(input.permission) && !input.resourceRef) {
    return { allowed: false, loading: true };
  }
  return { allowed: false, loading: false, reason };
}
