import { DateTime, Duration } from 'luxon';
import { Incident, isOpenStatus } from '@lookout/plugin-incidents-common';

/** "2h 5m", "3d 4h", "45s": the two largest units, which is what a responder reads. */
export function formatSeconds(seconds: number): string {
  const parts = Duration.fromMillis(Math.max(0, seconds) * 1000)
    .shiftTo('days', 'hours', 'minutes', 'seconds')
    .toObject();
  const units: Array<[number | undefined, string]> = [
    [parts.days, 'd'],
    [parts.hours, 'h'],
    [parts.minutes, 'm'],
    [Math.floor(parts.seconds ?? 0), 's'],
  ];
  const first = units.findIndex(([value]) => (value ?? 0) > 0);
  if (first === -1) return '0s';
  return units
    .slice(first, first + 2)
    .filter(([value]) => (value ?? 0) > 0)
    .map(([value, unit]) => `${value}${unit}`)
    .join(' ');
}

/** The time between two ISO instants, or from `from` until now while `to` is unset. */
export function formatDuration(from: string, to?: string | null): string {
  const end = to ? DateTime.fromISO(to) : DateTime.now();
  return formatSeconds(end.diff(DateTime.fromISO(from)).as('seconds'));
}

/** How long an incident has run: "… so far" while open, else until it was resolved or ended. */
export function formatIncidentDuration(
  incident: Pick<
    Incident,
    'status' | 'declaredAt' | 'resolvedAt' | 'closedAt' | 'updatedAt'
  >,
): string {
  if (isOpenStatus(incident.status)) {
    return `${formatDuration(incident.declaredAt)} so far`;
  }
  // Declined and merged incidents never resolve; their last update is when they ended.
  const end = incident.resolvedAt ?? incident.closedAt ?? incident.updatedAt;
  return formatDuration(incident.declaredAt, end);
}

/** A mean response time from the metrics endpoint; `null` means nothing was measured. */
export function formatMeanSeconds(seconds: number | null): string {
  return seconds === null ? '—' : formatSeconds(seconds);
}

/** An instant as the viewer reads a date and time in their locale: "Nov 1, 2026, 10:04 AM". */
export function formatDateTime(iso: string): string {
  return DateTime.fromISO(iso).toLocaleString(DateTime.DATETIME_MED);
}
