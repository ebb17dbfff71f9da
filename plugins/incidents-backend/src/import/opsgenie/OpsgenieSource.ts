import { ScheduleLayer } from '@lookout/plugin-incidents-common';
import { OPSGENIE_TEAM_ANNOTATION } from '../CatalogDirectory';
import { rotationLayer } from '../rotationLayer';
import {
  MappedSchedule,
  MappingContext,
  Stretch,
  VendorMapping,
  VendorSource,
} from '../types';
import { WeekWindow } from '../weekWindows';
import {
  mapOverrides,
  overlapNotes,
  scheduleBase,
  uniqueName,
} from '../scheduleMapping';
import {
  OgOverride,
  OgRotation,
  OgSchedule,
  OgTimeline,
  OpsgenieClient,
} from './OpsgenieClient';
import { mapEscalation } from './mapEscalation';

const DAYS = [
  'monday',
  'tuesday',
  'wednesday',
  'thursday',
  'friday',
  'saturday',
  'sunday',
];
const DAY_MINUTES = 1440;
const WEEK_MINUTES = 7 * DAY_MINUTES;
const MAX_LAYERS = 10;

/** An Opsgenie rotation's time restriction as minutes of the week. */
export function ogWindows(rotation: OgRotation): WeekWindow[] {
  const restriction = rotation.timeRestriction;
  if (!restriction) return [];
  if (restriction.type === 'time-of-day') {
    const r = restriction.restriction;
    const start = r.startHour * 60 + r.startMin;
    const end = r.endHour * 60 + r.endMin;
    const minutes = (end - start + DAY_MINUTES) % DAY_MINUTES || DAY_MINUTES;
    return DAYS.map((_, day) => ({
      start: day * DAY_MINUTES + start,
      minutes,
    }));
  }
  return restriction.restrictions.map(r => {
    const start =
      DAYS.indexOf(r.startDay.toLowerCase()) * DAY_MINUTES +
      r.startHour * 60 +
      r.startMin;
    const end =
      DAYS.indexOf(r.endDay.toLowerCase()) * DAY_MINUTES +
      r.endHour * 60 +
      r.endMin;
    return {
      start,
      minutes: (end - start + WEEK_MINUTES) % WEEK_MINUTES || WEEK_MINUTES,
    };
  });
}

const TURN_SECONDS = { hourly: 3600, daily: 86_400, weekly: 604_800 };

/**
 * Opsgenie users, teams, schedules (rotations, overrides and the final timeline) and
 * escalations, read through the API and mapped onto the catalog and Lookout's model; what
 * Lookout cannot say exactly is named in `notExact`.
 */
export class OpsgenieSource implements VendorSource {
  constructor(
    private readonly client: OpsgenieClient,
    private readonly apiUrl: string,
  ) {}

  async load(context: MappingContext): Promise<VendorMapping> {
    const { client } = this;
    const weeks = Math.round(
      (context.window.to - context.window.from) / (7 * 86_400_000),
    );
    // everything is read before anything is mapped: a refused key or an outage writes nothing
    const users = await client.users();
    const teams = await client.teams();
    const escalations = await client.escalations();
    const schedules: Array<{
      schedule: OgSchedule;
      timeline: OgTimeline;
      overrides: OgOverride[];
    }> = [];
    for (const schedule of await client.schedules()) {
      schedules.push({
        schedule,
        timeline: await client.timeline(
          schedule.id,
          new Date(context.window.from),
          weeks,
        ),
        overrides: await client.overrides(schedule.id),
      });
    }

    const people = context.catalog.matchUsers(
      users.map(u => ({ id: u.id, email: u.username, label: u.username })),
    );
    const teamsMatched = context.catalog.matchTeams(
      teams,
      OPSGENIE_TEAM_ANNOTATION,
      team => team.name,
    );
    const directory = [...people.entries, ...teamsMatched.entries];
    const { refs: userRefs, emails } = people;
    const groupRefs = teamsMatched.refs;
    const owner = (team?: { id: string }) =>
      (team && groupRefs.get(team.id)) ?? context.defaultOwnerRef;
    const person = (id?: string) =>
      (id && userRefs.get(id)) ?? `opsgenie:${id ?? 'unknown'}`;

    return {
      vendor: 'opsgenie',
      apiUrl: this.apiUrl,
      directory,
      schedules: schedules.map(s =>
        mapSchedule(s.schedule, s.timeline, s.overrides, {
          owner: owner(s.schedule.ownerTeam),
          userRef: id => (id ? userRefs.get(id) : undefined),
          email: id => emails.get(id ?? '') ?? id ?? 'unknown',
          person,
          now: context.window.from,
        }),
      ),
      policies: escalations.map(e =>
        mapEscalation(e, owner(e.ownerTeam), {
          userRef: id => userRefs.get(id),
          groupRef: id => groupRefs.get(id),
          email: id => emails.get(id) ?? id,
        }),
      ),
    };
  }
}

