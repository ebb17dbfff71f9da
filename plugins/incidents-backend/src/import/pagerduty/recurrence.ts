/** The parts of an RFC 5545 recurrence a Lookout layer can repeat; the rest is named. */
export interface Recurrence {
  freq: string;
  interval: number;
  /** ISO weekdays (1 = Monday) of BYDAY, empty when the rule has none. */
  byDay: number[];
  /** UTC epoch ms of UNTIL. */
  until?: number;
  count?: number;
  /** EXDATE and RDATE lines, and rule parts a layer has no counterpart for. */
  unsupported: string[];
}

const WEEKDAYS: Record<string, number> = {
  MO: 1,
  TU: 2,
  WE: 3,
  TH: 4,
  FR: 5,
  SA: 6,
  SU: 7,
};

/** `20270310T090000Z` (or a date) → epoch ms; a time without `Z` is read as UTC. */
function icalTime(value: string): number {
  const m = value.match(/^(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})Z?)?$/);
  if (!m) return NaN;
  const [, y, mo, d, h = '0', mi = '0', s = '0'] = m;
  return Date.UTC(+y, +mo - 1, +d, +h, +mi, +s);
}

/**
 * An event's recurrence lines: its RRULE read into the parts above, everything else listed in
 * `unsupported` as written (so the plan can quote it). Undefined without an RRULE line.
 */
export function parseRecurrence(lines: string[]): Recurrence | undefined {
  const rule = lines.find(l => l.toUpperCase().startsWith('RRULE:'));
  if (!rule) return undefined;
  const unsupported = lines.filter(l => l !== rule);
  const parts = new Map(
    rule
      .slice('RRULE:'.length)
      .split(';')
      .filter(Boolean)
      .map(p => {
        const [key, value = ''] = p.split('=');
        return [key.toUpperCase(), value.toUpperCase()] as const;
      }),
  );
  const recurrence: Recurrence = {
    freq: parts.get('FREQ') ?? '',
    interval: Number(parts.get('INTERVAL') ?? 1),
    byDay: [],
    unsupported,
  };
  for (const [key, value] of parts) {
    if (key === 'FREQ' || key === 'INTERVAL' || key === 'WKST') continue;
    if (key === 'BYDAY' && value.split(',').every(d => WEEKDAYS[d])) {
      recurrence.byDay = [...new Set(value.split(',').map(d => WEEKDAYS[d]))];
    } else if (key === 'UNTIL' && Number.isFinite(icalTime(value))) {
      recurrence.until = icalTime(value);
    } else if (key === 'COUNT' && Number(value) > 0) {
      recurrence.count = Number(value);
    } else {
      recurrence.unsupported.push(`${key}=${value}`);
    }
  }
  if (!Number.isInteger(recurrence.interval) || recurrence.interval < 1) {
    recurrence.unsupported.push(`INTERVAL=${parts.get('INTERVAL')}`);
    recurrence.interval = 1;
  }
  return recurrence;
}
