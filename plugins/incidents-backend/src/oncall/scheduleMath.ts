import {
  OnCallShift,
  Schedule,
  ScheduleLayer,
  ScheduleOverride,
  ScheduleRestriction,
} from '@lookout/plugin-incidents-common';
import { wallDay, wallWeekday, ZoneClock } from './zoneClock';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** A half-open stretch of time `[start, end)` in epoch milliseconds, held by one person. */
interface Segment {
  start: number;
  end: number;
  userRef: string;
  source: string;
}

/** `HH:mm` → hour and minute; callers validate the format first. */
export function parseClock(value: string): { hour: number; minute: number } {
  const [hour, minute] = value.split(':').map(Number);
  return { hour, minute };
}

/**
 * The handoffs of a layer as an integer-indexed sequence: `at(k)` is the k-th handoff (k may be
 * negative) and `floor(t)` the index of the last handoff at or before `t`. Daily and weekly
 * rotations count in calendar days, so a 09:00 handoff stays at 09:00 local time across
 * daylight-saving changes; custom shifts count wall-clock hours from the first handoff, so 12 h
 * shifts from 08:00 hand over at 08:00 and 20:00 local time all year.
 */
interface Handoffs {
  at(k: number): number;
  floor(t: number): number;
}

function handoffsOf(layer: ScheduleLayer, zone: string): Handoffs {
  // zone arithmetic is the costly part (tens of microseconds a call), and each handoff is asked
  // for twice as the end of one shift and the start of the next
  const raw = rawHandoffsOf(layer, zone);
  const cache = new Map<number, number>();
  const at = (k: number) => {
    let value = cache.get(k);
    if (value === undefined) {
      value = raw.at(k);
      cache.set(k, value);
    }
    return value;
  };
  return {
    at,
    floor(t) {
      let k = raw.floor(t);
      // A repeated hour in autumn makes the wall clock go back; settle on the true index.
      while (at(k) > t) k--;
      while (at(k + 1) <= t) k++;
      return k;
    },
  };
}

/** A first guess of `floor`, which {@link handoffsOf} settles exactly. */
function rawHandoffsOf(layer: ScheduleLayer, zone: string): Handoffs {
  const clock = new ZoneClock(zone);
  const { hour, minute } = parseClock(layer.handoffTime);
  const handoff = hour * HOUR + minute * 60_000;
  const startDay = wallDay(clock.toWall(Date.parse(layer.startsAt)));

  if (layer.rotation === 'custom') {
    // wall-clock arithmetic ignores offset changes: 12 h shifts stay at 08:00 and 20:00
    const length = (layer.shiftLengthHours ?? 24) * HOUR;
    const anchor = layer.anchorAt
      ? clock.toWall(Date.parse(layer.anchorAt))
      : startDay + handoff;
    return {
      at: k => clock.fromWall(anchor + k * length),
      floor: t => Math.floor((clock.toWall(t) - anchor) / length),
    };
  }

  const step = (layer.rotation === 'weekly' ? 7 : 1) * DAY;
  const anchorDay =
    layer.rotation === 'weekly'
      ? startDay -
        ((wallWeekday(startDay) - (layer.handoffDay ?? 1) + 7) % 7) * DAY
      : startDay;
  return {
    at: k => clock.fromWall(anchorDay + k * step + handoff),
    floor: t => Math.floor((wallDay(clock.toWall(t)) - anchorDay) / step),
  };
}

/**
 * A layer's rotation over `[from, to)`, before restrictions: shift 0 runs from the layer's
 * start to the first handoff after it and belongs to `members[0]`; each handoff passes to the
 * next member. A layer with an end stops there.
 */
