import {
  DurationFigure,
  IncidentInsights,
  ShareFigure,
} from '@lookout/plugin-incidents-common';

/** "12m 30s"; "—" without a value. Two largest units, as people read a duration. */
export function formatSeconds(seconds: number | null): string {
  if (seconds === null) return '—';
  const units: Array<[number, string]> = [
    [86_400, 'd'],
    [3_600, 'h'],
    [60, 'm'],
    [1, 's'],
  ];
  let rest = Math.round(seconds);
  const parts: string[] = [];
  for (const [size, unit] of units) {
    const value = Math.floor(rest / size);
    rest -= value * size;
    if (value > 0 || parts.length > 0) parts.push(`${value}${unit}`);
  }
  const shown = parts.slice(0, 2).filter(part => !part.startsWith('0'));
  return shown.length ? shown.join(' ') : '0s';
}

const percent = (value: number | null) =>
  value === null ? '—' : `${Math.round(value * 1000) / 10} %`;

function duration(
  name: string,
  now: DurationFigure,
  before: DurationFigure,
): string {
  const target =
    now.targetSeconds !== undefined
      ? `; target ${formatSeconds(now.targetSeconds)}`
      : '';
  return (
    `${name}: median ${formatSeconds(now.median)}, p90 ${formatSeconds(
      now.p90,
    )}, n ${now.n} ` +
    `(last week median ${formatSeconds(before.median)}${target})`
  );
}

function share(name: string, now: ShareFigure, before: ShareFigure): string {
  const target =
    now.target !== undefined ? `; target ${percent(now.target)}` : '';
  return (
    `${name}: ${percent(now.share)} (${now.numerator} of ${now.denominator}; ` +
    `last week ${percent(before.share)}${target})`
  );
}

/**
 * A team's week in a few lines for the weekly digest: each figure against last week and the
 * mission's target.
 */
export function digestText(
  week: IncidentInsights,
  lastWeek: IncidentInsights,
): string {
  const sleep = week.onCallLoad.teams.reduce((sum, t) => sum + t.sleep, 0);
  const nights = week.onCallLoad.teams.reduce(
    (sum, t) => sum + t.nightsWithPage,
    0,
  );
  return [
    `Incidents: ${week.incidents.n} (last week ${lastWeek.incidents.n})`,
    duration(
      'Time to first page',
      week.response.firstPage,
      lastWeek.response.firstPage,
    ),
    duration(
      'Time to acknowledge',
      week.response.acknowledged,
      lastWeek.response.acknowledged,
    ),
    duration(
      'Time to resolve',
      week.resolve.resolved,
      lastWeek.resolve.resolved,
    ),
    share(
      'Customers notified',
      week.customersNotified.all,
      lastWeek.customersNotified.all,
    ),
    share('Automation coverage', week.automation, lastWeek.automation),
    share(
      'Repeated within 30 days',
      week.recurrence.within30Days,
      lastWeek.recurrence.within30Days,
    ),
    `Pages in sleep hours: ${sleep}, on ${nights} night(s)`,
  ].join('\n');
}
