import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  incidentCreatePermission,
  incidentReadPermission,
  incidentResolvePermission,
  incidentUpdatePermission,
} from '@lookout/plugin-incidents-common';
import { DemoPermissionPolicy } from './permissionPolicy';

const user = {
  identity: {
    type: 'user' as const,
    userEntityRef: 'user:default/guest',
    ownershipEntityRefs: [],
  },
  info: {
    userEntityRef: 'user:default/guest',
    ownershipEntityRefs: ['user:default/guest', 'group:default/checkout-team'],
  },
  token: 'token',
  credentials: {} as any,
};

describe('DemoPermissionPolicy', () => {
  const policy = new DemoPermissionPolicy();

  it('lets everyone read and declare', async () => {
    for (const permission of [
      incidentReadPermission,
      incidentCreatePermission,
    ]) {
      expect(await policy.handle({ permission }, user)).toEqual({
        result: AuthorizeResult.ALLOW,
      });
    }
  });

  it("limits changes to the entity's owners and the commander", async () => {
    for (const permission of [
      incidentUpdatePermission,
      incidentResolvePermission,
    ]) {
      expect(await policy.handle({ permission }, user)).toEqual({
        result: AuthorizeResult.CONDITIONAL,
        pluginId: 'incidents',
        resourceType: 'incident',
        conditions: {
          anyOf: [
            {
              rule: 'IS_ENTITY_OWNER',
              resourceType: 'incident',
              params: { claims: user.info.ownershipEntityRefs },
            },
            {
              rule: 'IS_COMMANDER',
              resourceType: 'incident',
              params: { claims: user.info.ownershipEntityRefs },
            },
          ],
        },
      });
    }
  });
});
