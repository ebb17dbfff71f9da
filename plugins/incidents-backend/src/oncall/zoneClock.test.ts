import fc from 'fast-check';
import { DateTime } from 'luxon';
import { wallDay, wallWeekday, ZoneClock } from './zoneClock';

const wall = (iso: string) => Date.parse(`${iso}Z`);

describe('ZoneClock', () => {
  const berlin = new ZoneClock('Europe/Berlin');

  it('reads the wall clock as luxon does, for any instant and zone', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(
          'Europe/Berlin',
          'America/New_York',
          'Australia/Lord_Howe',
          'Asia/Kathmandu',
          'Pacific/Chatham',
        ),
        fc.integer({ min: -2_000_000_000_000, max: 4_000_000_000_000 }),
        (zone, instant) => {
          const clock = new ZoneClock(zone);
          const local = DateTime.fromMillis(instant, { zone });
          expect(clock.toWall(instant)).toBe(
            local.setZone('UTC', { keepLocalTime: true }).toMillis(),
          );
          // an instant's own reading names it again, unless the reading repeats
          const back = clock.fromWall(clock.toWall(instant));
          expect(
            back === instant ||
              back === instant - 3_600_000 ||
              back === instant - 1_800_000,
          ).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('moves a skipped reading forward and takes the first of a repeated one', () => {
    // 29 March 2026: 02:00 jumps to 03:00
    expect(
      new Date(berlin.fromWall(wall('2026-03-29T02:30:00'))).toISOString(),
    ).toBe('2026-03-29T01:30:00.000Z');
    // 25 October 2026: 03:00 goes back to 02:00, so 02:30 happens twice
    expect(
      new Date(berlin.fromWall(wall('2026-10-25T02:30:00'))).toISOString(),
    ).toBe('2026-10-25T00:30:00.000Z');
    expect(
      new Date(berlin.fromWall(wall('2026-10-25T09:00:00'))).toISOString(),
    ).toBe('2026-10-25T08:00:00.000Z');
  });

  it('finds the day and weekday of a reading, before 1970 too', () => {
    expect(wallDay(wall('1969-12-31T23:00:00'))).toBe(
      wall('1969-12-31T00:00:00'),
    );
    expect(wallWeekday(wall('2026-11-30T12:00:00'))).toBe(1);
    expect(wallWeekday(wall('2026-11-29T00:00:00'))).toBe(7);
  });
});
