import {
  ScheduleLayer,
  ScheduleOverride,
} from '@lookout/plugin-incidents-common';
import { DateTime } from 'luxon';
import { nowAndNext, scheduleShifts } from './scheduleMath';

const layer = (overrides: Partial<ScheduleLayer>): ScheduleLayer => ({
  name: 'primary',
  rotation: 'daily',
  handoffTime: '09:00',
  startsAt: '2026-03-26T09:00:00+01:00',
  members: ['user:default/ann', 'user:default/bob'],
  restrictions: [],
  ...overrides,
});

const schedule = (
  timeZone: string,
  layers: ScheduleLayer[],
  overrides: ScheduleOverride[] = [],
) => ({ id: 's1', timeZone, layers, overrides });

const range = (from: string, to: string): [Date, Date] => [
  new Date(from),
  new Date(to),
];

/** The final shifts as `who local-start → local-end` in the zone, easy to read in a failure. */
function describe_(
  shifts: Array<{ userRef: string; startsAt: string; endsAt: string }>,
  zone: string,
) {
  const local = (iso: string) =>
    DateTime.fromISO(iso, { zone }).toFormat('ccc dd LLL HH:mm ZZ');
  return shifts.map(
    s => `${s.userRef.split('/')[1]} ${local(s.startsAt)} → ${local(s.endsAt)}`,
  );
}

