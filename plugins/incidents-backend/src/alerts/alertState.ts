import { IncidentStatus } from '@lookout/plugin-incidents-common';
import { AlertContent, AlertDelivery, StoredAlert } from './types';

/** What a delivery did to the alert it names. */
export type DeliveryEffect =
  /** The first delivery of this alert. */
  | 'created'
  /** A resolved alert fired again: a new firing that began after the last one ended. */
  | 'fired'
  /** A firing alert was sent again (a repeat, an HA duplicate, a retry). */
  | 'repeated'
  /** A firing alert ended. */
  | 'resolved'
  /** A resolved alert was reported resolved again. */
  | 'unchanged'
  /** The delivery describes a state older than the one recorded, and changes nothing. */
  | 'stale';

/** The columns a delivery may change; absent ones stay as they are. */
export type AlertUpdate = Partial<
  Omit<StoredAlert, 'id' | 'integrationId' | 'dedupKey' | 'firstSeenAt'>
>;

/** The new alert a first delivery makes, before routing and severity mapping. */
export type NewAlertState = Pick<
  StoredAlert,
  'status' | 'startsAt' | 'endsAt' | 'occurrences'
>;

/** Incidents in these statuses are over for good: their alert group ends with them. */
const FINAL_STATUSES: ReadonlySet<IncidentStatus> = new Set([
  'closed',
  'declined',
  'merged',
]);

const earliest = (a: string, b: string) =>
  Date.parse(a) <= Date.parse(b) ? a : b;

/**
 * The state of an alert seen for the first time. Times later than now (a sender's clock
 * running ahead) are taken as now, so they cannot make later deliveries look stale.
 */
export function firstState(
  delivery: AlertDelivery,
  now: string,
): NewAlertState {
  if (delivery.status === 'firing') {
    return {
      status: 'firing',
      startsAt: earliest(delivery.startsAt ?? now, now),
      endsAt: null,
      occurrences: 1,
    };
  }
  const endsAt = earliest(delivery.endsAt ?? now, now);
  return {
    status: 'resolved',
    startsAt: earliest(delivery.startsAt ?? endsAt, endsAt),
    endsAt,
    occurrences: 1,
  };
}

/**
 * Applies a delivery to a recorded alert. Senders repeat deliveries and deliver them out of
 * order, so the times decide: a firing delivery reopens a resolved alert only if its firing
 * began after the recorded end, and a resolution ends a firing alert only if it ended after
 * that firing began. Anything older is stale and only counts as seen.
 */
export function applyDelivery(
  current: StoredAlert,
  delivery: AlertDelivery,
  now: string,
): { effect: DeliveryEffect; update: AlertUpdate } {
  const seen: AlertUpdate = { lastSeenAt: now };
  const refreshed: AlertUpdate = delivery.content
    ? { ...seen, ...contentUpdate(delivery.content) }
    : seen;

  if (delivery.status === 'firing') {
    if (current.status === 'firing') {
      return {
        effect: 'repeated',
        update: { ...refreshed, occurrences: current.occurrences + 1 },
      };
    }
    const startsAt = earliest(delivery.startsAt ?? now, now);
    const endedAt = current.endsAt ?? current.startsAt;
    if (Date.parse(startsAt) <= Date.parse(endedAt)) {
      return { effect: 'stale', update: seen };
    }
    return {
      effect: 'fired',
      update: {
        ...refreshed,
        status: 'firing',
        startsAt,
        endsAt: null,
        acknowledgedAt: null,
        occurrences: current.occurrences + 1,
      },
    };
  }

  if (current.status === 'resolved') {
    return { effect: 'unchanged', update: seen };
  }
  const endsAt = earliest(delivery.endsAt ?? now, now);
  if (Date.parse(endsAt) < Date.parse(current.startsAt)) {
    return { effect: 'stale', update: seen };
  }
  return {
    effect: 'resolved',
    update: { ...refreshed, status: 'resolved', endsAt },
  };
}

/**
 * Whether an entity's alert group still gathers alerts: while its incident is not over for
 * good, and the group either has another alert firing or saw activity (an alert firing,
 * firing again or resolving) within the group window. The window after the last resolution
 * is what damps flapping: an alert that fires again within it rejoins the same incident.
 */
export function groupIsLive(options: {
  incidentStatus: IncidentStatus | undefined;
  otherFiring: number;
  lastActivityAt: string;
  now: string;
  windowMs: number;
}): boolean {
  const { incidentStatus, otherFiring, lastActivityAt, now, windowMs } =
    options;
  if (!incidentStatus || FINAL_STATUSES.has(incidentStatus)) return false;
  return (
    otherFiring > 0 || Date.parse(lastActivityAt) >= Date.parse(now) - windowMs
  );
}

function contentUpdate(content: AlertContent): AlertUpdate {
  const { entityRef: _explicitRef, ...rest } = content;
  return rest;
}
