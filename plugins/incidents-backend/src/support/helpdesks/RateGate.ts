/**
 * Spaces one replica's calls to a helpdesk at its plan's rate, and holds them all back while
 * the helpdesk has said (429 with Retry-After) to wait. Helpdesks count requests per account,
 * not per ticket, so one 429 is a reason to pause every call, not just the one refused.
 */
export class RateGate {
  private nextAt = 0;
  private pausedUntil = 0;

  constructor(
    /** Requests per minute; 0 means unlimited. */
    private readonly perMinute: number,
    private readonly clock: () => number = Date.now,
  ) {}

  /**
   * Takes the next slot and answers how many milliseconds to wait for it; when that would be
   * longer than `maxWaitMs` the slot is left and the wait is answered with `taken: false`.
   */
  reserve(maxWaitMs = Infinity): { waitMs: number; taken: boolean } {
    const now = this.clock();
    const interval = this.perMinute > 0 ? 60_000 / this.perMinute : 0;
    const at = Math.max(now, this.nextAt, this.pausedUntil);
    if (at - now > maxWaitMs) return { waitMs: at - now, taken: false };
    this.nextAt = at + interval;
    return { waitMs: at - now, taken: true };
  }

  /** The helpdesk said to wait `ms`: nothing goes out before then. */
  pause(ms: number): void {
    const until = this.clock() + ms;
    this.pausedUntil = Math.max(this.pausedUntil, until);
    this.nextAt = Math.max(this.nextAt, until);
  }
}
