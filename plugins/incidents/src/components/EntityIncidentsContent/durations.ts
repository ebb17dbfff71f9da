import { DateTime, Duration } from 'luxon';

/** "2h 5m", "3d 4h", "45s": the two largest units, which is what a responder reads. */
export function formatDuration(from: string, to?: string | null): string {
  const end = to ? DateTime.fromISO(to) : DateTime.now();
  const ms = Math.max(0, end.diff(DateTime.fromISO(from)).toMillis());
  const parts = Duration.fromMillis(ms)
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
