import {
  ImportPlanObject,
  ScheduleInput,
} from '@lookout/plugin-incidents-common';
import { renderMapped } from '../ImportPlanner';
import {
  mapOverrides,
  overlapNotes,
  scheduleBase,
  uniqueName,
  VendorOverride,
  SchedulePeople,
} from '../scheduleMapping';
import { MappedSchedule, Stretch, Window } from '../types';
import { EventLayer, eventLayers } from './eventLayers';
import {
  PdCustomShift,
  PdFlexibleOverride,
  PdFlexibleSchedule,
  PdMember,
} from './flexibleTypes';

const MAX_LAYERS = 10;

/**
 * A rotation-based (v3) PagerDuty schedule as a Lookout schedule: each event of each rotation
 * becomes one layer or one per weekday ({@link eventLayers}), custom shifts and overrides
 * become Lookout overrides. PagerDuty has everyone its rotations and custom shifts name on call
 * at once; Lookout has one person, so wherever two would be on together the plan says so.
 */
export function mapFlexibleSchedule(
  schedule: PdFlexibleSchedule,
  customShifts: PdCustomShift[],
  overrides: PdFlexibleOverride[],
  options: SchedulePeople & { window: Window },
): MappedSchedule {
  const now = options.window.from;
  const userOf = (m: PdMember) =>
    m.type === 'user_member' && m.user_id ? m.user_id : undefined;
  const vendorRendering: Stretch[] = (
    schedule.final_schedule?.computed_shift_assignments ?? []
  ).flatMap(a => {
    const id = userOf(a.member);
    return id
      ? [
          {
            start: Date.parse(a.start_time),
            end: Date.parse(a.end_time),
            who: options.person(id),
          },
        ]
      : [];
  });
  const { base, skip } = scheduleBase(
    schedule.id,
    schedule.name,
    vendorRendering,
  );
  if (!options.owner) {
    return skip(
      'no team of the schedule maps to a Group and no default owner was given',
    );
  }
  const events = schedule.rotations.flatMap((rotation, r) =>
    (rotation.events ?? [])
      .filter(e => !e.effective_until || Date.parse(e.effective_until) > now)
      .map(event => ({ event, rotation: r })),
  );
  if (events.length === 0)
    return skip('no rotation has an event that has not ended');
  const missing = new Set<string>();
  for (const { event } of events) {
    for (const m of event.assignment_strategy.members) {
      const id = userOf(m);
      if (id && !options.userRef(id)) missing.add(options.email(id));
    }
  }
  if (missing.size > 0) {
    return skip(`members not in the catalog: ${[...missing].join(', ')}`);
  }

  const notExact: string[] = [];
  const names = new Set<string>();
  const made: Array<EventLayer & { start: number; end?: number }> = [];
  events.forEach(({ event, rotation }, index) => {
    const name = uniqueName(
      names,
      event.name,
      `Rotation ${rotation + 1}`,
      index,
    );
    const mapped = eventLayers(event, {
      name,
      zone: schedule.time_zone,
      members: event.assignment_strategy.members.map(m => {
        const id = userOf(m);
        return id ? options.userRef(id) : undefined;
      }),
      now,
    });
    notExact.push(...mapped.notExact);
    for (const l of mapped.layers) {
      names.add(l.layer.name);
      made.push({
        ...l,
        start: Date.parse(l.layer.startsAt),
        ...(l.layer.endsAt ? { end: Date.parse(l.layer.endsAt) } : {}),
      });
    }
  });
  if (made.length === 0)
    return skip('none of its events can be a Lookout layer');
  if (made.length > MAX_LAYERS) {
    return skip(
      `its events need ${made.length} layers; a Lookout schedule holds at most ${MAX_LAYERS}`,
    );
  }
  notExact.push(
    ...overlapNotes(
      made.map(m => ({ ...m, name: m.layer.name })),
      'PagerDuty',
      'events',
    ),
  );
  const input: ScheduleInput = {
    name: schedule.name,
    ownerRef: options.owner,
    timeZone: schedule.time_zone,
    layers: made.map(m => m.layer),
  };

  // who the layers have on, to tell where a custom shift or an override is not Lookout's
  const layered = renderMapped(input, [], options.window);
  const during = (start: string, end: string) => {
    const [s, e] = [Date.parse(start), Date.parse(end)];
    return layered
      .filter(x => x.end > s && x.start < e)
      .map(x => ({
        ...x,
        start: Math.max(x.start, s),
        end: Math.min(x.end, e),
      }));
  };
  const skippedShifts: ImportPlanObject[] = [];
  const vendorOverrides: VendorOverride[] = [];
  for (const shift of customShifts) {
    const people = shift.assignments.map(a => userOf(a.member)).filter(Boolean);
    if (people.length !== 1) {
      const reason = `custom shift with ${people.length} people; a Lookout override holds one`;
      skippedShifts.push({
        kind: 'override',
        vendorId: shift.id,
        name: `${schedule.name}: ${shift.start_time} → ${shift.end_time}`,
        action: 'skip',
        reason,
        exact: false,
        notExact: [],
      });
      notExact.push(`custom shift ${shift.id} is not imported: ${reason}`);
      continue;
    }
    const busy = during(shift.start_time, shift.end_time);
    vendorOverrides.push({
      vendorId: shift.id,
      start: shift.start_time,
      end: shift.end_time,
      userRef: options.userRef(people[0]!),
      who: options.email(people[0]!),
      ...(busy.length > 0
        ? {
            note: `custom shift ${shift.id} falls while ${busy[0].who} is on call: PagerDuty has both on call, Lookout only the custom shift's person`,
          }
        : {}),
    });
  }
  for (const o of overrides) {
    const overriding = userOf(o.overriding_member);
    const overridden = userOf(o.overridden_member);
    const replaced = overridden ? options.userRef(overridden) : undefined;
    const covered = during(o.start_time, o.end_time);
    const whole =
      covered.every(x => x.who === replaced) &&
      covered.reduce((sum, x) => sum + x.end - x.start, 0) ===
        Date.parse(o.end_time) - Date.parse(o.start_time);
    vendorOverrides.push({
      vendorId: o.id,
      start: o.start_time,
      end: o.end_time,
      userRef: overriding ? options.userRef(overriding) : undefined,
      who: overriding ? options.email(overriding) : 'nobody',
      ...(whole || o.custom_shift_id
        ? {}
        : {
            note: `override ${o.id}: PagerDuty replaces ${
              replaced ?? 'nobody'
            } only while they are on rotation ${
              o.rotation_id
            }; in Lookout it decides over all of it`,
          }),
    });
  }
  const mapped = mapOverrides(schedule.name, vendorOverrides, now, notExact);
  return {
    ...base,
    input,
    notExact,
    overrides: mapped.overrides,
    skippedOverrides: [...skippedShifts, ...mapped.skipped],
  };
}
