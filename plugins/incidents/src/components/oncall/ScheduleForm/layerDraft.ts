import { DateTime } from 'luxon';
import {
  RotationKind,
  Schedule,
  ScheduleLayer,
  ScheduleRestriction,
} from '@lookout/plugin-incidents-common';

export const LOCAL_FORMAT = "yyyy-MM-dd'T'HH:mm";

/** A layer as the form holds it: date-times as datetime-local inputs hold them. */
export interface LayerDraft {
  name: string;
  rotation: RotationKind;
  shiftLengthHours: string;
  handoffTime: string;
  handoffDay: number;
  /** Wall-clock time in the schedule's zone. */
  startsAt: string;
  members: string[];
  restrictions: ScheduleRestriction[];
  /** Wall-clock time in the schedule's zone; empty: the layer never ends. */
  endsAt: string;
  /**
   * Custom rotations: a handoff the shifts count from, wall-clock time in the schedule's zone;
   * empty: the handoff time on the start day.
   */
  anchorAt: string;
}

/** Problems the form can see itself, by field, before the backend checks everything again. */
export interface LayerProblems {
  endsAt?: string;
  anchorAt?: string;
}

const local = (iso: string | undefined, zone: string) =>
  iso ? DateTime.fromISO(iso, { zone }).toFormat(LOCAL_FORMAT) : '';

const zoned = (value: string, zone: string) =>
  DateTime.fromISO(value, { zone });

export function newLayer(index: number, timeZone: string): LayerDraft {
  const start = DateTime.now()
    .setZone(timeZone)
    .startOf('day')
    .set({ hour: 9 });
  return {
    name: index === 0 ? 'Primary' : `Layer ${index + 1}`,
    rotation: 'weekly',
    shiftLengthHours: '12',
    handoffTime: '09:00',
    handoffDay: start.weekday,
    startsAt: start.toFormat(LOCAL_FORMAT),
    members: [],
    restrictions: [],
    endsAt: '',
    anchorAt: '',
  };
}

export function draftOf(schedule: Schedule): LayerDraft[] {
  const zone = schedule.timeZone;
  return schedule.layers.map(layer => ({
    name: layer.name,
    rotation: layer.rotation,
    shiftLengthHours: String(layer.shiftLengthHours ?? 12),
    handoffTime: layer.handoffTime,
    handoffDay: layer.handoffDay ?? 1,
    startsAt: local(layer.startsAt, zone),
    members: layer.members,
    restrictions: layer.restrictions,
    endsAt: local(layer.endsAt, zone),
    anchorAt: local(layer.anchorAt, zone),
  }));
}

/** What is wrong with the layer's end and anchor, in words that say what to fix. */
export function layerProblems(
  layer: LayerDraft,
  timeZone: string,
): LayerProblems {
  const problems: LayerProblems = {};
  const start = zoned(layer.startsAt, timeZone);
  if (layer.endsAt) {
    const end = zoned(layer.endsAt, timeZone);
    if (!end.isValid)
      problems.endsAt = 'Enter a date and time, or leave it empty';
    else if (start.isValid && end <= start) {
      problems.endsAt = 'The layer must end after its first shift starts';
    }
  }
  if (layer.rotation === 'custom' && layer.anchorAt) {
    if (!zoned(layer.anchorAt, timeZone).isValid) {
      problems.anchorAt = 'Enter a date and time, or leave it empty';
    }
  }
  return problems;
}

/** The layer the backend takes, date-times read in the schedule's zone. */
export function layerInput(layer: LayerDraft, timeZone: string): ScheduleLayer {
  const iso = (value: string) => zoned(value, timeZone).toISO() ?? value;
  return {
    name: layer.name.trim(),
    rotation: layer.rotation,
    ...(layer.rotation === 'custom'
      ? { shiftLengthHours: Number(layer.shiftLengthHours) }
      : {}),
    handoffTime: layer.handoffTime,
    ...(layer.rotation === 'weekly' ? { handoffDay: layer.handoffDay } : {}),
    startsAt: iso(layer.startsAt),
    members: layer.members,
    restrictions: layer.restrictions,
    ...(layer.endsAt ? { endsAt: iso(layer.endsAt) } : {}),
    ...(layer.rotation === 'custom' && layer.anchorAt
      ? { anchorAt: iso(layer.anchorAt) }
      : {}),
  };
}
