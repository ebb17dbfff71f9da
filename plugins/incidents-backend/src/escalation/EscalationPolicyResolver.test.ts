import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { createTestDatabases } from '../__testUtils__/databases';
import { migrateDatabase } from '../database/migrateDatabase';
import { OnCallEntities } from '../oncall/catalogRefs';
import { DatabaseOnCallStore } from '../oncall/DatabaseOnCallStore';
import { SchedulesService } from '../oncall/SchedulesService';
import { oncallEntities } from '../oncall/__testUtils__/catalog';
import { DatabaseEscalationPolicyStore } from './DatabaseEscalationPolicyStore';
import { EscalationPoliciesService } from './EscalationPoliciesService';
import { EscalationPolicyResolver } from './EscalationPolicyResolver';

jest.setTimeout(60_000);

const NOW = new Date('2026-06-02T10:00:00Z');

/** Two groups that name each other as parent: the catalog allows it, paging must not loop. */
const cycle: Entity[] = ['ouro', 'boros'].map((name, i) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name, namespace: 'default' },
  spec: { type: 'team', children: [] },
  relations: [
    {
      type: 'hasMember',
      targetRef: i === 0 ? 'user:default/ann' : 'user:default/bob',
    },
    {
      type: 'childOf',
      targetRef: `group:default/${i === 0 ? 'boros' : 'ouro'}`,
    },
  ],
}));

describe('EscalationPolicyResolver, as the escalation engine calls it', () => {
  const databases = createTestDatabases();

  async function setUp() {
    const knex = await databases.init('SQLITE_3');
    await migrateDatabase(mockServices.database({ knex }));
    const store = DatabaseOnCallStore.create({ knex });
    const catalog = catalogServiceMock({
      entities: [...oncallEntities, ...cycle],
    });
    const entities = new OnCallEntities(catalog);
    const authorizer = { requireBasic: async () => {} };
    const schedules = new SchedulesService({
      store,
      entities,
      authorizer,
      clock: () => NOW,
    });
    const policyStore = DatabaseEscalationPolicyStore.create({ knex });
    const policies = new EscalationPoliciesService({
      store: policyStore,
      schedules,
      entities,
      authorizer,
      clock: () => NOW,
    });
    const resolver = new EscalationPolicyResolver({
      store: policyStore,
      schedules,
      entities,
      auth: mockServices.auth(),
      logger: mockServices.logger.mock(),
    });
    return { schedules, policies, resolver, store, catalog };
  }

  it('derives a group policy from its schedules, resolves it at a time, and keeps the first reason per person', async () => {
    const { schedules, resolver } = await setUp();
    const user = mockCredentials.user('user:default/ann');
    const schedule = await schedules.createSchedule(
      {
        name: 'Checkout primary',
        ownerRef: 'group:default/checkout-team',
        timeZone: 'Europe/Berlin',
        layers: [
          {
            name: 'Daily',
            rotation: 'daily',
            handoffTime: '09:00',
            startsAt: '2026-06-01T09:00:00+02:00',
            members: ['user:default/ann', 'user:default/bob'],
            restrictions: [],
          },
        ],
      },
      user,
    );
    await schedules.addOverride(
      schedule.id,
      {
        userRef: 'user:default/cy',
        startsAt: '2026-06-02T18:00:00Z',
        endsAt: '2026-06-02T20:00:00Z',
      },
      user,
    );

    const { groupRef, policy } = await resolver.policyFor({
      entityRef: 'component:default/checkout-service',
    });
    expect(groupRef).toBe('group:default/checkout-team');
    expect(policy).toMatchObject({
      derived: true,
      levels: [
        {
          delayMinutes: 0,
          targets: [{ type: 'schedule', scheduleId: schedule.id }],
        },
        { delayMinutes: 15, targets: [{ type: 'parent_oncall' }] },
      ],
    });

    const targets = [
      ...policy.levels[0].targets,
      {
        type: 'group_members' as const,
        groupRef: 'group:default/checkout-team',
      },
      { type: 'parent_oncall' as const },
    ];
    // 10:00Z on 2 June is bob's day (ann had 1 June); at 19:00Z cy covers
    expect(
      await resolver.resolveTargets(
        groupRef,
        targets,
        new Date('2026-06-02T10:00:00Z'),
      ),
    ).toEqual([
      { userRef: 'user:default/bob', reason: 'on call for Checkout primary' },
      {
        userRef: 'user:default/ann',
        reason: 'member of group:default/checkout-team',
      },
      {
        userRef: 'user:default/maya',
        reason:
          'member of group:default/engineering, for parent group group:default/engineering',
      },
    ]);
    expect(
      (
        await resolver.resolveTargets(
          groupRef,
          targets.slice(0, 1),
          new Date('2026-06-02T19:00:00Z'),
        )
      ).map(t => t.userRef),
    ).toEqual(['user:default/cy']);
    // a schedule that is gone pages nobody rather than failing the whole level
    expect(
      await resolver.resolveTargets(
        groupRef,
        [
          { type: 'schedule', scheduleId: 'gone' },
          { type: 'user', userRef: 'user:default/dan' },
        ],
        NOW,
      ),
    ).toEqual([
      { userRef: 'user:default/dan', reason: 'named in the escalation policy' },
    ]);
  });

  it('stops climbing parents when the catalog has a cycle', async () => {
    const { policies, resolver } = await setUp();
    // boros pages its own parent first, which is ouro again
    await policies.createPolicy(
      {
        name: 'Boros',
        ownerRef: 'group:default/boros',
        levels: [
          {
            delayMinutes: 0,
            targets: [
              { type: 'parent_oncall' },
              { type: 'group_members', groupRef: 'group:default/boros' },
            ],
          },
        ],
        repeat: 0,
      },
      mockCredentials.user(),
    );
    expect(
      await resolver.resolveTargets(
        'group:default/ouro',
        [{ type: 'parent_oncall' }],
        NOW,
      ),
    ).toEqual([
      {
        userRef: 'user:default/bob',
        reason:
          'member of group:default/boros, for parent group group:default/boros',
      },
    ]);
  });

  it('falls back to the owner when the annotation names no policy, and prefers a stored policy', async () => {
    const { policies, resolver } = await setUp();
    // payments-api's annotation names "Special", which does not exist yet
    const fallback = await resolver.policyFor({
      entityRef: 'component:default/payments-api',
    });
    expect(fallback.groupRef).toBe('group:default/checkout-team');
    expect(fallback.policy.derived).toBe(true);

    const stored = await policies.createPolicy(
      {
        name: 'Checkout',
        ownerRef: 'group:default/checkout-team',
        levels: [
          {
            delayMinutes: 0,
            targets: [{ type: 'user', userRef: 'user:default/ann' }],
          },
        ],
        repeat: 3,
      },
      mockCredentials.user(),
    );
    expect(
      await resolver.policyFor({ groupRef: 'group:default/checkout-team' }),
    ).toEqual({
      groupRef: 'group:default/checkout-team',
      policy: expect.objectContaining({
        id: stored.id,
        derived: false,
        repeat: 3,
      }),
    });
    await expect(
      resolver.policyFor({ groupRef: 'group:default/nobody' }),
    ).rejects.toThrow(/Not in the catalog/);
  });
});
