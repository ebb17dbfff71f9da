import { RotationKind, ScheduleLayer } from '@lookout/plugin-incidents-common';
import { DateTime } from 'luxon';
import { MAX_RESTRICTIONS, restrictionsOf, WeekWindow } from './weekWindows';

const HOUR_S = 3600;
const DAY_S = 24 * HOUR_S;
const WEEK_S = 7 * DAY_S;
/** The longest custom shift a Lookout layer holds. */
const MAX_SHIFT_HOURS = 24 * 28;

/**
 * A vendor rotation as a Lookout layer. The vendor hands over every `lengthSeconds` of
 * wall-clock time counted from `anchor` (PagerDuty's rotation_virtual_start, Opsgenie's
 * startDate), with members[0] on at the anchor; the layer runs from `start` to `end`. Lookout's
 * members[0] holds the shift running at the layer's start, so the member list is turned to begin
 * with whoever the vendor has on then. Daily and weekly lengths become daily and weekly
 * rotations; other lengths custom shifts counted from the anchor.
 */
export function rotationLayer(rotation: {
  name: string;
  zone: string;
  start: string;
  end?: string;
  anchor: string;
  lengthSeconds: number;
  members: string[];
  /** Undefined or empty: always active. */
  windows?: WeekWindow[];
}): { layer: ScheduleLayer; notExact: string[] } {
  const notExact: string[] = [];
  const anchor = DateTime.fromISO(rotation.anchor, { zone: rotation.zone });
  const start = DateTime.fromISO(rotation.start, { zone: rotation.zone });
  if (anchor.second !== 0 || anchor.millisecond !== 0) {
    notExact.push(
      `${rotation.name}: handoffs at ${anchor.toFormat(
        'HH:mm:ss',
      )}; Lookout hands over on whole minutes`,
    );
  }
  let hours = rotation.lengthSeconds / HOUR_S;
  if (!Number.isInteger(hours) || hours < 1) {
    notExact.push(
      `${rotation.name}: turns of ${
        rotation.lengthSeconds
      } seconds; Lookout shifts last whole hours (taken as ${Math.max(
        1,
        Math.round(hours),
      )} h)`,
    );
    hours = Math.max(1, Math.round(hours));
  }
  if (hours > MAX_SHIFT_HOURS && hours * HOUR_S !== WEEK_S) {
    notExact.push(
      `${rotation.name}: turns of ${hours} hours; Lookout shifts last at most ${MAX_SHIFT_HOURS} hours`,
    );
    hours = MAX_SHIFT_HOURS;
  }
  // whose turn it is at the layer's start, counting wall-clock time from the anchor
  const wall = (d: DateTime) =>
    Date.UTC(d.year, d.month - 1, d.day, d.hour, d.minute, d.second);
  const lengthMs = hours * HOUR_S * 1000;
  const turn = Math.floor((wall(start) - wall(anchor)) / lengthMs);
  const n = rotation.members.length;
  const first = ((turn % n) + n) % n;
  const members = [
    ...rotation.members.slice(first),
    ...rotation.members.slice(0, first),
  ];
  const handoffTime = anchor.toFormat('HH:mm');
  const restrictions = restrictionsOf(rotation.windows ?? []);
  if (restrictions.length > MAX_RESTRICTIONS) {
    notExact.push(
      `${rotation.name}: its restrictions need more than 28 windows a week; only the first 28 are kept`,
    );
  }
  const kinds: Record<number, RotationKind> = {
    [DAY_S]: 'daily',
    [WEEK_S]: 'weekly',
  };
  const kind: RotationKind = kinds[hours * HOUR_S] ?? 'custom';
  const layer: ScheduleLayer = {
    name: rotation.name,
    rotation: kind,
    ...(kind === 'custom'
      ? { shiftLengthHours: hours, anchorAt: anchor.toUTC().toISO()! }
      : {}),
    handoffTime,
    ...(kind === 'weekly' ? { handoffDay: anchor.weekday } : {}),
    startsAt: start.toUTC().toISO()!,
    members,
    restrictions: restrictions.slice(0, MAX_RESTRICTIONS),
    ...(rotation.end
      ? { endsAt: DateTime.fromISO(rotation.end).toUTC().toISO()! }
      : {}),
  };
  return { layer, notExact };
}
