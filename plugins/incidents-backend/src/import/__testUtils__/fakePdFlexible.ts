import { FakeRequest, FakeResponse, offsetPage, wallClock } from './fakeHttp';

// PagerDuty's v3 Schedules API (rotation-based schedules) on the fake: schedules hold
// rotations, rotations hold events that repeat by an RFC 5545 RRULE and hand occurrences to
// their members in turn (or to all at once), plus custom shifts and overrides. Written from
// the published v3 reference (go-pagerduty's schedule_v3 client and the pagerduty_schedulev2
// Terraform resource); the rendering below walks the recurrence occurrence by occurrence and
// shares nothing with the importer's mapping onto layers.

export interface FakePdEventSpec {
  id: string;
  name: string;
  /** The first occurrence (DTSTART) and its end, instants. */
  start: string;
  end: string;
  /** The zone the recurrence keeps its wall clock in; the schedule's when absent. */
  time_zone?: string;
  effective_since: string;
  effective_until?: string;
  recurrence: string[];
  /** every_member_assignment_strategy: all members on at once. */
  every?: boolean;
  shifts_per_member?: number;
  /** User ids in turn order; null is an empty_member (nobody on that turn). */
  members: Array<string | null>;
}

export interface FakePdFlexibleSchedule {
  id: string;
  name: string;
  time_zone: string;
  teams?: string[];
  rotations: Array<{ id: string; events: FakePdEventSpec[] }>;
  custom_shifts?: Array<{
    id: string;
    start: string;
    end: string;
    users: string[];
  }>;
  overrides?: Array<{
    id: string;
    rotation_id?: string;
    custom_shift_id?: string;
    start: string;
    end: string;
    overridden: string;
    overriding: string;
  }>;
}

interface Assignment {
  start: number;
  end: number;
  user: string;
  source: { type: string; rotation_id?: string; shift_id?: string };
}

const DAY = 86_400_000;
const DAYS: Record<string, number> = {
  MO: 0,
  TU: 1,
  WE: 2,
  TH: 3,
  FR: 4,
  SA: 5,
  SU: 6,
};

/** The instant a wall-clock reading in `zone` names (the later one in a repeated hour). */
function instantOf(zone: string, wall: number): number {
  const guess = wall - (wallClock(zone, wall) - wall);
  return wall - (wallClock(zone, guess) - guess);
}

const ical = (v: string) =>
  Date.parse(
    v.replace(
      /^(\d{4})(\d{2})(\d{2})T?(\d{2})?(\d{2})?(\d{2})?Z?$/,
      (_, y, mo, d, h = '00', mi = '00', s = '00') =>
        `${y}-${mo}-${d}T${h}:${mi}:${s}Z`,
    ),
  );

/** Every occurrence of the event starting before `until`, numbered in order. */
function occurrences(event: FakePdEventSpec, zone: string, until: number) {
  const rrule = event.recurrence.find(l => l.startsWith('RRULE:'));
  if (!rrule) return [];
  const rule = Object.fromEntries(
    rrule
      .slice(6)
      .split(';')
      .map(p => p.split('=')),
  ) as Record<string, string>;
  const listed = (prefix: string) =>
    event.recurrence
      .filter(l => l.startsWith(prefix))
      .flatMap(l => l.slice(l.indexOf(':') + 1).split(','))
      .map(ical);
  const excluded = new Set(listed('EXDATE'));
  const added = listed('RDATE');
  const firstStart = Date.parse(event.start);
  const startWall = wallClock(zone, firstStart);
  const length = wallClock(zone, Date.parse(event.end)) - startWall;
  const startDay = Math.floor(startWall / DAY);
  const timeOfDay = startWall - startDay * DAY;
  const weekday = (day: number) => (((day + 3) % 7) + 7) % 7; // 0 = Monday
  let days = [0, 1, 2, 3, 4, 5, 6];
  if (rule.BYDAY) days = rule.BYDAY.split(',').map(d => DAYS[d]);
  else if (rule.FREQ === 'WEEKLY') days = [weekday(startDay)];
  const interval = Number(rule.INTERVAL ?? 1);
  const untilRule = rule.UNTIL ? ical(rule.UNTIL) : Infinity;
  const count = rule.COUNT ? Number(rule.COUNT) : Infinity;
  const starts: number[] = [];
  for (let day = startDay; ; day++) {
    const start = instantOf(zone, day * DAY + timeOfDay);
    if (start >= until || start > untilRule || starts.length >= count) break;
    const step =
      rule.FREQ === 'WEEKLY'
        ? Math.floor((day - weekday(day) - (startDay - weekday(startDay))) / 7)
        : day - startDay;
    if (step % interval === 0 && days.includes(weekday(day))) {
      starts.push(start);
    }
  }
  return [...starts.filter(s => !excluded.has(s)), ...added]
    .filter(s => s < until)
    .sort((a, b) => a - b)
    .map((start, index) => ({
      index,
      start,
      end: instantOf(zone, wallClock(zone, start) + length),
    }));
}

