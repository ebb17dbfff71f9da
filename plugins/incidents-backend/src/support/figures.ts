import { SupportDurationFigure, SupportFigures, SupportShare } from './types';
import { LinkedReportOutcome } from './SupportStore';

const WEEK_MS = 7 * 86_400_000;

/** Nearest-rank percentile of sorted values. */
function percentile(sorted: number[], p: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];
}

export function durationFigure(seconds: number[]): SupportDurationFigure {
  const sorted = [...seconds].sort((a, b) => a - b);
  return {
    median: percentile(sorted, 0.5),
    p90: percentile(sorted, 0.9),
    n: sorted.length,
  };
}

function share(numerator: number, denominator: number): SupportShare {
  return {
    share: denominator > 0 ? numerator / denominator : null,
    numerator,
    denominator,
  };
}

/** Monday 00:00 UTC of the week holding `iso`. */
function weekStart(iso: string): string {
  const d = new Date(iso);
  const day = (d.getUTCDay() + 6) % 7;
  const start =
    Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()) -
    day * 86_400_000;
  return new Date(start).toISOString();
}

function figuresOf(outcomes: LinkedReportOutcome[]) {
  // a report counts once its incident resolved (a resolution notice exists for it)
  const due = outcomes.filter(o => o.resolutionStatus !== null);
  const told = due.filter(o => o.resolutionStatus === 'delivered');
  return {
    customersNotified: share(told.length, due.length),
    escalationResolutionSeconds: durationFigure(
      told.map(o =>
        Math.max(
          0,
          (Date.parse(o.resolutionDeliveredAt!) - Date.parse(o.linkedAt)) /
            1000,
        ),
      ),
    ),
  };
}

/**
 * The mission's two support figures: customers notified (linked reports whose resolution reply
 * the helpdesk confirmed ÷ linked reports whose incident resolved) and escalation resolution
 * time (report linked → its reporter told of the resolution, which comes after the incident
 * resolved), overall, per owning team and per week of the link.
 */
export function computeFigures(
  outcomes: LinkedReportOutcome[],
  ownerOf: Map<string, string | null>,
  from: string,
  to: string,
): SupportFigures {
  const byTeam = new Map<string | null, LinkedReportOutcome[]>();
  const byWeek = new Map<string, LinkedReportOutcome[]>();
  for (const o of outcomes) {
    const team = ownerOf.get(o.incidentId) ?? null;
    byTeam.set(team, [...(byTeam.get(team) ?? []), o]);
    const week = weekStart(o.linkedAt);
    byWeek.set(week, [...(byWeek.get(week) ?? []), o]);
  }
  const weeks: string[] = [];
  for (let w = Date.parse(weekStart(from)); w < Date.parse(to); w += WEEK_MS) {
    weeks.push(new Date(w).toISOString());
  }
  return {
    from,
    to,
    ...figuresOf(outcomes),
    byTeam: [...byTeam.entries()]
      .sort(([a], [b]) => (a ?? '~').localeCompare(b ?? '~'))
      .map(([groupRef, list]) => ({ groupRef, ...figuresOf(list) })),
    weekly: weeks.map(w => ({
      weekStart: w,
      ...figuresOf(byWeek.get(w) ?? []),
    })),
  };
}
