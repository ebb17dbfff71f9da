import {
  coalesce,
  FakeHttpServer,
  FakeRequest,
  FakeResponse,
  minuteOfWeek,
  wallClock,
} from './fakeHttp';

// An Opsgenie REST API v2 on loopback, written from Opsgenie's published reference: it keeps
// its objects, checks `Authorization: GenieKey …`, pages lists with offset/limit and
// `paging.next`, renders each schedule's final timeline itself (every rotation on call at
// once, overrides in the rotations they name), and can answer 429 or 500 on demand. It shares
// no code with what it checks.

type Participant =
  | { type: 'user'; id: string }
  | { type: 'team'; id: string }
  | { type: 'none' };

export interface FakeOgRotation {
  id: string;
  name: string;
  startDate: string;
  endDate?: string;
  type: 'daily' | 'weekly' | 'hourly';
  length?: number;
  participants: Participant[];
  timeRestriction?:
    | {
        type: 'time-of-day';
        restriction: {
          startHour: number;
          startMin: number;
          endHour: number;
          endMin: number;
        };
      }
    | {
        type: 'weekday-and-time-of-day';
        restrictions: Array<{
          startDay: string;
          startHour: number;
          startMin: number;
          endDay: string;
          endHour: number;
          endMin: number;
        }>;
      };
}

export interface FakeOgSchedule {
  id: string;
  name: string;
  timezone: string;
  ownerTeam?: string;
  rotations: FakeOgRotation[];
  overrides?: Array<{
    alias: string;
    user: string;
    startDate: string;
    endDate: string;
    /** Rotation ids; none means every rotation. */
    rotations?: string[];
  }>;
}

export interface FakeOgEscalation {
  id: string;
  name: string;
  ownerTeam?: string;
  rules: Array<{
    condition: 'if-not-acked' | 'if-not-closed';
    notifyType: string;
    delay: number;
    recipient: { type: 'user' | 'team' | 'schedule'; id: string };
  }>;
  repeat?: { waitInterval: number; count: number };
}

export interface FakeOgState {
  users: Array<{ id: string; username: string; fullName: string }>;
  teams: Array<{ id: string; name: string }>;
  schedules: FakeOgSchedule[];
  escalations: FakeOgEscalation[];
}

const MINUTE = 60_000;
const WEEK = 10_080;
const DAYS = [
  'monday',
  'tuesday',
  'wednesday',
  'thursday',
  'friday',
  'saturday',
  'sunday',
];
const TURN_HOURS = { hourly: 1, daily: 24, weekly: 168 };

/** Who a rotation has on at `t` (a user id), or undefined. */
function rotationHolder(rotation: FakeOgRotation, zone: string) {
  const start = Date.parse(rotation.startDate);
  const end = rotation.endDate ? Date.parse(rotation.endDate) : Infinity;
  const anchor = wallClock(zone, start);
  const turnMs = TURN_HOURS[rotation.type] * (rotation.length ?? 1) * 3_600_000;
  const restriction = rotation.timeRestriction;
  const windows: Array<[number, number]> = [];
  if (restriction?.type === 'time-of-day') {
    const r = restriction.restriction;
    const from = r.startHour * 60 + r.startMin;
    const span = (r.endHour * 60 + r.endMin - from + 1440) % 1440 || 1440;
    for (let d = 0; d < 7; d++) windows.push([d * 1440 + from, span]);
  } else if (restriction) {
    for (const r of restriction.restrictions) {
      const from =
        DAYS.indexOf(r.startDay) * 1440 + r.startHour * 60 + r.startMin;
      const to = DAYS.indexOf(r.endDay) * 1440 + r.endHour * 60 + r.endMin;
      windows.push([from, (to - from + WEEK) % WEEK || WEEK]);
    }
  }
  const n = rotation.participants.length;
  return (t: number): string | undefined => {
    if (t < start || t >= end) return undefined;
    const wall = wallClock(zone, t);
    if (windows.length) {
      const week = minuteOfWeek(wall);
      if (!windows.some(([from, span]) => (week - from + WEEK) % WEEK < span)) {
        return undefined;
      }
    }
    const turn = Math.floor((wall - anchor) / turnMs);
    const p = rotation.participants[((turn % n) + n) % n];
    return p.type === 'user' ? p.id : undefined;
  };
}

/** Opsgenie's final timeline over `[from, to)`: each rotation's periods, overrides included. */
export function renderOpsgenie(
  schedule: FakeOgSchedule,
  from: number,
  to: number,
) {
  return schedule.rotations.map(rotation => {
    const holder = rotationHolder(rotation, schedule.timezone);
    const overrides = (schedule.overrides ?? [])
      .filter(o => !o.rotations?.length || o.rotations.includes(rotation.id))
      .map(o => ({
        start: Date.parse(o.startDate),
        end: Date.parse(o.endDate),
        user: o.user,
      }));
    const minutes: Array<string | undefined> = [];
    for (let t = from; t < to; t += MINUTE) {
      const override = overrides.find(o => o.start <= t && t < o.end);
      minutes.push(override ? `override:${override.user}` : holder(t));
    }
    return {
      id: rotation.id,
      name: rotation.name,
      periods: coalesce(minutes, from).map(p => {
        const isOverride = p.who.startsWith('override:');
        const user = isOverride ? p.who.slice('override:'.length) : p.who;
        return {
          startDate: new Date(p.start).toISOString(),
          endDate: new Date(p.end).toISOString(),
          type: isOverride ? 'override' : 'default',
          recipient: { id: user, type: 'user' },
        };
      }),
    };
  });
}