describe('schedule arithmetic', () => {
  it('keeps a 09:00 Europe/Berlin daily handoff at 09:00 local across the March change', () => {
    const zone = 'Europe/Berlin';
    const { final } = scheduleShifts(
      schedule(zone, [layer({})]),
      ...range('2026-03-27T00:00:00Z', '2026-03-31T00:00:00Z'),
    );
    expect(describe_(final, zone)).toEqual([
      'ann Fri 27 Mar 01:00 +01:00 → Fri 27 Mar 09:00 +01:00',
      'bob Fri 27 Mar 09:00 +01:00 → Sat 28 Mar 09:00 +01:00',
      'ann Sat 28 Mar 09:00 +01:00 → Sun 29 Mar 09:00 +02:00',
      'bob Sun 29 Mar 09:00 +02:00 → Mon 30 Mar 09:00 +02:00',
      'ann Mon 30 Mar 09:00 +02:00 → Tue 31 Mar 02:00 +02:00',
    ]);
    // the shift across the change is 23 hours long
    const across = final[2];
    expect(Date.parse(across.endsAt) - Date.parse(across.startsAt)).toBe(
      23 * 3_600_000,
    );
  });

  it('keeps it at 09:00 local across the October change, the shift that spans it lasting 25 hours', () => {
    const zone = 'Europe/Berlin';
    const { final } = scheduleShifts(
      schedule(zone, [layer({ startsAt: '2026-10-20T09:00:00+02:00' })]),
      ...range('2026-10-24T07:00:00Z', '2026-10-26T08:00:00Z'),
    );
    expect(final.map(s => s.startsAt)).toEqual([
      '2026-10-24T07:00:00.000Z',
      '2026-10-25T08:00:00.000Z',
    ]);
    expect(Date.parse(final[0].endsAt) - Date.parse(final[0].startsAt)).toBe(
      25 * 3_600_000,
    );
  });

  it('hands over at 08:00 America/New_York local before and after its own March change', () => {
    const zone = 'America/New_York';
    const { final } = scheduleShifts(
      schedule(zone, [
        layer({
          handoffTime: '08:00',
          startsAt: '2026-03-06T08:00:00-05:00',
          members: ['user:default/ann', 'user:default/bob', 'user:default/cy'],
        }),
      ]),
      ...range('2026-03-06T13:00:00Z', '2026-03-10T12:00:00Z'),
    );
    expect(describe_(final, zone)).toEqual([
      'ann Fri 06 Mar 08:00 -05:00 → Sat 07 Mar 08:00 -05:00',
      'bob Sat 07 Mar 08:00 -05:00 → Sun 08 Mar 08:00 -04:00',
      'cy Sun 08 Mar 08:00 -04:00 → Mon 09 Mar 08:00 -04:00',
      'ann Mon 09 Mar 08:00 -04:00 → Tue 10 Mar 08:00 -04:00',
    ]);
  });

  it('starts with a partial shift for members[0] when the layer starts between handoffs', () => {
    const zone = 'Europe/Berlin';
    const { final } = scheduleShifts(
      schedule(zone, [layer({ startsAt: '2026-05-04T14:30:00+02:00' })]),
      ...range('2026-05-04T00:00:00Z', '2026-05-06T00:00:00Z'),
    );
    expect(describe_(final, zone)).toEqual([
      'ann Mon 04 May 14:30 +02:00 → Tue 05 May 09:00 +02:00',
      'bob Tue 05 May 09:00 +02:00 → Wed 06 May 02:00 +02:00',
    ]);
  });

  it('rotates weekly on the handoff day, and far from the start without walking every week', () => {
    const zone = 'Europe/Berlin';
    const weekly = layer({
      rotation: 'weekly',
      handoffDay: 1,
      handoffTime: '10:00',
      // a Wednesday: ann holds the rest of that week
      startsAt: '2026-03-18T12:00:00+01:00',
      members: ['user:default/ann', 'user:default/bob', 'user:default/cy'],
    });
    const first = scheduleShifts(
      schedule(zone, [weekly]),
      ...range('2026-03-18T00:00:00Z', '2026-04-07T00:00:00Z'),
    ).final;
    expect(describe_(first, zone)).toEqual([
      'ann Wed 18 Mar 12:00 +01:00 → Mon 23 Mar 10:00 +01:00',
      'bob Mon 23 Mar 10:00 +01:00 → Mon 30 Mar 10:00 +02:00',
      'cy Mon 30 Mar 10:00 +02:00 → Mon 06 Apr 10:00 +02:00',
      'ann Mon 06 Apr 10:00 +02:00 → Tue 07 Apr 02:00 +02:00',
    ]);
    // 51 weeks after bob's first week (index 1) comes index 52, and 52 % 3 = 1: bob again
    const later = scheduleShifts(
      schedule(zone, [weekly]),
      ...range('2027-03-15T12:00:00Z', '2027-03-15T13:00:00Z'),
    ).final;
    expect(later.map(s => s.userRef)).toEqual(['user:default/bob']);
  });

  it('runs custom 12-hour shifts at 08:00 and 20:00 local across a daylight-saving change', () => {
    const zone = 'America/New_York';
    const { final } = scheduleShifts(
      schedule(zone, [
        layer({
          rotation: 'custom',
          shiftLengthHours: 12,
          handoffTime: '08:00',
          startsAt: '2026-03-07T08:00:00-05:00',
          members: ['user:default/ann', 'user:default/bob', 'user:default/cy'],
        }),
      ]),
      ...range('2026-03-07T13:00:00Z', '2026-03-09T12:00:00Z'),
    );
    expect(describe_(final, zone)).toEqual([
      'ann Sat 07 Mar 08:00 -05:00 → Sat 07 Mar 20:00 -05:00',
      'bob Sat 07 Mar 20:00 -05:00 → Sun 08 Mar 08:00 -04:00',
      'cy Sun 08 Mar 08:00 -04:00 → Sun 08 Mar 20:00 -04:00',
      'ann Sun 08 Mar 20:00 -04:00 → Mon 09 Mar 08:00 -04:00',
    ]);
    // the night of the change has only 11 real hours
    expect(Date.parse(final[1].endsAt) - Date.parse(final[1].startsAt)).toBe(
      11 * 3_600_000,
    );
  });

  it('keeps a layer to its restrictions, business hours on weekdays', () => {
    const zone = 'Europe/Berlin';
    const { layers, final } = scheduleShifts(
      schedule(zone, [
        layer({
          rotation: 'weekly',
          handoffDay: 1,
          handoffTime: '09:00',
          startsAt: '2026-06-01T09:00:00+02:00',
          members: ['user:default/ann'],
          restrictions: [
            { days: [1, 2, 3, 4, 5], start: '09:00', end: '17:00' },
          ],
        }),
      ]),
      ...range('2026-06-05T00:00:00Z', '2026-06-09T00:00:00Z'),
    );
    expect(describe_(final, zone)).toEqual([
      'ann Fri 05 Jun 09:00 +02:00 → Fri 05 Jun 17:00 +02:00',
      'ann Mon 08 Jun 09:00 +02:00 → Mon 08 Jun 17:00 +02:00',
    ]);
    expect(layers[0].shifts).toHaveLength(2);
  });

  it('runs an overnight restriction past midnight', () => {
    const zone = 'Europe/Berlin';
    const { final } = scheduleShifts(
      schedule(zone, [
        layer({
          startsAt: '2026-06-01T09:00:00+02:00',
          members: ['user:default/ann'],
          restrictions: [{ days: [5], start: '22:00', end: '06:00' }],
        }),
      ]),
      ...range('2026-06-05T00:00:00Z', '2026-06-08T00:00:00Z'),
    );
    expect(describe_(final, zone)).toEqual([
      'ann Fri 05 Jun 22:00 +02:00 → Sat 06 Jun 06:00 +02:00',
    ]);
  });

  it('lets a later layer win where it is active and an override win over every layer', () => {
    const zone = 'Europe/Berlin';
    const base = layer({
      name: 'round the clock',
      rotation: 'weekly',
      handoffDay: 1,
      startsAt: '2026-06-01T09:00:00+02:00',
      members: ['user:default/ann'],
    });
    const daytime = layer({
      name: 'business hours',
      startsAt: '2026-06-01T09:00:00+02:00',
      members: ['user:default/bob'],
      restrictions: [{ days: [1, 2, 3, 4, 5], start: '09:00', end: '17:00' }],
    });
    const override: ScheduleOverride = {
      id: 'o1',
      userRef: 'user:default/cy',
      startsAt: '2026-06-02T12:00:00+02:00',
      endsAt: '2026-06-02T20:00:00+02:00',
      createdBy: 'user:default/ann',
    };
    const { final } = scheduleShifts(
      schedule(zone, [base, daytime], [override]),
      ...range('2026-06-02T00:00:00+02:00', '2026-06-03T00:00:00+02:00'),
    );
    expect(describe_(final, zone)).toEqual([
      'ann Tue 02 Jun 00:00 +02:00 → Tue 02 Jun 09:00 +02:00',
      'bob Tue 02 Jun 09:00 +02:00 → Tue 02 Jun 12:00 +02:00',
      'cy Tue 02 Jun 12:00 +02:00 → Tue 02 Jun 20:00 +02:00',
      'ann Tue 02 Jun 20:00 +02:00 → Wed 03 Jun 00:00 +02:00',
    ]);
    expect(final.map(s => s.source)).toEqual([
      'round the clock',
      'business hours',
      'override',
      'round the clock',
    ]);
  });

  it('follows the member list: an added member takes a turn, a removed one never appears', () => {
    const zone = 'UTC';
    const at = range('2026-06-01T00:00:00Z', '2026-06-07T00:00:00Z');
    const who = (members: string[]) =>
      scheduleShifts(
        schedule(zone, [layer({ startsAt: '2026-06-01T09:00:00Z', members })]),
        ...at,
      ).final.map(s => s.userRef.split('/')[1]);
    expect(who(['user:default/ann', 'user:default/bob'])).toEqual([
      'ann',
      'bob',
      'ann',
      'bob',
      'ann',
      'bob',
    ]);
    expect(
      who(['user:default/ann', 'user:default/bob', 'user:default/cy']),
    ).toEqual(['ann', 'bob', 'cy', 'ann', 'bob', 'cy']);
    // with bob gone, ann holds every day: consecutive days of one person join into one shift
    expect(who(['user:default/ann'])).toEqual(['ann']);
  });

  it('counts a rotation that started centuries ago exactly, without walking it', () => {
    // 739,767 days separate 1 January of year 1 from 1 June 2026: an odd count, so bob
    const { final } = scheduleShifts(
      schedule('UTC', [layer({ startsAt: '0001-01-01T09:00:00Z' })]),
      ...range('2026-06-01T10:00:00Z', '2026-06-01T11:00:00Z'),
    );
    expect(final.map(s => s.userRef)).toEqual(['user:default/bob']);
  });

  it('has nobody on call before a layer starts', () => {
    const { final } = scheduleShifts(
      schedule('UTC', [layer({ startsAt: '2026-06-10T09:00:00Z' })]),
      ...range('2026-06-01T00:00:00Z', '2026-06-10T00:00:00Z'),
    );
    expect(final).toEqual([]);
  });

  it('answers who is on call now and who is next', () => {
    const s = schedule('Europe/Berlin', [
      layer({ startsAt: '2026-06-01T09:00:00+02:00' }),
    ]);
    const { now, next } = nowAndNext(s, new Date('2026-06-02T12:00:00+02:00'));
    expect(now).toMatchObject({
      userRef: 'user:default/bob',
      startsAt: '2026-06-02T07:00:00.000Z',
      endsAt: '2026-06-03T07:00:00.000Z',
    });
    expect(next).toMatchObject({
      userRef: 'user:default/ann',
      startsAt: '2026-06-03T07:00:00.000Z',
    });
    const outside = nowAndNext(
      schedule('Europe/Berlin', [
        layer({
          startsAt: '2026-06-01T09:00:00+02:00',
          restrictions: [
            { days: [1, 2, 3, 4, 5], start: '09:00', end: '17:00' },
          ],
        }),
      ]),
      new Date('2026-06-06T12:00:00+02:00'),
    );
    expect(outside.now).toBeNull();
    expect(outside.next).toMatchObject({
      startsAt: '2026-06-08T07:00:00.000Z',
    });
  });

  it('stops a layer at its end, letting the layer below decide from then on', () => {
    const zone = 'Europe/Berlin';
    const { final } = scheduleShifts(
      schedule(zone, [
        layer({ members: ['user:default/cy'] }),
        layer({
          name: 'ended',
          startsAt: '2026-06-01T09:00:00+02:00',
          endsAt: '2026-06-02T15:30:00+02:00',
        }),
      ]),
      ...range('2026-06-01T09:00:00+02:00', '2026-06-03T09:00:00+02:00'),
    );
    expect(describe_(final, zone)).toEqual([
      'ann Mon 01 Jun 09:00 +02:00 → Tue 02 Jun 09:00 +02:00',
      'bob Tue 02 Jun 09:00 +02:00 → Tue 02 Jun 15:30 +02:00',
      'cy Tue 02 Jun 15:30 +02:00 → Wed 03 Jun 09:00 +02:00',
    ]);
  });

  it('counts custom shifts from an anchor, in wall-clock time across a daylight-saving change', () => {
    const zone = 'Europe/Berlin';
    // 48-hour shifts handing over at 20:00 on the days counted from the anchor, not the start
    const { final } = scheduleShifts(
      schedule(zone, [
        layer({
          rotation: 'custom',
          shiftLengthHours: 48,
          handoffTime: '20:00',
          anchorAt: '2026-03-20T20:00:00+01:00',
          startsAt: '2026-03-25T12:00:00+01:00',
        }),
      ]),
      ...range('2026-03-25T12:00:00+01:00', '2026-03-31T00:00:00+02:00'),
    );
    expect(describe_(final, zone)).toEqual([
      'ann Wed 25 Mar 12:00 +01:00 → Thu 26 Mar 20:00 +01:00',
      'bob Thu 26 Mar 20:00 +01:00 → Sat 28 Mar 20:00 +01:00',
      'ann Sat 28 Mar 20:00 +01:00 → Mon 30 Mar 20:00 +02:00',
      'bob Mon 30 Mar 20:00 +02:00 → Tue 31 Mar 00:00 +02:00',
    ]);
  });
});