/** Who the schedule has on call over `[since, until)`: everyone each source names, at once. */
export function renderFlexible(
  schedule: FakePdFlexibleSchedule,
  since: number,
  until: number,
): Assignment[] {
  let all: Assignment[] = [];
  for (const rotation of schedule.rotations) {
    for (const event of rotation.events) {
      const zone = event.time_zone ?? schedule.time_zone;
      const from = Date.parse(event.effective_since);
      const to = event.effective_until
        ? Date.parse(event.effective_until)
        : Infinity;
      const perMember = event.shifts_per_member ?? 1;
      for (const o of occurrences(event, zone, Math.min(until, to))) {
        const members = event.every
          ? event.members
          : [
              event.members[
                Math.floor(o.index / perMember) % event.members.length
              ],
            ];
        for (const user of members) {
          const start = Math.max(o.start, from);
          const end = Math.min(o.end, to);
          if (user && start < end) {
            all.push({
              start,
              end,
              user,
              source: { type: 'schedule_rotation', rotation_id: rotation.id },
            });
          }
        }
      }
    }
  }
  for (const shift of schedule.custom_shifts ?? []) {
    for (const user of shift.users) {
      all.push({
        start: Date.parse(shift.start),
        end: Date.parse(shift.end),
        user,
        source: { type: 'custom_shift', shift_id: shift.id },
      });
    }
  }
  // an override hands the overridden member's part of its rotation or shift to another
  for (const o of schedule.overrides ?? []) {
    const [s, e] = [Date.parse(o.start), Date.parse(o.end)];
    const next: Assignment[] = [];
    for (const a of all) {
      const hit =
        a.user === o.overridden &&
        (a.source.rotation_id === o.rotation_id ||
          a.source.shift_id === o.custom_shift_id) &&
        a.start < e &&
        a.end > s;
      if (!hit) {
        next.push(a);
        continue;
      }
      if (a.start < s) next.push({ ...a, end: s });
      next.push({
        ...a,
        start: Math.max(a.start, s),
        end: Math.min(a.end, e),
        user: o.overriding,
      });
      if (a.end > e) next.push({ ...a, start: e });
    }
    all = next;
  }
  return all
    .filter(a => a.end > since && a.start < until)
    .map(a => ({
      ...a,
      start: Math.max(a.start, since),
      end: Math.min(a.end, until),
    }))
    .sort((a, b) => a.start - b.start || a.user.localeCompare(b.user));
}

const iso = (t: number) => new Date(t).toISOString();
const member = (id: string | null) =>
  id ? { type: 'user_member', user_id: id } : { type: 'empty_member' };

/** PagerDuty's error body. */
export function pdError(
  status: number,
  message: string,
  errors: string[] = [],
): FakeResponse {
  return { status, body: { error: { code: 2001, message, errors } } };
}

