import { createBackendModule } from '@backstage/backend-plugin-api';
import {
  AuthorizeResult,
  isPermission,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import {
  createIncidentConditionalDecision,
  incidentConditions,
} from '@lookout/plugin-incidents-backend';
import {
  incidentDeletePermission,
  incidentResolvePermission,
  incidentUpdatePermission,
} from '@lookout/plugin-incidents-common';

const CHANGES = [
  incidentUpdatePermission,
  incidentResolvePermission,
  incidentDeletePermission,
];

/**
 * The demo portal's policy: everyone reads everything, may declare incidents and write
 * postmortems (`incident.postmortem.manage`); an incident is changed by the owners of the
 * entity it started on and by its commander.
 */
export class DemoPermissionPolicy implements PermissionPolicy {
  async handle(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    const change = CHANGES.find(p => isPermission(request.permission, p));
    if (change) {
      const claims = user?.info.ownershipEntityRefs ?? [];
      return createIncidentConditionalDecision(change, {
        anyOf: [
          incidentConditions.isEntityOwner({ claims }),
          incidentConditions.isCommander({ claims }),
        ],
      });
    }
    // everything else is allowed, incident.runbook.manage and incident.oncall.manage included:
    // in the demo anyone signed in writes runbooks and edits schedules and escalation policies
    return { result: AuthorizeResult.ALLOW };
  }
}

export default createBackendModule({
  pluginId: 'permission',
  moduleId: 'lookout-demo-policy',
  register(reg) {
    reg.registerInit({
      deps: { policy: policyExtensionPoint },
      async init({ policy }) {
        policy.setPolicy(new DemoPermissionPolicy());
      },
    });
  },
});
