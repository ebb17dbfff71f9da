import {
  coalesce,
  FakeHttpServer,
  FakeRequest,
  FakeResponse,
  minuteOfWeek,
  offsetPage,
  wallClock,
} from './fakeHttp';
import {
  FakePdFlexibleSchedule,
  handleFlexible,
  pdError,
} from './fakePdFlexible';

// A PagerDuty REST API v2 on loopback, written from PagerDuty's published reference: it keeps
// its objects, checks `Authorization: Token token=…`, pages lists with offset/limit/more,
// renders each schedule's final_schedule itself, and can answer 429 or 500 on demand.
// It shares no code with what it checks.

export interface FakePdLayer {
  id: string;
  name: string;
  start: string;
  end?: string | null;
  rotation_virtual_start: string;
  rotation_turn_length_seconds: number;
  users: string[];
  restrictions?: Array<{
    type: 'daily_restriction' | 'weekly_restriction';
    start_time_of_day: string;
    duration_seconds: number;
    start_day_of_week?: number;
  }>;
}

export interface FakePdSchedule {
  id: string;
  name: string;
  time_zone: string;
  teams?: string[];
  /** Highest priority first, as PagerDuty lists them. */
  layers: FakePdLayer[];
  overrides?: Array<{ id: string; start: string; end: string; user: string }>;
}

export interface FakePdPolicy {
  id: string;
  name: string;
  num_loops: number;
  teams?: string[];
  rules: Array<{
    delay: number;
    targets: Array<{
      type: 'user_reference' | 'schedule_reference';
      id: string;
    }>;
    roundRobin?: boolean;
  }>;
}

export interface FakePdState {
  users: Array<{ id: string; name: string; email: string }>;
  teams: Array<{ id: string; name: string }>;
  services: Array<{
    id: string;
    name: string;
    policy: string;
    teams?: string[];
  }>;
  schedules: FakePdSchedule[];
  /** Rotation-based schedules (the v3 API); undefined: the account has no v3 API (404). */
  flexible?: FakePdFlexibleSchedule[];
  policies: FakePdPolicy[];
}

const MINUTE = 60_000;

/** A layer read once: its times as numbers and its restrictions as minutes. */
function compile(layer: FakePdLayer, zone: string) {
  const restrictions = (layer.restrictions ?? []).map(r => {
    const [h, m] = r.start_time_of_day.split(':').map(Number);
    return {
      daily: r.type === 'daily_restriction',
      begins:
        (r.type === 'daily_restriction'
          ? 0
          : ((r.start_day_of_week ?? 1) - 1) * 1440) +
        h * 60 +
        m,
      span: r.duration_seconds / 60,
    };
  });
  const start = Date.parse(layer.start);
  const end = layer.end ? Date.parse(layer.end) : Infinity;
  // turns are counted on the schedule's wall clock from the virtual start
  const virtualStart = wallClock(
    zone,
    Date.parse(layer.rotation_virtual_start),
  );
  const turnMs = layer.rotation_turn_length_seconds * 1000;
  const n = layer.users.length;
  /** Who the layer has on at `t`, or undefined outside its span and restrictions. */
  return (t: number): string | undefined => {
    if (t < start || t >= end) return undefined;
    const wall = wallClock(zone, t);
    if (restrictions.length) {
      const week = minuteOfWeek(wall);
      const inside = restrictions.some(r =>
        r.daily
          ? ((week % 1440) - r.begins + 1440) % 1440 < r.span
          : (week - r.begins + 10080) % 10080 < r.span,
      );
      if (!inside) return undefined;
    }
    const turn = Math.floor((wall - virtualStart) / turnMs);
    return layer.users[((turn % n) + n) % n];
  };
}

/** PagerDuty's final schedule over `[since, until)`: overrides, then the highest layer on. */
export function renderPagerDuty(
  schedule: FakePdSchedule,
  since: number,
  until: number,
) {
  const layers = schedule.layers.map(l => compile(l, schedule.time_zone));
  // the most recent override wins where two overlap
  const overrides = [...(schedule.overrides ?? [])].reverse().map(o => ({
    start: Date.parse(o.start),
    end: Date.parse(o.end),
    user: o.user,
  }));
  const minutes: Array<string | undefined> = [];
  for (let t = since; t < until; t += MINUTE) {
    let holder = overrides.find(o => o.start <= t && t < o.end)?.user;
    for (let i = 0; !holder && i < layers.length; i++) holder = layers[i](t);
    minutes.push(holder);
  }
  return coalesce(minutes, since);
}

export class FakePagerDuty {
  readonly server: FakeHttpServer;

  constructor(public state: FakePdState, public token = 'pd-token') {
    this.server = new FakeHttpServer(request => this.handle(request));
  }

  start() {
    return this.server.start();
  }

  stop() {
    return this.server.stop();
  }

  /** PagerDuty's 429: its rate-limit headers, the reset in seconds (to `path`, if given). */
  rateLimitNext(times = 1, resetSeconds = 1, path?: string) {
    this.server.failNext(rateLimited(resetSeconds), times, path);
  }

