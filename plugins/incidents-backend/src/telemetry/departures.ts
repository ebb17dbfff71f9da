import { TelemetryMetric } from '@lookout/plugin-incidents-common';

/**
 * What counts as leaving the normal range beyond the noise of the quiet part of the window:
 * an error ratio must rise at least one point of a percent, a latency at least a quarter.
 */
const FLOOR: Record<TelemetryMetric, (median: number) => number> = {
  error_ratio: () => 0.01,
  latency: median => 0.25 * Math.abs(median),
};
/** Robust spreads above the median that are still normal (MAD scaled to a standard deviation). */
const SPREADS = 4;

/**
 * When a series left its normal range and stayed out: its normal range is read from the first
 * third of the points before the onset (the part least likely to hold the incident already),
 * as the higher of their maximum and their median plus four robust spreads, plus a floor; it
 * left the range at the first point above it that the next point does not contradict. Only a
 * rise counts: errors and latency hurt going up.
 */
export function departureOf(
  metric: TelemetryMetric,
  points: Array<[number, number]>,
  onsetSeconds: number,
): { normalMax: number; departedAt: number | null } {
  const valid = points.filter(([, v]) => Number.isFinite(v));
  const before = valid.filter(([t]) => t <= onsetSeconds);
  const baseline = before
    .slice(0, Math.max(2, Math.floor(before.length / 3)))
    .map(([, v]) => v);
  if (baseline.length < 2) return { normalMax: NaN, departedAt: null };
  const median = medianOf(baseline);
  const spread = 1.4826 * medianOf(baseline.map(v => Math.abs(v - median)));
  const normalMax =
    Math.max(Math.max(...baseline), median + SPREADS * spread) +
    FLOOR[metric](median);
  const after = valid.slice(baseline.length);
  for (let i = 0; i < after.length; i++) {
    const [t, v] = after[i];
    const next = after[i + 1];
    if (v > normalMax && (!next || next[1] > normalMax)) {
      return { normalMax, departedAt: t };
    }
  }
  return { normalMax, departedAt: null };
}

function medianOf(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