export function rotationShifts(
  layer: ScheduleLayer,
  zone: string,
  from: number,
  until: number,
): Segment[] {
  const layerStart = Date.parse(layer.startsAt);
  const to = layer.endsAt ? Math.min(until, Date.parse(layer.endsAt)) : until;
  if (layer.members.length === 0 || to <= layerStart) return [];
  const handoffs = handoffsOf(layer, zone);
  // the first handoff strictly after the layer starts ends shift 0
  const first = handoffs.floor(layerStart) + 1;
  const begin = Math.max(from, layerStart);
  let k = Math.max(handoffs.floor(begin), first - 1);
  const segments: Segment[] = [];
  for (;;) {
    const index = k - first + 1;
    const start = index === 0 ? layerStart : handoffs.at(k);
    const end = handoffs.at(k + 1);
    if (start >= to) break;
    if (end > begin) {
      segments.push({
        start: Math.max(start, from),
        end: Math.min(end, to),
        userRef: layer.members[index % layer.members.length],
        source: layer.name,
      });
    }
    k++;
  }
  return segments;
}

/** The windows of a layer's restrictions that touch `[from, to)`, merged and sorted. */
export function restrictionWindows(
  restrictions: ScheduleRestriction[],
  zone: string,
  from: number,
  to: number,
): Array<[number, number]> {
  const clock = new ZoneClock(zone);
  const minutes = (clock_: string) => {
    const { hour, minute } = parseClock(clock_);
    return hour * HOUR + minute * 60_000;
  };
  const windows: Array<[number, number]> = [];
  // a window that runs past midnight may have started the day before `from`
  for (
    let day = wallDay(clock.toWall(from)) - DAY;
    clock.fromWall(day) < to;
    day += DAY
  ) {
    const weekday = wallWeekday(day);
    for (const restriction of restrictions) {
      if (!restriction.days.includes(weekday)) continue;
      const start = minutes(restriction.start);
      const end = minutes(restriction.end);
      const windowStart = clock.fromWall(day + start);
      const windowEnd = clock.fromWall(day + end + (end <= start ? DAY : 0));
      if (windowEnd > from && windowStart < to) {
        windows.push([Math.max(windowStart, from), Math.min(windowEnd, to)]);
      }
    }
  }
  windows.sort((a, b) => a[0] - b[0]);
  const merged: Array<[number, number]> = [];
  for (const window of windows) {
    const last = merged[merged.length - 1];
    if (last && window[0] <= last[1]) last[1] = Math.max(last[1], window[1]);
    else merged.push([...window]);
  }
  return merged;
}

/** A layer's on-call over `[from, to)`: its rotation, cut to its restrictions. */
export function layerShifts(
  layer: ScheduleLayer,
  zone: string,
  from: number,
  to: number,
): Segment[] {
  const rotation = rotationShifts(layer, zone, from, to);
  if (layer.restrictions.length === 0) return rotation;
  const windows = restrictionWindows(layer.restrictions, zone, from, to);
  const cut: Segment[] = [];
  for (const segment of rotation) {
    for (const [start, end] of windows) {
      if (end <= segment.start) continue;
      if (start >= segment.end) break;
      cut.push({
        ...segment,
        start: Math.max(start, segment.start),
        end: Math.min(end, segment.end),
      });
    }
  }
  return cut;
}

/**
 * Who is on call over `[from, to)`: at every instant the last layer active then decides, and
 * an override decides over every layer (the most recently created one when overrides overlap).
 * Consecutive stretches of one person from one source are joined.
 */