  /** A steady rate limit: every `every`-th request answers 429. */
  rateLimitEvery(every: number, resetSeconds = 1) {
    this.server.throttleEvery(every, rateLimited(resetSeconds));
  }

  failNext(status: number, times = 1, path?: string) {
    this.server.failNext(pdError(status, 'Internal Server Error'), times, path);
  }

  private handle(request: FakeRequest): FakeResponse {
    if (request.authorization !== `Token token=${this.token}`) {
      return {
        status: 401,
        body: { error: { message: 'Unauthorized', code: 2006 } },
      };
    }
    const { state } = this;
    const ref = (type: string) => (id: string) => ({ id, type });
    const schedule = (id: string) => state.schedules.find(s => s.id === id);
    const lists: Record<string, () => unknown[]> = {
      '/users': () => state.users.map(u => ({ ...u, type: 'user' })),
      '/teams': () => state.teams.map(t => ({ ...t, type: 'team' })),
      '/services': () =>
        state.services.map(s => ({
          id: s.id,
          name: s.name,
          type: 'service',
          escalation_policy: ref('escalation_policy_reference')(s.policy),
          teams: (s.teams ?? []).map(ref('team_reference')),
        })),
      '/schedules': () =>
        state.schedules.map(s => ({
          id: s.id,
          name: s.name,
          type: 'schedule',
        })),
      '/escalation_policies': () =>
        state.policies.map(p => ({
          id: p.id,
          name: p.name,
          type: 'escalation_policy',
          num_loops: p.num_loops,
          teams: (p.teams ?? []).map(ref('team_reference')),
          services: state.services
            .filter(s => s.policy === p.id)
            .map(s => ref('service_reference')(s.id)),
          escalation_rules: p.rules.map((r, i) => ({
            id: `${p.id}-R${i + 1}`,
            escalation_delay_in_minutes: r.delay,
            targets: r.targets,
            escalation_rule_assignment_strategy: {
              type: r.roundRobin ? 'round_robin' : 'assign_to_everyone',
            },
          })),
        })),
    };
    const list = lists[request.path];
    if (list) return offsetPage(request.path.slice(1), list(), request.query);
    if (request.path.startsWith('/v3/')) {
      return handleFlexible(state.flexible, request) ?? notFound();
    }
    const overridesPath = request.path.match(
      /^\/schedules\/([^/]+)\/overrides$/,
    );
    if (overridesPath) {
      const found = schedule(decodeURIComponent(overridesPath[1]));
      if (!found) return notFound();
      const since = Date.parse(request.query.get('since') ?? '');
      const until = Date.parse(request.query.get('until') ?? '');
      if (!Number.isFinite(since) || !Number.isFinite(until)) {
        return pdError(400, 'Invalid Input Provided', [
          'since and until are required',
        ]);
      }
      return {
        status: 200,
        body: {
          overrides: (found.overrides ?? [])
            .filter(
              o => Date.parse(o.end) > since && Date.parse(o.start) < until,
            )
            .map(o => ({
              id: o.id,
              start: o.start,
              end: o.end,
              user: { id: o.user, type: 'user_reference' },
            })),
        },
      };
    }
    const schedulePath = request.path.match(/^\/schedules\/([^/]+)$/);
    if (schedulePath) {
      const found = schedule(decodeURIComponent(schedulePath[1]));
      if (!found) return notFound();
      const since = Date.parse(request.query.get('since') ?? '') || Date.now();
      const until =
        Date.parse(request.query.get('until') ?? '') || since + 7 * 86_400_000;
      const entries = renderPagerDuty(found, since, until);
      return {
        status: 200,
        body: {
          schedule: {
            id: found.id,
            type: 'schedule',
            name: found.name,
            time_zone: found.time_zone,
            teams: (found.teams ?? []).map(ref('team_reference')),
            schedule_layers: found.layers.map(l => ({
              id: l.id,
              name: l.name,
              start: l.start,
              end: l.end ?? null,
              rotation_virtual_start: l.rotation_virtual_start,
              rotation_turn_length_seconds: l.rotation_turn_length_seconds,
              users: l.users.map(u => ({
                user: { id: u, type: 'user_reference' },
              })),
              restrictions: (l.restrictions ?? []).map(r => ({
                ...r,
                start_day_of_week: r.start_day_of_week ?? null,
              })),
            })),
            final_schedule: {
              name: 'Final Schedule',
              rendered_schedule_entries: entries.map(e => ({
                start: new Date(e.start).toISOString(),
                end: new Date(e.end).toISOString(),
                user: { id: e.who, type: 'user_reference' },
              })),
            },
          },
        },
      };
    }
    return notFound();
  }
}

function notFound(): FakeResponse {
  return { status: 404, body: { error: { message: 'Not Found', code: 2100 } } };
}

/** PagerDuty's 429, with its rate-limit headers. */
function rateLimited(resetSeconds: number): FakeResponse {
  return {
    status: 429,
    body: { error: { message: 'Rate Limit Exceeded', code: 2020 } },
    headers: {
      'ratelimit-limit': '960',
      'ratelimit-remaining': '0',
      'ratelimit-reset': String(resetSeconds),
    },
  };
}
