import { IANAZone } from 'luxon';

const MINUTE = 60_000;
/**
 * Offset changes in use for many decades fall on a quarter hour of UTC; a few early 20th-century
 * ones did not, and near those the memo may be off by minutes. Schedules do not reach back there.
 */
const BUCKET = 15 * MINUTE;
/** A bound on the memo, far above what a busy backend needs (about 30 days per zone). */
const MAX_CACHED = 200_000;

const cache = new Map<string, Map<number, number>>();
let cached = 0;

/**
 * Conversions between instants and wall-clock time in a zone, where wall-clock time is held as
 * epoch milliseconds "as if the zone were UTC", so calendar arithmetic on it is plain addition.
 * Asking Intl for an offset costs tens of microseconds; offsets are constant within a quarter
 * hour of UTC, so they are memoised per zone and quarter hour across calls.
 */
export class ZoneClock {
  private readonly zone: IANAZone;
  private readonly offsets: Map<number, number>;

  constructor(zone: string) {
    this.zone = IANAZone.create(zone);
    let offsets = cache.get(zone);
    if (!offsets) {
      offsets = new Map();
      cache.set(zone, offsets);
    }
    this.offsets = offsets;
  }

  /** The zone's offset from UTC at an instant, in minutes. */
  offset(instant: number): number {
    const bucket = Math.floor(instant / BUCKET);
    let offset = this.offsets.get(bucket);
    if (offset === undefined) {
      offset = this.zone.offset(bucket * BUCKET);
      if (cached >= MAX_CACHED) {
        cache.forEach(map => map.clear());
        cached = 0;
      }
      this.offsets.set(bucket, offset);
      cached++;
    }
    return offset;
  }

  /** The wall-clock reading at an instant. */
  toWall(instant: number): number {
    return instant + this.offset(instant) * MINUTE;
  }

  /**
   * The instant a wall-clock reading names. A reading the clock skips (the spring gap) moves
   * forward by the gap, as the clock does and as luxon resolves it; a repeated reading (autumn)
   * takes its first instant.
   */
  fromWall(wall: number): number {
    const first = this.offset(wall);
    let guess = wall - first * MINUTE;
    const second = this.offset(guess);
    if (first === second) return this.earliest(wall, guess, second);
    guess -= (second - first) * MINUTE;
    const third = this.offset(guess);
    if (second === third) return this.earliest(wall, guess, third);
    return wall - Math.min(second, third) * MINUTE;
  }

  /** The first of the instants reading `wall`: in a repeated hour, the one before the change. */
  private earliest(wall: number, instant: number, offset: number): number {
    for (const other of [offset + 60, offset + 30]) {
      const earlier = wall - other * MINUTE;
      if (earlier < instant && this.offset(earlier) === other) return earlier;
    }
    return instant;
  }
}

/** Midnight of the wall-clock day a reading falls on. */
export function wallDay(wall: number): number {
  return Math.floor(wall / 86_400_000) * 86_400_000;
}

/** The ISO weekday (1 = Monday) of a wall-clock reading. */
export function wallWeekday(wall: number): number {
  return ((new Date(wall).getUTCDay() + 6) % 7) + 1;
}
