import http from 'node:http';
import { AddressInfo } from 'node:net';

// The HTTP machinery both fake vendors share, and nothing of Lookout's: a loopback server,
// its request log, and failures served on demand.

export interface FakeRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  authorization: string;
  headers: http.IncomingHttpHeaders;
}

export interface FakeResponse {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

/** A loopback server that answers with `handle`, after any failures queued with `failNext`. */
export class FakeHttpServer {
  private server?: http.Server;
  private readonly failures: Array<FakeResponse & { path?: string }> = [];
  /** Every request, oldest first. */
  readonly log: FakeRequest[] = [];

  constructor(
    private readonly handle: (request: FakeRequest) => FakeResponse,
  ) {}

  private throttle?: { every: number; response: FakeResponse };

  /** Every `every`-th request gets this answer (a vendor's steady rate limit). */
  throttleEvery(every: number, response: FakeResponse) {
    this.throttle = { every, response };
  }

  /** The next `times` requests (to paths starting with `path`, if given) get this answer. */
  failNext(response: FakeResponse, times = 1, path?: string) {
    for (let i = 0; i < times; i++) this.failures.push({ ...response, path });
  }

  private takeFailure(path: string): FakeResponse | undefined {
    const index = this.failures.findIndex(
      f => !f.path || path.startsWith(f.path),
    );
    return index < 0 ? undefined : this.failures.splice(index, 1)[0];
  }

  async start(): Promise<string> {
    this.server = http.createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://fake');
      const request: FakeRequest = {
        method: req.method ?? 'GET',
        path: url.pathname,
        query: url.searchParams,
        authorization: String(req.headers.authorization ?? ''),
        headers: req.headers,
      };
      this.log.push(request);
      let response: FakeResponse;
      try {
        const throttled =
          this.throttle && this.log.length % this.throttle.every === 0
            ? this.throttle.response
            : undefined;
        response =
          this.takeFailure(request.path) ?? throttled ?? this.handle(request);
      } catch (error) {
        response = { status: 500, body: { message: String(error) } };
      }
      res.writeHead(response.status, {
        'Content-Type': 'application/json',
        ...response.headers,
      });
      res.end(JSON.stringify(response.body));
    });
    await new Promise<void>(resolve =>
      this.server!.listen(0, '127.0.0.1', resolve),
    );
    const { port } = this.server.address() as AddressInfo;
    return `http://127.0.0.1:${port}`;
  }

  async stop(): Promise<void> {
    if (!this.server) return;
    await new Promise<void>(resolve => this.server!.close(() => resolve()));
  }
}

/** PagerDuty's classic pagination of a list: `offset`, `limit` (at most 100), `more`. */
export function offsetPage(
  key: string,
  all: unknown[],
  query: URLSearchParams,
): FakeResponse {
  const offset = Number(query.get('offset') ?? 0);
  const limit = Math.min(100, Number(query.get('limit') ?? 25));
  return {
    status: 200,
    body: {
      [key]: all.slice(offset, offset + limit),
      offset,
      limit,
      more: offset + limit < all.length,
      total: null,
    },
  };
}

const offsets = new Map<string, Map<number, number>>();
const formats = new Map<string, Intl.DateTimeFormat>();
const lastRead = { zone: '', bucket: NaN, offset: 0 };

/**
 * The zone's UTC offset in minutes at `t`, read from Intl (the vendor's own clock, not
 * Lookout's) and remembered per zone and quarter hour, as offsets change on quarter hours.
 */
export function offsetMinutes(zone: string, t: number): number {
  const bucket = Math.floor(t / 900_000);
  if (lastRead.zone === zone && lastRead.bucket === bucket) {
    return lastRead.offset;
  }
  let memo = offsets.get(zone);
  if (!memo) {
    memo = new Map();
    offsets.set(zone, memo);
    formats.set(
      zone,
      new Intl.DateTimeFormat('en-US', {
        timeZone: zone,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
      }),
    );
  }
  let offset = memo.get(bucket);
  if (offset === undefined) {
    const parts = formats.get(zone)!.formatToParts(new Date(bucket * 900_000));
    const get = (type: string) =>
      Number(parts.find(p => p.type === type)!.value);
    const asUtc = Date.UTC(
      get('year'),
      get('month') - 1,
      get('day'),
      get('hour'),
      get('minute'),
      get('second'),
    );
    offset = Math.round((asUtc - bucket * 900_000) / 60_000);
    memo.set(bucket, offset);
  }
  Object.assign(lastRead, { zone, bucket, offset });
  return offset;
}

/** The wall-clock reading at `t` in `zone`, as milliseconds of a UTC calendar. */
export function wallClock(zone: string, t: number): number {
  return t + offsetMinutes(zone, t) * 60_000;
}

/** Minutes since Monday 00:00 of the wall-clock reading (1970-01-01 was a Thursday). */
export function minuteOfWeek(wall: number): number {
  const days = Math.floor(wall / 86_400_000);
  const weekday = (((days + 3) % 7) + 7) % 7;
  return weekday * 1440 + Math.floor((wall - days * 86_400_000) / 60_000);
}

/** Consecutive minutes with the same holder, as `[start, end, who]`. */
export function coalesce(
  minutes: Array<string | undefined>,
  from: number,
): Array<{ start: number; end: number; who: string }> {
  const runs: Array<{ start: number; end: number; who: string }> = [];
  minutes.forEach((who, i) => {
    const t = from + i * 60_000;
    const last = runs[runs.length - 1];
    if (who === undefined) return;
    if (last && last.who === who && last.end === t) last.end = t + 60_000;
    else runs.push({ start: t, end: t + 60_000, who });
  });
  return runs;
}
