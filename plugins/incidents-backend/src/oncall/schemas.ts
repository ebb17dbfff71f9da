import { ROTATION_KINDS } from '@lookout/plugin-incidents-common';
import { z } from 'zod';

// The shapes the on-call routes (and the demo seed file) accept; what they cannot check
// (time zones, catalog refs, overlapping restrictions) OnCallService checks.

export const isoTime = z.iso.datetime({ offset: true });
export const ref = z.string().min(1).max(255);
const name = z.string().trim().min(1, 'name must not be empty').max(100);
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

/** Versions are PostgreSQL integers; anything larger could never match. */
export const version = z.number().int().positive().max(2_147_483_647);

export const overrideSchema = z.object({
  userRef: ref,
  startsAt: isoTime,
  endsAt: isoTime,
  replacesUserRef: ref.optional(),
});

const targetSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('schedule'),
    scheduleId: z.string().min(1).max(36),
  }),
  z.object({ type: z.literal('user'), userRef: ref }),
  z.object({ type: z.literal('group_members'), groupRef: ref }),
  z.object({ type: z.literal('parent_oncall') }),
]);

export const policySchema = z.object({
  name,
  ownerRef: ref,
  levels: z
    .array(
      z.object({
        delayMinutes: z
          .number()
          .int()
          .min(0, 'delayMinutes must not be negative')
          .max(1440, 'delayMinutes is at most 1440 (a day)'),
        targets: z
          .array(targetSchema)
          .min(1, 'a level needs at least one target')
          .max(20),
      }),
    )
    .min(1, 'a policy needs at least one level')
    .max(10),
  repeat: z.number().int().min(0).max(9).default(0),
});
