import { ROTATION_KINDS } from '@lookout/plugin-incidents-common';
import { z } from 'zod';
import { isoTime, ref } from '../lib/validation';

// The shapes the on-call routes (and the demo seed file) accept; what they cannot check
// (time zones, catalog refs, overlapping restrictions) SchedulesService checks.

/** The name of a schedule or an escalation policy. */
export const name = z.string().trim().min(1, 'name must not be empty').max(100);
const clock = z
  .string()
  .regex(
    /^([01]\d|2[0-3]):[0-5]\d$/,
    'must be a 24-hour time HH:mm, for example 09:00',
  );
const weekday = z
  .number()
  .int()
  .min(1, 'days are ISO weekdays, 1 = Monday to 7 = Sunday')
  .max(7, 'days are ISO weekdays, 1 = Monday to 7 = Sunday');

export const layerSchema = z.object({
  name: z.string().trim().min(1, 'a layer needs a name').max(100),
  rotation: z.enum(ROTATION_KINDS),
  shiftLengthHours: z
    .number()
    .int()
    .min(1, 'shifts last at least 1 hour')
    .max(24 * 28, 'shifts last at most 4 weeks')
    .optional(),
  handoffTime: clock,
  handoffDay: weekday.optional(),
  startsAt: isoTime,
  members: z.array(ref).min(1, 'a layer needs at least one member').max(100),
  restrictions: z
    .array(
      z.object({
        days: z.array(weekday).min(1, 'a restriction needs at least one day'),
        start: clock,
        end: clock,
      }),
    )
    .max(28)
    .default([]),
  endsAt: isoTime.optional(),
  anchorAt: isoTime.optional(),
});

export const scheduleSchema = z.object({
  name,
  ownerRef: ref,
  timeZone: z.string().min(1).max(64),
  layers: z
    .array(layerSchema)
    .min(1, 'a schedule needs at least one layer')
    .max(10),
});

export const overrideSchema = z.object({
  userRef: ref,
  startsAt: isoTime,
  endsAt: isoTime,
  replacesUserRef: ref.optional(),
});
