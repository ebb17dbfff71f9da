import { IANAZone } from 'luxon';
import { ZoneSegment } from './InsightsStore';

const DAY_MS = 86_400_000;
/** Beyond any page: segments at the ends stretch to cover all time. */
const FAR_FUTURE_SECONDS = 2 ** 40;

/**
 * The UTC offsets `zone` takes between `fromMs` and `toMs`, as slices of constant offset, so
 * SQL can read a page's local hour as epoch second + offset on either engine. A daylight
 * saving change starts a new slice at its exact second; the first and last slices are open
 * ended.
 */
export function zoneSegments(
  userRef: string,
  zone: string,
  fromMs: number,
  toMs: number,
): ZoneSegment[] {
  // whole seconds, so the search below lands on the second of the change
  const first = Math.floor(fromMs / 1000) * 1000;
  const last = Math.floor(toMs / 1000) * 1000;
  const tz = IANAZone.create(zone);
  const offsetAt = (ms: number) => tz.offset(ms) * 60;
  const segments: ZoneSegment[] = [];
  let start = 0;
  let offset = offsetAt(first);
  for (let day = first; day < last; day += DAY_MS) {
    const next = Math.min(day + DAY_MS, last);
    if (offsetAt(next) === offset) continue;
    // the change lies in (day, next]: find its first second
    let lo = day;
    let hi = next;
    while (hi - lo > 1000) {
      const mid = lo + Math.floor((hi - lo) / 2000) * 1000;
      if (offsetAt(mid) === offset) lo = mid;
      else hi = mid;
    }
    const changeSecond = hi / 1000;
    segments.push({
      userRef,
      fromSecond: start,
      toSecond: changeSecond,
      offsetSeconds: offset,
    });
    start = changeSecond;
    offset = offsetAt(hi);
  }
  segments.push({
    userRef,
    fromSecond: start,
    toSecond: FAR_FUTURE_SECONDS,
    offsetSeconds: offset,
  });
  return segments;
}
