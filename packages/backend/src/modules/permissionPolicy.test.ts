import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  incidentCreatePermission,
  incidentReadPermission,
  incidentResolvePermission,
  incidentUpdatePermission,
  incidentDeletePermission,
  oncallManagePermission,
  postmortemManagePermission,
  runbookManagePermission,
  statusPageManagePermission,
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

  it('lets everyone read, declare, write postmortems and manage on-call', async () => {
    for (const permission of [
      incidentReadPermission,
      incidentCreatePermission,
      postmortemManagePermission,
      oncallManagePermission,
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

  it("answers the portal's batched checks, whose permissions arrive as JSON", async () => {
    // The portal gates every button with usePermission; the permission backend receives them
    // batched, parsed from JSON, and hands each to the policy without its resourceRef. A
    // conditional answer must name the incidents plugin and resource type, so the permission
    // backend can resolve it against the incident id the portal sent.
    const asSent = (permission: object) =>
      JSON.parse(JSON.stringify(permission));
    const batch = [
      incidentCreatePermission,
      incidentReadPermission,
      postmortemManagePermission,
      runbookManagePermission,
      statusPageManagePermission,
      oncallManagePermission,
      incidentUpdatePermission,
      incidentResolvePermission,
      incidentDeletePermission,
    ];
    const decisions = await Promise.all(
      batch.map(p => policy.handle({ permission: asSent(p) }, user)),
    );
    expect(decisions.map(d => d.result)).toEqual([
      ...Array(6).fill(AuthorizeResult.ALLOW),
      ...Array(3).fill(AuthorizeResult.CONDITIONAL),
    ]);
    for (const decision of decisions.slice(6)) {
      expect(decision).toMatchObject({
        pluginId: 'incidents',
        resourceType: 'incident',
      });
    }
  });
});
