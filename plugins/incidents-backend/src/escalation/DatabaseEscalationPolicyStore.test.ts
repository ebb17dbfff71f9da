import { eachDatabase } from '../__testUtils__/databases';
import { DatabaseOnCallStore } from '../oncall/DatabaseOnCallStore';
import { DatabaseEscalationPolicyStore } from './DatabaseEscalationPolicyStore';
import { DuplicatePolicyNameError } from './EscalationPolicyStore';

jest.setTimeout(60_000);

const T0 = '2026-06-01T00:00:00.000Z';

describe('DatabaseEscalationPolicyStore', () => {
  eachDatabase(({ migrated }) => {
    /** The policy store, and the schedules' store that asks which policies page a schedule. */
    async function createStores() {
      const knex = await migrated();
      return {
        store: DatabaseEscalationPolicyStore.create({ knex }),
        schedules: DatabaseOnCallStore.create({ knex }),
      };
    }

    it('keeps policies, oldest first, unique by name, and finds those that page a schedule', async () => {
      const { store, schedules } = await createStores();
      const policy = (id: string, name: string, createdAt: string) => ({
        id,
        name,
        ownerRef: 'group:default/sre',
        levels: [
          {
            delayMinutes: 0,
            targets: [{ type: 'schedule' as const, scheduleId: `s-${id}` }],
          },
          { delayMinutes: 10, targets: [{ type: 'parent_oncall' as const }] },
        ],
        repeat: 2,
        derived: false,
        version: 1,
        createdAt,
        updatedAt: createdAt,
      });
      await store.createPolicy(
        policy('p2', 'Second', '2026-06-02T00:00:00.000Z'),
      );
      expect(await store.createPolicy(policy('p1', 'First', T0))).toEqual(
        policy('p1', 'First', T0),
      );
      await expect(
        store.createPolicy(policy('p3', 'First', T0)),
      ).rejects.toBeInstanceOf(DuplicatePolicyNameError);

      expect(
        (await store.listPolicies({ ownerRefs: ['group:default/sre'] })).map(
          p => p.id,
        ),
      ).toEqual(['p1', 'p2']);
      expect((await store.getPolicyByName('Second'))?.id).toBe('p2');
      expect(await store.getPolicy('nope')).toBeUndefined();
      expect(await schedules.policiesUsingSchedule('s-p1')).toEqual(['First']);
      expect(await schedules.policiesUsingSchedule('s-p')).toEqual([]);

      const changes = {
        name: 'Second',
        ownerRef: 'group:default/sre',
        levels: [],
        repeat: 0,
        updatedAt: T0,
      };
      await expect(store.updatePolicy('p1', 1, changes)).rejects.toBeInstanceOf(
        DuplicatePolicyNameError,
      );
      expect(
        await store.updatePolicy('p1', 1, { ...changes, name: 'Renamed' }),
      ).toEqual({
        updated: expect.objectContaining({ name: 'Renamed', version: 2 }),
      });
      expect(
        await store.updatePolicy('p1', 1, { ...changes, name: 'Renamed' }),
      ).toEqual({ stale: 2 });
      expect(await store.deletePolicy('p1')).toBe(true);
      expect(await store.deletePolicy('p1')).toBe(false);
    });
  });
});
