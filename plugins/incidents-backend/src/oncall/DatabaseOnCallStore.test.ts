import { ScheduleLayer } from '@lookout/plugin-incidents-common';
import { eachDatabase } from '../__testUtils__/databases';
import { DatabaseOnCallStore } from './DatabaseOnCallStore';

jest.setTimeout(60_000);

const T0 = '2026-06-01T00:00:00.000Z';
const layer: ScheduleLayer = {
  name: 'primary',
  rotation: 'weekly',
  handoffDay: 1,
  handoffTime: '09:00',
  startsAt: '2026-06-01T07:00:00.000Z',
  members: ['user:default/ann', 'user:default/bob'],
  restrictions: [{ days: [1, 2, 3, 4, 5], start: '09:00', end: '17:00' }],
};
const schedule = (id: string, ownerRef: string, name = `schedule ${id}`) => ({
  id,
  name,
  ownerRef,
  timeZone: 'Europe/Berlin',
  layers: [layer],
  createdAt: T0,
  updatedAt: T0,
  version: 1,
});
const override = (id: string, startsAt: string, endsAt: string) => ({
  id,
  userRef: 'user:default/cy',
  startsAt,
  endsAt,
  createdBy: 'user:default/ann',
  createdAt: T0,
});

describe('DatabaseOnCallStore', () => {
  eachDatabase(({ migrated }) => {
    async function createStore() {
      const knex = await migrated();
      return DatabaseOnCallStore.create({ knex });
    }

    it('keeps schedules with their layers, updates them only at the version read, and deletes them with their overrides', async () => {
      const store = await createStore();
      const checkout = 'group:default/checkout-team';
      expect(await store.createSchedule(schedule('a', checkout))).toEqual(
        schedule('a', checkout),
      );
      await store.createSchedule(schedule('b', 'group:default/sre', 'B'));
      expect(
        (await store.listSchedules({ ownerRefs: [checkout] })).map(s => s.id),
      ).toEqual(['a']);
      expect((await store.listSchedules({})).map(s => s.id)).toEqual([
        'b',
        'a',
      ]);
      expect((await store.listSchedules({ ids: ['b'] }))[0].name).toBe('B');

      const changes = {
        name: 'renamed',
        ownerRef: checkout,
        timeZone: 'America/New_York',
        layers: [{ ...layer, members: ['user:default/cy'] }],
        updatedAt: '2026-06-02T00:00:00.000Z',
      };
      const updated = await store.updateSchedule('a', 1, changes);
      expect(updated).toEqual({
        updated: expect.objectContaining({
          name: 'renamed',
          timeZone: 'America/New_York',
          layers: changes.layers,
          version: 2,
          updatedAt: '2026-06-02T00:00:00.000Z',
        }),
      });
      expect(await store.updateSchedule('a', 1, changes)).toEqual({
        stale: 2,
      });
      expect(await store.updateSchedule('zzz', 1, changes)).toEqual({
        missing: true,
      });

      await store.addOverride(
        'a',
        override('o1', '2026-06-03T10:00:00.000Z', '2026-06-03T12:00:00.000Z'),
      );
      await store.addOverride(
        'a',
        override('o2', '2026-06-05T10:00:00.000Z', '2026-06-05T12:00:00.000Z'),
      );
      const ids = (rows: Array<{ id: string }>) => rows.map(r => r.id);
      expect(
        ids(await store.listOverrides(['a'], { from: '2026-06-03T11:00:00Z' })),
      ).toEqual(['o1', 'o2']);
      // ranges are half-open: an override ending at `from` or starting at `to` is outside
      expect(
        ids(
          await store.listOverrides(['a'], {
            from: '2026-06-03T12:00:00Z',
            to: '2026-06-05T10:00:00Z',
          }),
        ),
      ).toEqual([]);
      expect(
        (
          await store.listOverrides(['a', 'b'], {
            from: '2026-06-05T11:00:00Z',
          })
        )[0],
      ).toEqual({
        id: 'o2',
        scheduleId: 'a',
        userRef: 'user:default/cy',
        startsAt: '2026-06-05T10:00:00.000Z',
        endsAt: '2026-06-05T12:00:00.000Z',
        createdBy: 'user:default/ann',
      });
      expect(await store.deleteOverride('b', 'o1')).toBe(false);
      expect(await store.deleteOverride('a', 'o1')).toBe(true);

      expect(await store.deleteSchedule('a')).toBe(true);
      expect(await store.deleteSchedule('a')).toBe(false);
      expect(await store.listOverrides(['a'], { from: T0 })).toEqual([]);
    });
  });
});