export class FakeOpsgenie {
  readonly server: FakeHttpServer;
  private baseUrl = '';

  constructor(public state: FakeOgState, public apiKey = 'og-key') {
    this.server = new FakeHttpServer(request => this.handle(request));
  }

  async start() {
    this.baseUrl = await this.server.start();
    return this.baseUrl;
  }

  stop() {
    return this.server.stop();
  }

  /** Opsgenie's 429: the throttled state and the period, in seconds, it counts over. */
  rateLimitNext(times = 1, periodSeconds = 1) {
    this.server.failNext(
      {
        status: 429,
        body: {
          message: 'You are making too many requests!',
          took: 0,
          requestId: 'r',
        },
        headers: {
          'X-RateLimit-State': 'THROTTLED',
          'X-RateLimit-Reason': 'ACCOUNT',
          'X-RateLimit-Period-In-Sec': String(periodSeconds),
        },
      },
      times,
    );
  }

  failNext(status: number, times = 1) {
    this.server.failNext(
      {
        status,
        body: { message: 'Internal Server Error', took: 0, requestId: 'r' },
      },
      times,
    );
  }

  private handle(request: FakeRequest): FakeResponse {
    if (request.authorization !== `GenieKey ${this.apiKey}`) {
      return {
        status: 401,
        body: { message: 'Could not authenticate', took: 0, requestId: 'r' },
      };
    }
    const { state } = this;
    const team = (id?: string) => {
      const found = state.teams.find(t => t.id === id);
      return found ? { id: found.id, name: found.name } : undefined;
    };
    const user = (id: string) => state.users.find(u => u.id === id);
    const participantOf = (p: Participant) => {
      if (p.type === 'user') {
        return { type: 'user', id: p.id, username: user(p.id)?.username };
      }
      if (p.type === 'team') {
        return { type: 'team', id: p.id, name: team(p.id)?.name };
      }
      return { type: 'none' };
    };
    const lists: Record<string, () => unknown[]> = {
      '/v2/users': () =>
        state.users.map(u => ({ ...u, role: { name: 'User' } })),
      '/v2/teams': () => state.teams,
      '/v2/schedules': () =>
        state.schedules.map(s => ({
          id: s.id,
          name: s.name,
          timezone: s.timezone,
          enabled: true,
          ownerTeam: team(s.ownerTeam),
          rotations:
            request.query.get('expand') === 'rotation'
              ? s.rotations.map(r => ({
                  ...r,
                  participants: r.participants.map(participantOf),
                }))
              : undefined,
        })),
      '/v2/escalations': () =>
        state.escalations.map(e => ({
          id: e.id,
          name: e.name,
          ownerTeam: team(e.ownerTeam),
          rules: e.rules.map(r => ({
            condition: r.condition,
            notifyType: r.notifyType,
            delay: { timeAmount: r.delay, timeUnit: 'minutes' },
            recipient: r.recipient,
          })),
          ...(e.repeat
            ? {
                repeat: {
                  ...e.repeat,
                  resetRecipientStates: false,
                  closeAlertAfterAll: false,
                },
              }
            : {}),
        })),
    };
    const list = lists[request.path];
    if (list) {
      const offset = Number(request.query.get('offset') ?? 0);
      const limit = Math.min(100, Number(request.query.get('limit') ?? 20));
      const all = list();
      const page = (o: number) => {
        const query = new URLSearchParams(request.query);
        query.set('offset', String(o));
        query.set('limit', String(limit));
        return `${this.baseUrl}${request.path}?${query}`;
      };
      return {
        status: 200,
        body: {
          totalCount: all.length,
          data: all.slice(offset, offset + limit),
          paging: {
            ...(offset + limit < all.length
              ? { next: page(offset + limit) }
              : {}),
            first: page(0),
            last: page(
              Math.max(0, Math.floor((all.length - 1) / limit) * limit),
            ),
          },
          took: 0.01,
          requestId: 'r',
        },
      };
    }
    const match = request.path.match(
      /^\/v2\/schedules\/([^/]+)\/(timeline|overrides)$/,
    );
    const schedule =
      match && state.schedules.find(s => s.id === decodeURIComponent(match[1]));
    if (!match || !schedule) {
      return {
        status: 404,
        body: { message: 'Not Found', took: 0, requestId: 'r' },
      };
    }
    if (match[2] === 'overrides') {
      return {
        status: 200,
        body: {
          data: (schedule.overrides ?? []).map(o => ({
            alias: o.alias,
            user: {
              id: o.user,
              username: user(o.user)?.username,
              type: 'user',
            },
            startDate: o.startDate,
            endDate: o.endDate,
            rotations: (o.rotations ?? []).map(id => ({ id, name: id })),
          })),
          took: 0,
          requestId: 'r',
        },
      };
    }
    const date = Date.parse(request.query.get('date') ?? '') || Date.now();
    const interval = Number(request.query.get('interval') ?? 1);
    const unitDays =
      { days: 1, weeks: 7, months: 30 }[
        request.query.get('intervalUnit') ?? 'weeks'
      ] ?? 7;
    const end = date + interval * unitDays * 86_400_000;
    return {
      status: 200,
      body: {
        data: {
          _parent: { id: schedule.id, name: schedule.name, enabled: true },
          startDate: new Date(date).toISOString(),
          endDate: new Date(end).toISOString(),
          finalTimeline: { rotations: renderOpsgenie(schedule, date, end) },
        },
        took: 0,
        requestId: 'r',
      },
    };
  }
}