/** The v3 routes; undefined for a path that is not one of them. */
export function handleFlexible(
  schedules: FakePdFlexibleSchedule[] | undefined,
  request: FakeRequest,
): FakeResponse | undefined {
  if (!schedules) return pdError(404, 'Not Found');
  if (request.headers['x-early-access'] !== 'flexible-schedules-early-access') {
    return pdError(400, 'Invalid Input Provided', [
      'X-Early-Access: flexible-schedules-early-access is required',
    ]);
  }
  if (request.path === '/v3/schedules') {
    return offsetPage(
      'schedules',
      schedules.map(s => ({
        id: s.id,
        type: 'schedule_reference',
        summary: s.name,
      })),
      request.query,
    );
  }
  const match = request.path.match(
    /^\/v3\/schedules\/([^/]+)(?:\/(custom_shifts|overrides))?$/,
  );
  if (!match) return undefined;
  const found = schedules.find(s => s.id === decodeURIComponent(match[1]));
  if (!found) return pdError(404, 'Not Found');
  const since = Date.parse(request.query.get('since') ?? '');
  const until = Date.parse(request.query.get('until') ?? '');
  const ranged = Number.isFinite(since) && Number.isFinite(until);
  const within = (x: { start: string; end: string }) =>
    Date.parse(x.end) > since && Date.parse(x.start) < until;
  if (match[2] && !ranged) {
    return pdError(400, 'Invalid Input Provided', [
      'since and until are required',
    ]);
  }
  if (match[2] === 'custom_shifts') {
    const shifts = (found.custom_shifts ?? []).filter(within).map(c => ({
      id: c.id,
      type: 'custom_shift',
      start_time: c.start,
      end_time: c.end,
      assignments: c.users.map((u, i) => ({
        id: `${c.id}-A${i + 1}`,
        type: 'shift_assignment',
        member: member(u),
      })),
    }));
    return offsetPage('custom_shifts', shifts, request.query);
  }
  if (match[2] === 'overrides') {
    const overrides = (found.overrides ?? []).filter(within).map(o => ({
      id: o.id,
      type: 'override_shift',
      ...(o.rotation_id ? { rotation_id: o.rotation_id } : {}),
      ...(o.custom_shift_id ? { custom_shift_id: o.custom_shift_id } : {}),
      start_time: o.start,
      end_time: o.end,
      overridden_member: member(o.overridden),
      overriding_member: member(o.overriding),
    }));
    return offsetPage('overrides', overrides, request.query);
  }
  const final =
    ranged && request.query.getAll('include[]').includes('final_schedule');
  return {
    status: 200,
    body: {
      schedule: {
        id: found.id,
        type: 'schedule',
        name: found.name,
        time_zone: found.time_zone,
        teams: (found.teams ?? []).map(id => ({ id, type: 'team_reference' })),
        rotations: found.rotations.map(r => ({
          id: r.id,
          type: 'rotation',
          events: r.events.map(e => ({
            id: e.id,
            type: 'schedule_event',
            name: e.name,
            start_time: {
              date_time: e.start,
              time_zone: e.time_zone ?? found.time_zone,
            },
            end_time: {
              date_time: e.end,
              time_zone: e.time_zone ?? found.time_zone,
            },
            effective_since: e.effective_since,
            effective_until: e.effective_until ?? null,
            recurrence: e.recurrence,
            assignment_strategy: e.every
              ? {
                  type: 'every_member_assignment_strategy',
                  members: e.members.map(member),
                }
              : {
                  type: 'rotating_member_assignment_strategy',
                  shifts_per_member: e.shifts_per_member ?? 1,
                  members: e.members.map(member),
                },
          })),
        })),
        ...(final
          ? {
              final_schedule: {
                type: 'final_schedule',
                computed_shift_assignments: renderFlexible(
                  found,
                  since,
                  until,
                ).map(a => ({
                  type: 'computed_shift_assignment',
                  start_time: iso(a.start),
                  end_time: iso(a.end),
                  member: member(a.user),
                  source: a.source,
                })),
              },
            }
          : {}),
      },
    },
  };
}
