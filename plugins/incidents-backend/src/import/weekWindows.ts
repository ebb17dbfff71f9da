import { ScheduleRestriction } from '@lookout/plugin-incidents-common';

const DAY_MINUTES = 24 * 60;
const WEEK_MINUTES = 7 * DAY_MINUTES;
/** The most restrictions a Lookout layer holds. */
export const MAX_RESTRICTIONS = 28;

/**
 * A stretch of the week a rotation is active in, on the schedule's wall clock: minutes from
 * Monday 00:00, for `minutes` (a window may run past Sunday midnight into Monday).
 */
export interface WeekWindow {
  start: number;
  minutes: number;
}

/** The minutes of the week the windows cover (their union). */
export function coveredMinutes(windows: WeekWindow[]): Uint8Array {
  const covered = new Uint8Array(WEEK_MINUTES);
  for (const window of windows) {
    const length = Math.min(window.minutes, WEEK_MINUTES);
    for (let i = 0; i < length; i++) {
      covered[
        (((window.start + i) % WEEK_MINUTES) + WEEK_MINUTES) % WEEK_MINUTES
      ] = 1;
    }
  }
  return covered;
}

const clock = (minuteOfDay: number) =>
  `${String(Math.floor(minuteOfDay / 60) % 24).padStart(2, '0')}:${String(
    minuteOfDay % 60,
  ).padStart(2, '0')}`;

/**
 * Lookout restrictions covering exactly the windows' union: one piece a day, a piece that
 * reaches midnight joined with the next day's piece from midnight (so 22:00–06:00 stays one
 * window), equal pieces on several days as one restriction. Empty when the whole week is
 * covered (no restriction). More than {@link MAX_RESTRICTIONS} is the caller's to refuse.
 */
export function restrictionsOf(windows: WeekWindow[]): ScheduleRestriction[] {
  const covered = coveredMinutes(windows);
  if (covered.every(Boolean)) return [];
  // pieces[day] = [start, end) minutes of that day, end up to 1440
  const pieces: Array<Array<[number, number]>> = [];
  for (let day = 0; day < 7; day++) {
    const runs: Array<[number, number]> = [];
    for (let m = 0; m < DAY_MINUTES; m++) {
      if (!covered[day * DAY_MINUTES + m]) continue;
      const last = runs[runs.length - 1];
      if (last && last[1] === m) last[1] = m + 1;
      else runs.push([m, m + 1]);
    }
    pieces.push(runs);
  }
  // a day's piece from midnight joins the day before's piece to midnight, when the two make
  // one window of at most a day (its end then reads at or before its start, as Lookout wants)
  const absorbed = pieces.map((runs, day) => {
    const before = pieces[(day + 6) % 7];
    const last = before[before.length - 1];
    const first = runs[0];
    return (
      !!last &&
      !!first &&
      last[1] === DAY_MINUTES &&
      last[0] > 0 &&
      first[0] === 0 &&
      first[1] < DAY_MINUTES &&
      first[1] <= last[0]
    );
  });
  const kept: Array<[number, number, number]> = [];
  for (let day = 0; day < 7; day++) {
    pieces[day].forEach(([start, end], index) => {
      if (index === 0 && absorbed[day]) return;
      const next = (day + 1) % 7;
      const carried =
        end === DAY_MINUTES && absorbed[next] ? pieces[next][0][1] : 0;
      kept.push([day, start, end + carried]);
    });
  }
  const byTimes = new Map<string, ScheduleRestriction>();
  for (const [day, start, end] of kept) {
    const key = `${clock(start)}-${clock(end % DAY_MINUTES)}`;
    const restriction = byTimes.get(key) ?? {
      days: [],
      start: clock(start),
      end: clock(end % DAY_MINUTES),
    };
    restriction.days.push(day + 1);
    byTimes.set(key, restriction);
  }
  return [...byTimes.values()];
}
