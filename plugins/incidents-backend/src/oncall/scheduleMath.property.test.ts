import fc from 'fast-check';
import { DateTime } from 'luxon';
import { ScheduleLayer } from '@lookout/plugin-incidents-common';
import { scheduleShifts } from './scheduleMath';

// Zones with and without daylight saving, north and south. Daily and weekly handoff hours stay
// clear of the hours their clocks skip (all between 00:00 and 04:00).
const ZONES = [
  'Europe/Berlin',
  'America/New_York',
  'Australia/Sydney',
  'Pacific/Auckland',
  'Asia/Kolkata',
  'America/Sao_Paulo',
];
const YEAR_START = Date.parse('2026-01-01T00:00:00Z');
const DAY = 86_400_000;

const members = ['user:default/a', 'user:default/b', 'user:default/c'];

/** The shifts over [from, to) of a schedule in `zone` with one layer of a, b and c. */
const oneLayerShifts = (
  zone: string,
  layer: Omit<ScheduleLayer, 'name' | 'members' | 'restrictions'>,
  from: Date,
  to: Date,
) =>
  scheduleShifts(
    {
      id: 's',
      timeZone: zone,
      overrides: [],
      layers: [{ name: 'l', ...layer, members, restrictions: [] }],
    },
    from,
    to,
  );

describe('schedule arithmetic, for any zone, start and handoff', () => {
  it('hands over exactly at the local handoff time, with no gap or overlap', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...ZONES),
        fc.integer({ min: 0, max: 364 }),
        fc.integer({ min: 5, max: 23 }),
        fc.integer({ min: 0, max: 59 }),
        fc.constantFrom('daily' as const, 'weekly' as const),
        fc.integer({ min: 1, max: 7 }),
        (zone, startDay, hour, minute, rotation, handoffDay) => {
          const startsAt = new Date(YEAR_START + startDay * DAY).toISOString();
          const handoffTime = `${String(hour).padStart(2, '0')}:${String(
            minute,
          ).padStart(2, '0')}`;
          const from = new Date(Date.parse(startsAt) + 3 * DAY);
          const to = new Date(from.getTime() + 60 * DAY);
          const { final } = oneLayerShifts(
            zone,
            { rotation, handoffDay, handoffTime, startsAt },
            from,
            to,
          );
          expect(final[0].startsAt).toBe(from.toISOString());
          expect(final[final.length - 1].endsAt).toBe(to.toISOString());
          for (let i = 1; i < final.length; i++) {
            expect(final[i].startsAt).toBe(final[i - 1].endsAt);
            expect(final[i].userRef).not.toBe(final[i - 1].userRef);
            const local = DateTime.fromISO(final[i].startsAt, { zone });
            expect(local.toFormat('HH:mm')).toBe(handoffTime);
            expect(rotation === 'daily' || local.weekday === handoffDay).toBe(
              true,
            );
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it('runs custom shifts at the same local times every day', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...ZONES),
        fc.integer({ min: 0, max: 364 }),
        fc.integer({ min: 4, max: 11 }),
        fc.constantFrom(6, 8, 12),
        (zone, startDay, hour, length) => {
          const startsAt = new Date(YEAR_START + startDay * DAY).toISOString();
          const from = new Date(Date.parse(startsAt) + DAY);
          const to = new Date(from.getTime() + 30 * DAY);
          const { final } = oneLayerShifts(
            zone,
            {
              rotation: 'custom',
              shiftLengthHours: length,
              handoffTime: `${String(hour).padStart(2, '0')}:00`,
              startsAt,
            },
            from,
            to,
          );
          // every handoff is at hour + k·length on the local clock, except one that falls in the
          // hour a spring change skips: it happens when the clock jumps, an hour later as written
          const allowed = new Set(
            Array.from(
              { length: 24 / length },
              (_, k) => (hour + k * length) % 24,
            ),
          );
          for (const shift of final.slice(1)) {
            const local = DateTime.fromISO(shift.startsAt, { zone });
            expect(local.minute).toBe(0);
            const jumped = local.minus({ hours: 1 }).offset !== local.offset;
            expect(
              allowed.has(local.hour) ||
                (jumped && allowed.has((local.hour + 23) % 24)),
            ).toBe(true);
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});
