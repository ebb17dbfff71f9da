import { formatSeconds } from '../shared/durations';

/** A duration figure's value as people read it; an em dash when there is none. */
export function formatFigureSeconds(seconds: number | null): string {
  return seconds === null ? '—' : formatSeconds(seconds);
}

/** A share as a percentage with one decimal; an em dash when there is nothing to divide. */
export function formatShare(share: number | null): string {
  return share === null ? '—' : `${(share * 100).toFixed(1)} %`;
}

const MINUTE = 60;
const HOUR = 3600;
const DAY = 86_400;

/** Round steps for a duration axis, smallest first. */
const DURATION_STEPS = [
  10,
  30,
  MINUTE,
  2 * MINUTE,
  5 * MINUTE,
  10 * MINUTE,
  15 * MINUTE,
  30 * MINUTE,
  HOUR,
  2 * HOUR,
  3 * HOUR,
  6 * HOUR,
  12 * HOUR,
  DAY,
  2 * DAY,
  7 * DAY,
  14 * DAY,
  30 * DAY,
];

const AXIS_UNITS: Array<[number, string]> = [
  [DAY, 'd'],
  [HOUR, 'h'],
  [MINUTE, 'm'],
];

/** At most this many ticks above zero. */
const MAX_TICKS = 5;

/**
 * A duration as a y-axis tick: one unit, short ("45 s", "30 m", "2 h", "1.5 d"), so labels stay
 * narrow however long the tail.
 */
export function formatAxisSeconds(seconds: number): string {
  // the largest unit of which there are at least two: "90 m" rather than "1.5 h" below 2 h
  const [size, unit] = AXIS_UNITS.find(([u]) => seconds >= 2 * u) ?? [1, 's'];
  const value = Math.round((seconds / size) * 10) / 10;
  return `${value} ${unit}`;
}

/**
 * Ticks for a duration axis from 0 past the largest of `values`, on round durations (every
 * 5 m, every 2 h, every day…), at most five above zero.
 */
export function durationTicks(values: Array<number | null>): number[] {
  const max = Math.max(0, ...values.filter((v): v is number => v !== null));
  if (max === 0) return [0, MINUTE];
  const step =
    DURATION_STEPS.find(candidate => max / candidate <= MAX_TICKS) ??
    Math.ceil(max / MAX_TICKS / DAY) * DAY;
  const ticks = [0];
  while (ticks[ticks.length - 1] < max) ticks.push(ticks.length * step);
  return ticks;
}
