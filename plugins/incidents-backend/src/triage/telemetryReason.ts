import {
  TelemetrySeries,
  TriageReason,
} from '@lookout/plugin-incidents-common';
import { ago, fit, round } from './causeTiming';
import { nameOf } from './severity';

const METRIC_NAMES: Record<TelemetrySeries['metric'], string> = {
  error_ratio: 'error ratio',
  latency: 'latency',
};

function firstDeparture(series: TelemetrySeries[]) {
  return series
    .filter(s => s.departedAt)
    .sort((a, b) => a.departedAt!.localeCompare(b.departedAt!))[0];
}

function normal(series: TelemetrySeries): string {
  return series.metric === 'error_ratio'
    ? `${round(series.normalMax * 100)} %`
    : `${round(series.normalMax * 1000)} ms`;
}

/**
 * A metric that left its normal range near the onset (2.5 for the error ratio, 2 for latency,
 * times how well its time fits), read in order against the origin's own: gaining when it moved
 * first, halved when it moved after the origin did (then it is more likely another victim).
 */
export function telemetryReason(
  series: TelemetrySeries[],
  originSeries: TelemetrySeries[],
  origin: string,
  onset: string,
): TriageReason | undefined {
  const moved = firstDeparture(series);
  if (!moved) return undefined;
  let weight =
    (moved.metric === 'error_ratio' ? 2.5 : 2) * fit(moved.departedAt!, onset);
  let order = '';
  const originMoved = firstDeparture(originSeries);
  if (originMoved) {
    const lead =
      Date.parse(originMoved.departedAt!) - Date.parse(moved.departedAt!);
    const seconds = Math.round(Math.abs(lead) / 1000);
    const span =
      seconds < 120 ? `${seconds} s` : `${Math.round(seconds / 60)} minutes`;
    // a lead shorter than two samples could be the sampling itself
    const step =
      moved.points.length > 1 ? moved.points[1][0] - moved.points[0][0] : 30;
    const meaningful = Math.max(2 * step * 1000, 2_000);
    if (lead >= meaningful) {
      weight += 0.5;
      order = `, ${span} before ${nameOf(origin)}'s did`;
    } else if (lead <= -meaningful) {
      weight *= 0.5;
      order = `, ${span} after ${nameOf(
        origin,
      )}'s did (more likely another victim)`;
    }
  }
  return {
    text: `its ${
      METRIC_NAMES[moved.metric]
    } left its normal range (above ${normal(moved)}) ${ago(
      moved.departedAt!,
      onset,
    )}${order}`,
    weight: round(weight),
  };
}
