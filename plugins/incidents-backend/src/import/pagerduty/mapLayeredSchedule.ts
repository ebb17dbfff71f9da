import { ScheduleLayer } from '@lookout/plugin-incidents-common';
import { rotationLayer } from '../rotationLayer';
import {
  mapOverrides,
  scheduleBase,
  SchedulePeople,
  uniqueName,
} from '../scheduleMapping';
import { MappedSchedule, Stretch } from '../types';
import { WeekWindow } from '../weekWindows';
import { PdOverride, PdRestriction, PdSchedule } from './PagerDutyClient';

const MAX_LAYERS = 10;
const MINUTES_PER_DAY = 24 * 60;

/** PagerDuty's restriction as minutes of the week, in the schedule's zone. */
export function pdWindows(restrictions: PdRestriction[]): {
  windows: WeekWindow[];
  notExact: string[];
} {
  const windows: WeekWindow[] = [];
  const notExact: string[] = [];
  for (const r of restrictions) {
    const [h, m, s] = r.start_time_of_day.split(':').map(Number);
    if ((s ?? 0) !== 0 || r.duration_seconds % 60 !== 0) {
      notExact.push(
        `restriction from ${r.start_time_of_day} for ${r.duration_seconds} s is not in whole minutes`,
      );
    }
    const start = h * 60 + m;
    const minutes = Math.round(r.duration_seconds / 60);
    if (r.type === 'weekly_restriction') {
      windows.push({
        start: ((r.start_day_of_week ?? 1) - 1) * MINUTES_PER_DAY + start,
        minutes,
      });
    } else {
      for (let day = 0; day < 7; day++) {
        windows.push({
          start: day * MINUTES_PER_DAY + start,
          minutes: Math.min(minutes, MINUTES_PER_DAY),
        });
      }
    }
  }
  return { windows, notExact };
}

/**
 * A layer-based PagerDuty schedule as a Lookout schedule: each live layer a layer (PagerDuty's
 * highest first becomes Lookout's last, which wins), its future overrides as overrides.
 */
export function mapLayeredSchedule(
  schedule: PdSchedule,
  overrides: PdOverride[],
  options: SchedulePeople & { now: number },
): MappedSchedule {
  const vendorRendering = (
    schedule.final_schedule?.rendered_schedule_entries ?? []
  )
    .filter(e => e.user)
    .map(
      (e): Stretch => ({
        start: Date.parse(e.start),
        end: Date.parse(e.end),
        who: options.person(e.user!.id),
      }),
    );
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
  // PagerDuty lists the highest layer first; Lookout lets the last layer win; layers that
  // ended before the window decide nothing and are left out
  const live = [...schedule.schedule_layers]
    .reverse()
    .filter(l => !l.end || Date.parse(l.end) > options.now);
  if (live.length === 0) return skip('every layer has ended');
  if (live.length > MAX_LAYERS) {
    return skip(
      `${live.length} live layers; a Lookout schedule holds at most ${MAX_LAYERS}`,
    );
  }
  const missing = new Set<string>();
  for (const layer of live) {
    for (const { user } of layer.users) {
      if (!options.userRef(user.id)) missing.add(options.email(user.id));
    }
  }
  if (missing.size > 0) {
    return skip(`members not in the catalog: ${[...missing].join(', ')}`);
  }
  const names = new Set<string>();
  const notExact: string[] = [];
  const layers: ScheduleLayer[] = live.map((layer, index) => {
    const name = uniqueName(names, layer.name, `Layer ${index + 1}`, index);
    const { windows, notExact: windowNotes } = pdWindows(
      layer.restrictions ?? [],
    );
    notExact.push(...windowNotes.map(n => `${name}: ${n}`));
    const mapped = rotationLayer({
      name,
      zone: schedule.time_zone,
      start: layer.start,
      ...(layer.end ? { end: layer.end } : {}),
      anchor: layer.rotation_virtual_start,
      lengthSeconds: layer.rotation_turn_length_seconds,
      members: layer.users.map(u => options.userRef(u.user.id)!),
      windows,
    });
    notExact.push(...mapped.notExact);
    return mapped.layer;
  });
  const mapped = mapOverrides(
    schedule.name,
    overrides.map(o => ({
      vendorId: o.id,
      start: o.start,
      end: o.end,
      userRef: options.userRef(o.user.id),
      who: options.email(o.user.id),
    })),
    options.now,
    notExact,
  );
  return {
    ...base,
    input: {
      name: schedule.name,
      ownerRef: options.owner,
      timeZone: schedule.time_zone,
      layers,
    },
    notExact,
    overrides: mapped.overrides,
    skippedOverrides: mapped.skipped,
  };
}