function mapSchedule(
  schedule: OgSchedule,
  timeline: OgTimeline,
  overrides: OgOverride[],
  options: {
    owner?: string;
    userRef: (id?: string) => string | undefined;
    email: (id?: string) => string;
    person: (id?: string) => string;
    now: number;
  },
): MappedSchedule {
  const vendorRendering: Stretch[] = timeline.finalTimeline.rotations.flatMap(
    rotation =>
      (rotation.periods ?? [])
        .filter(p => p.recipient && p.recipient.type === 'user')
        .map(p => ({
          start: Date.parse(p.startDate),
          end: Date.parse(p.endDate),
          who: options.person(p.recipient!.id),
        })),
  );
  const { base, skip } = scheduleBase(
    schedule.id,
    schedule.name,
    vendorRendering,
  );
  if (schedule.enabled === false) return skip('disabled in Opsgenie');
  if (!options.owner) {
    return skip(
      'its owner team maps to no Group and no default owner was given',
    );
  }
  const live = (schedule.rotations ?? []).filter(
    r => !r.endDate || Date.parse(r.endDate) > options.now,
  );
  if (live.length === 0) return skip('it has no rotation that has not ended');
  if (live.length > MAX_LAYERS) {
    return skip(
      `${live.length} rotations; a Lookout schedule holds at most ${MAX_LAYERS} layers`,
    );
  }
  const missing = new Set<string>();
  for (const rotation of live) {
    for (const p of rotation.participants) {
      if (p.type === 'user' && !options.userRef(p.id)) {
        missing.add(p.username ?? options.email(p.id));
      }
    }
  }
  if (missing.size > 0) {
    return skip(`participants not in the catalog: ${[...missing].join(', ')}`);
  }
  const notExact: string[] = [];
  // rotations that share a minute of the week put two people on call at once in Opsgenie
  notExact.push(
    ...overlapNotes(
      live.map(r => ({ name: r.name, windows: ogWindows(r) })),
      'Opsgenie',
    ),
  );
  const names = new Set<string>();
  const layers: ScheduleLayer[] = [];
  for (const [index, rotation] of live.entries()) {
    const name = uniqueName(
      names,
      rotation.name,
      `Rotation ${index + 1}`,
      index,
    );
    const others = rotation.participants.filter(p => p.type !== 'user');
    if (others.length > 0) {
      notExact.push(
        `${name}: ${others
          .map(p =>
            p.type === 'none'
              ? 'a turn with nobody'
              : `${p.type} ${p.name ?? p.id}`,
          )
          .join(
            ', ',
          )} cannot take a turn in Lookout, where members are users; left out`,
      );
    }
    const members = rotation.participants
      .filter(p => p.type === 'user')
      .map(p => options.userRef(p.id)!);
    if (members.length === 0) {
      return skip(`${name} has no user participants`);
    }
    const mapped = rotationLayer({
      name,
      zone: schedule.timezone,
      start: rotation.startDate,
      ...(rotation.endDate ? { end: rotation.endDate } : {}),
      anchor: rotation.startDate,
      lengthSeconds: TURN_SECONDS[rotation.type] * (rotation.length ?? 1),
      members,
      windows: ogWindows(rotation),
    });
    notExact.push(...mapped.notExact);
    layers.push(mapped.layer);
  }

  const mapped = mapOverrides(
    schedule.name,
    overrides.map(o => {
      const partial =
        o.rotations &&
        o.rotations.length > 0 &&
        live.some(r => !o.rotations!.some(x => x.id === r.id));
      return {
        vendorId: o.alias,
        start: o.startDate,
        end: o.endDate,
        userRef:
          o.user.type === 'user' ? options.userRef(o.user.id) : undefined,
        who: o.user.username ?? o.user.id ?? 'nobody',
        ...(partial
          ? {
              note: `override ${o.alias} covers only some rotations in Opsgenie; in Lookout it decides over every layer`,
            }
          : {}),
      };
    }),
    options.now,
    notExact,
  );
  return {
    ...base,
    input: {
      name: schedule.name,
      ownerRef: options.owner,
      timeZone: schedule.timezone,
      layers,
    },
    notExact,
    overrides: mapped.overrides,
    skippedOverrides: mapped.skipped,
  };
}