export function finalShifts(
  layers: Segment[][],
  overrides: ScheduleOverride[],
  from: number,
  to: number,
): Segment[] {
  const overrideSegments = overrides
    .map(o => ({
      start: Math.max(Date.parse(o.startsAt), from),
      end: Math.min(Date.parse(o.endsAt), to),
      userRef: o.userRef,
      source: 'override',
    }))
    .filter(s => s.end > s.start);
  // lowest priority first; the overrides come last and the store lists them oldest first
  const ranked = [...layers, overrideSegments];
  const cuts = new Set<number>([from, to]);
  for (const segments of ranked) {
    for (const s of segments) {
      cuts.add(s.start);
      cuts.add(s.end);
    }
  }
  const points = [...cuts].sort((a, b) => a - b);
  const cursors = ranked.map(() => 0);
  const result: Segment[] = [];
  for (let i = 0; i + 1 < points.length; i++) {
    const [start, end] = [points[i], points[i + 1]];
    let winner: Segment | undefined;
    for (let r = ranked.length - 1; r >= 0 && !winner; r--) {
      const segments = ranked[r];
      if (r === ranked.length - 1) {
        // overrides may overlap one another, so they are searched, latest created first
        winner = [...segments]
          .reverse()
          .find(s => s.start <= start && s.end >= end);
        continue;
      }
      // layer segments never overlap within a layer and are sorted: walk a cursor
      while (cursors[r] < segments.length && segments[cursors[r]].end <= start)
        cursors[r]++;
      const candidate = segments[cursors[r]];
      if (candidate && candidate.start <= start) winner = candidate;
    }
    if (!winner) continue;
    const last = result[result.length - 1];
    if (
      last &&
      last.end === start &&
      last.userRef === winner.userRef &&
      last.source === winner.source
    ) {
      last.end = end;
    } else {
      result.push({
        start,
        end,
        userRef: winner.userRef,
        source: winner.source,
      });
    }
  }
  return result;
}

function toShift(scheduleId: string, segment: Segment): OnCallShift {
  return {
    scheduleId,
    userRef: segment.userRef,
    startsAt: new Date(segment.start).toISOString(),
    endsAt: new Date(segment.end).toISOString(),
    source: segment.source,
  };
}

/** Every layer's shifts and the final on-call of a schedule over `[from, to)`. */
export function scheduleShifts(
  schedule: Pick<Schedule, 'id' | 'timeZone' | 'layers' | 'overrides'>,
  from: Date,
  to: Date,
): {
  layers: Array<{ name: string; shifts: OnCallShift[] }>;
  final: OnCallShift[];
} {
  const [start, end] = [from.getTime(), to.getTime()];
  const perLayer = schedule.layers.map(layer =>
    layerShifts(layer, schedule.timeZone, start, end),
  );
  const overrides = [...schedule.overrides].filter(
    o => Date.parse(o.endsAt) > start && Date.parse(o.startsAt) < end,
  );
  return {
    layers: schedule.layers.map((layer, i) => ({
      name: layer.name,
      shifts: perLayer[i].map(s => toShift(schedule.id, s)),
    })),
    final: finalShifts(perLayer, overrides, start, end).map(s =>
      toShift(schedule.id, s),
    ),
  };
}

/** How far ahead "next" looks: beyond a monthly rotation with restrictions. */
const NEXT_HORIZON = 45 * DAY;
/** How far back the current shift's start is looked for: a weekly shift and a day. */
const NOW_LOOKBACK = 8 * DAY;
/** The first look ahead, enough for daily and weekly rotations; widened when it finds no one. */
const NEXT_FIRST_LOOK = 8 * DAY;

/**
 * The shift on call at `at` (null when nobody is) and the next shift of someone else, or of
 * anyone when nobody is on call now, within 45 days. A current shift that began more than
 * 8 days ago shows as starting then.
 */
export function nowAndNext(
  schedule: Pick<Schedule, 'id' | 'timeZone' | 'layers' | 'overrides'>,
  at: Date,
): { now: OnCallShift | null; next: OnCallShift | null } {
  const t = at.getTime();
  const look = (ahead: number) => {
    const { final } = scheduleShifts(
      schedule,
      new Date(t - NOW_LOOKBACK),
      new Date(t + ahead),
    );
    const now =
      final.find(
        s => Date.parse(s.startsAt) <= t && Date.parse(s.endsAt) > t,
      ) ?? null;
    const next =
      final.find(
        s => Date.parse(s.startsAt) > t && (!now || s.userRef !== now.userRef),
      ) ?? null;
    return { now, next };
  };
  const first = look(NEXT_FIRST_LOOK);
  return first.next ? first : look(NEXT_HORIZON);
}
