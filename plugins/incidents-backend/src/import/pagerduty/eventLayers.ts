import { ScheduleLayer } from '@lookout/plugin-incidents-common';
import { DateTime } from 'luxon';
import { rotationLayer } from '../rotationLayer';
import { WeekWindow } from '../weekWindows';
import { PdEvent } from './flexibleTypes';
import { parseRecurrence } from './recurrence';

const MINUTE = 60_000;
const DAY_MINUTES = 1440;
const WEEK_MINUTES = 7 * DAY_MINUTES;
const WEEKDAY_NAMES = ['', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
/** The most members a Lookout layer holds. */
const MAX_MEMBERS = 100;

/** A Lookout layer made from an event, with the stretches of the week it covers. */
export interface EventLayer {
  layer: ScheduleLayer;
  windows: WeekWindow[];
}

/** Wall-clock milliseconds (a UTC calendar reading) of a zoned time, and back. */
const wallOf = (d: DateTime) =>
  Date.UTC(d.year, d.month - 1, d.day, d.hour, d.minute, d.second);
const fromWall = (wall: number, zone: string) => {
  const w = DateTime.fromMillis(wall, { zone: 'utc' });
  return DateTime.fromObject(
    {
      year: w.year,
      month: w.month,
      day: w.day,
      hour: w.hour,
      minute: w.minute,
      second: w.second,
    },
    { zone },
  );
};
const minuteOfWeek = (d: DateTime) =>
  (d.weekday - 1) * DAY_MINUTES + d.hour * 60 + d.minute;

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

/**
 * A rotation-based schedule's event as Lookout layers. Its occurrences (daily, or on some
 * weekdays every week) become a layer's restrictions; its members take `shifts_per_member`
 * occurrences each, counted from the first. When a member's turn is a whole number of days
 * (daily) or weeks (weekly) that is one layer handing over at the first occurrence; otherwise
 * (say one weekday occurrence each, Monday to Friday) each weekday gets its own weekly layer,
 * whose members are who PagerDuty has on that weekday week after week. What a layer cannot
 * repeat is named in `notExact` and, where it would put the wrong person on call, left out.
 */
export function eventLayers(
  event: PdEvent,
  options: {
    name: string;
    zone: string;
    /** The members' Lookout refs in order; undefined for an empty turn. */
    members: Array<string | undefined>;
    now: number;
  },
): { layers: EventLayer[]; notExact: string[] } {
  const { name, zone } = options;
  const notExact: string[] = [];
  const leftOut = (why: string) => {
    notExact.push(`${name}: ${why}; left out`);
    return { layers: [], notExact };
  };
  const rule = parseRecurrence(event.recurrence);
  if (!rule) return leftOut('it has no RRULE');
  if (rule.unsupported.length > 0) {
    notExact.push(
      `${name}: ${rule.unsupported.join(
        ', ',
      )} cannot be repeated by a Lookout layer; ignored`,
    );
  }
  const eventZone = event.start_time.time_zone;
  if (eventZone && eventZone !== zone) {
    notExact.push(
      `${name}: repeats on ${eventZone}'s clock; Lookout repeats it on the schedule's (${zone})`,
    );
  }
  const dtStart = DateTime.fromISO(event.start_time.date_time, { zone });
  const dtEnd = DateTime.fromISO(event.end_time.date_time, { zone });
  const minutes = Math.round((wallOf(dtEnd) - wallOf(dtStart)) / MINUTE);
  if (!dtStart.isValid || !dtEnd.isValid || minutes <= 0) {
    return leftOut('its end is not after its start');
  }

  // the occurrences as slots of a repeating cycle (a day, or a week), offsets from the first
  const daily = rule.freq === 'DAILY' && rule.byDay.length === 0;
  const weekly =
    rule.freq === 'WEEKLY' || (rule.freq === 'DAILY' && rule.interval === 1);
  if (!daily && !weekly) {
    return leftOut(`FREQ=${rule.freq} cannot be a Lookout rotation`);
  }
  if (rule.interval !== 1) {
    return leftOut(
      `it repeats every ${rule.interval} ${
        daily ? 'days' : 'weeks'
      }; Lookout restrictions repeat every week`,
    );
  }
  // BYDAY's weekdays (DTSTART's, when a weekly rule names none); none for every day
  let days: number[] = [];
  if (!daily) days = rule.byDay.length ? rule.byDay : [dtStart.weekday];
  // the first occurrence is the first matching day on or after DTSTART
  let first: DateTime = dtStart;
  while (!daily && !days.includes(first.weekday)) {
    first = fromWall(wallOf(first) + DAY_MINUTES * MINUTE, zone);
  }
  const cycle = daily ? DAY_MINUTES : WEEK_MINUTES;
  const offsets = daily
    ? [0]
    : days
        .map(d => ((d - first.weekday + 7) % 7) * DAY_MINUTES)
        .sort((a, b) => a - b);
  const slots = offsets.length;
  const occurrence = (i: number) => {
    const wall =
      wallOf(first) +
      (Math.floor(i / slots) * cycle + offsets[i % slots]) * MINUTE;
    return { start: wall, end: wall + minutes * MINUTE };
  };
  const gaps = offsets.map(
    (o, j) => (j + 1 < slots ? offsets[j + 1] : cycle + offsets[0]) - o,
  );
  if (gaps.some(gap => minutes > gap)) {
    notExact.push(
      `${name}: its ${minutes}-minute occurrences overlap the next one; Lookout has one person on at a time`,
    );
  }

  // when the event stops: its effective end, or the end of its last occurrence
  let lastEnd: number | undefined;
  if (rule.count !== undefined) lastEnd = occurrence(rule.count - 1).end;
  if (rule.until !== undefined) {
    const untilWall = wallOf(DateTime.fromMillis(rule.until, { zone }));
    let i =
      Math.floor((untilWall - wallOf(first)) / (cycle * MINUTE)) * slots +
      slots -
      1;
    while (i >= 0 && occurrence(i).start > untilWall) i--;
    const end = i >= 0 ? occurrence(i).end : wallOf(first);
    lastEnd = lastEnd === undefined ? end : Math.min(lastEnd, end);
  }
  const ends = [
    event.effective_until ? Date.parse(event.effective_until) : Infinity,
    lastEnd === undefined ? Infinity : fromWall(lastEnd, zone).toMillis(),
  ];
  const end = Math.min(...ends);
  const start = Math.max(first.toMillis(), Date.parse(event.effective_since));
  if (end <= options.now || end <= start) return { layers: [], notExact };

  // members: every member at once is one at a time in Lookout
  let members = options.members;
  let perMember = Math.max(1, event.assignment_strategy.shifts_per_member ?? 1);
  if (
    event.assignment_strategy.type === 'every_member_assignment_strategy' &&
    members.length > 1
  ) {
    notExact.push(
      `${name}: PagerDuty has all ${members.length} members on call at once, Lookout one at a time (the first is kept)`,
    );
    members = members.slice(0, 1);
    perMember = 1;
  }
  if (members.some(m => !m)) {
    notExact.push(
      `${name}: a turn with nobody on call cannot be a Lookout member; left out, so the next member takes it`,
    );
  }
  const people = members.filter((m): m is string => !!m);
  if (people.length === 0) return leftOut('it has no members');

  const windowAt = (offset: number): WeekWindow => ({
    start: (minuteOfWeek(first) + offset) % WEEK_MINUTES,
    minutes,
  });
  const allWindows = daily
    ? Array.from({ length: 7 }, (_, d) => windowAt(d * DAY_MINUTES))
    : offsets.map(windowAt);
  const layerOf = (
    layerName: string,
    anchor: DateTime,
    turnMinutes: number,
    layerMembers: string[],
    windows: WeekWindow[],
  ): EventLayer => {
    const mapped = rotationLayer({
      name: layerName,
      zone,
      start: DateTime.fromMillis(start, { zone }).toISO()!,
      ...(end < Infinity
        ? { end: DateTime.fromMillis(end, { zone }).toISO()! }
        : {}),
      anchor: anchor.toISO()!,
      lengthSeconds: turnMinutes * 60,
      members: layerMembers,
      windows,
    });
    notExact.push(...mapped.notExact);
    return { layer: mapped.layer, windows };
  };

  if (perMember % slots === 0) {
    // a turn is whole cycles: one layer handing over at the first occurrence
    const turn = (perMember / slots) * cycle;
    if (offsets.some(o => o + minutes > turn)) {
      notExact.push(
        `${name}: an occurrence runs past the next handoff; Lookout hands over in the middle of it`,
      );
    }
    return {
      layers: [layerOf(name, first, turn, people, allWindows)],
      notExact,
    };
  }
  // one weekly layer per weekday: occurrence i = slots * week + j goes to member
  // floor(i / perMember), which repeats for weekday j every `period` weeks
  const n = people.length;
  const period = (perMember * n) / gcd(slots, perMember * n);
  if (period > MAX_MEMBERS) {
    return leftOut(
      `its turns repeat weekday by weekday only every ${period} weeks; a Lookout layer holds ${MAX_MEMBERS} members`,
    );
  }
  const layers = offsets.map((offset, j) => {
    const sequence = Array.from(
      { length: period },
      (_, week) => people[Math.floor((slots * week + j) / perMember) % n],
    );
    const anchor = fromWall(wallOf(first) + offset * MINUTE, zone);
    return layerOf(
      `${name} (${WEEKDAY_NAMES[anchor.weekday]})`.slice(0, 100),
      anchor,
      WEEK_MINUTES,
      sequence,
      [allWindows[j]],
    );
  });
  return { layers, notExact };
}
