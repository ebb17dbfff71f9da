import {
  FidelityMismatch,
  ScheduleFidelity,
} from '@lookout/plugin-incidents-common';
import { Stretch, Window } from './types';

const MINUTE = 60_000;

/** Who holds each moment of `[from, to)`: elementary stretches, each with everyone on call. */
function timeline(stretches: Stretch[], window: Window) {
  const cuts = new Set<number>([window.from, window.to]);
  for (const s of stretches) {
    if (s.end <= window.from || s.start >= window.to) continue;
    cuts.add(Math.max(s.start, window.from));
    cuts.add(Math.min(s.end, window.to));
  }
  const points = [...cuts].sort((a, b) => a - b);
  const sorted = [...stretches].sort((a, b) => a.start - b.start);
  return points.slice(0, -1).map((start, i) => {
    const end = points[i + 1];
    const who = [
      ...new Set(
        sorted.filter(s => s.start <= start && s.end >= end).map(s => s.who),
      ),
    ].sort();
    return { start, end, who, key: who.join('\n') };
  });
}

/**
 * Lookout's on-call against the vendor's, one minute at a time over the window: a minute
 * matches when the same people are on call in both (nobody in both matches too). Consecutive
 * mismatched minutes with the same two answers are reported as one stretch.
 */
export function compareMinuteByMinute(
  vendor: Stretch[],
  lookout: Stretch[],
  window: Window,
): ScheduleFidelity {
  const theirs = timeline(vendor, window);
  const ours = timeline(lookout, window);
  let [i, j] = [0, 0];
  let minutes = 0;
  let matching = 0;
  const mismatches: FidelityMismatch[] = [];
  let open: { start: number; end: number; v: string[]; l: string[] } | null =
    null;
  const close = () => {
    if (!open) return;
    mismatches.push({
      startsAt: new Date(open.start).toISOString(),
      endsAt: new Date(open.end).toISOString(),
      vendor: open.v,
      lookout: open.l,
    });
    open = null;
  };
  for (let t = window.from; t < window.to; t += MINUTE) {
    while (theirs[i].end <= t) i++;
    while (ours[j].end <= t) j++;
    minutes++;
    const [v, l] = [theirs[i], ours[j]];
    if (v.key === l.key) {
      matching++;
      close();
      continue;
    }
    const o = open as {
      start: number;
      end: number;
      v: string[];
      l: string[];
    } | null;
    if (
      o &&
      o.end === t &&
      o.v.join('\n') === v.key &&
      o.l.join('\n') === l.key
    ) {
      o.end = t + MINUTE;
    } else {
      close();
      open = { start: t, end: t + MINUTE, v: v.who, l: l.who };
    }
  }
  close();
  return {
    from: new Date(window.from).toISOString(),
    to: new Date(window.to).toISOString(),
    minutes,
    matchingMinutes: matching,
    matchPercent: minutes
      ? Math.floor((matching / minutes) * 10_000) / 100
      : 100,
    mismatches,
  };
}
