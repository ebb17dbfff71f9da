import { InputError } from '@backstage/errors';

/**
 * The `[startsAt, endsAt)` of something booked ahead (a maintenance window, an on-call
 * override), with a 400 when it ends before it starts or has already ended; `what` names it
 * in that message ("a window", "an override").
 */
export function comingRange(
  range: { startsAt: string; endsAt: string },
  now: Date,
  what: string,
): { startsAt: Date; endsAt: Date } {
  const startsAt = new Date(range.startsAt);
  const endsAt = new Date(range.endsAt);
  if (endsAt <= startsAt) {
    throw new InputError('endsAt must be after startsAt');
  }
  if (endsAt <= now) {
    throw new InputError(
      `endsAt is in the past; ${what} must still be to come`,
    );
  }
  return { startsAt, endsAt };
}
