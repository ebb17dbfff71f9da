import { InputError } from '@backstage/errors';
import { ScheduleLayer } from '@lookout/plugin-incidents-common';
import { DateTime } from 'luxon';
import { toKindRef } from '../lib/entityRefs';
import { parseClock } from './scheduleMath';

/** Checks what zod cannot: the layer's times in its zone, and restrictions that overlap. */
export function normalizeLayer(
  layer: ScheduleLayer,
  zone: string,
  where: string,
): ScheduleLayer {
  const start = DateTime.fromISO(layer.startsAt, { zone });
  if (!start.isValid) {
    throw new InputError(`${where}.startsAt: not an ISO 8601 date-time`);
  }
  if (layer.rotation === 'custom' && !layer.shiftLengthHours) {
    throw new InputError(
      `${where}.shiftLengthHours: a custom rotation needs a shift length in hours`,
    );
  }
  const end = layer.endsAt ? DateTime.fromISO(layer.endsAt, { zone }) : null;
  if (end && (!end.isValid || end <= start)) {
    throw new InputError(`${where}.endsAt: must be a date-time after startsAt`);
  }
  // only custom rotations count from an anchor; like shiftLengthHours, it is dropped elsewhere
  const anchor =
    layer.anchorAt && layer.rotation === 'custom'
      ? DateTime.fromISO(layer.anchorAt, { zone })
      : null;
  if (anchor && !anchor.isValid) {
    throw new InputError(`${where}.anchorAt: not an ISO 8601 date-time`);
  }
  // minutes of the week each restriction covers, to find two that cover the same minute
  const week = 7 * 24 * 60;
  const spans: Array<[number, number, number]> = [];
  layer.restrictions.forEach((r, index) => {
    const s = parseClock(r.start);
    const e = parseClock(r.end);
    const from = s.hour * 60 + s.minute;
    let to = e.hour * 60 + e.minute;
    if (to <= from) to += 24 * 60;
    for (const day of new Set(r.days)) {
      const offset = (day - 1) * 24 * 60;
      spans.push([offset + from, offset + to, index]);
      // a window past Sunday midnight wraps into Monday
      if (offset + to > week) spans.push([0, offset + to - week, index]);
    }
  });
  spans.sort((a, b) => a[0] - b[0]);
  for (let i = 1; i < spans.length; i++) {
    if (spans[i][0] < spans[i - 1][1]) {
      const [a, b] = [spans[i - 1][2], spans[i][2]].sort();
      throw new InputError(
        a === b
          ? `${where}.restrictions[${a}] overlaps itself; a window can last at most 24 hours a day`
          : `${where}.restrictions[${a}] and [${b}] overlap; merge them into one window`,
      );
    }
  }
  return {
    name: layer.name,
    rotation: layer.rotation,
    ...(layer.rotation === 'custom'
      ? { shiftLengthHours: layer.shiftLengthHours }
      : {}),
    handoffTime: layer.handoffTime,
    ...(layer.rotation === 'weekly'
      ? { handoffDay: layer.handoffDay ?? start.weekday }
      : {}),
    startsAt: start.toUTC().toISO()!,
    members: layer.members.map(m => toKindRef(m, 'user', `${where}.members`)),
    restrictions: layer.restrictions.map(r => ({
      days: [...new Set(r.days)].sort(),
      start: r.start,
      end: r.end,
    })),
    ...(end ? { endsAt: end.toUTC().toISO()! } : {}),
    ...(anchor ? { anchorAt: anchor.toUTC().toISO()! } : {}),
  };
}
