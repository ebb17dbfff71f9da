import { ImportPlanObject } from '@lookout/plugin-incidents-common';
import { mapOverride } from './mapOverride';
import { MappedOverride, MappedSchedule, Stretch } from './types';
import { coveredMinutes, WeekWindow } from './weekWindows';

// The steps every vendor's schedule mapping takes the same way: the skeleton of a mapped
// schedule, layer names, rotations on call at once, and overrides.

/** Who a vendor's ids are in Lookout, as a schedule mapping asks. */
export interface SchedulePeople {
  /** The owning Group, when a team or policy gives one. */
  owner?: string;
  /** The User entity of a vendor user id, when the catalog has one. */
  userRef: (id: string) => string | undefined;
  /** How to name a vendor user id in a reason. */
  email: (id: string) => string;
  /** Who to compare: the User entity, or the vendor id when the catalog has none. */
  person: (id: string) => string;
}

/** A mapped schedule with nothing imported yet, and how to skip it with a reason. */
export function scheduleBase(
  vendorId: string,
  name: string,
  vendorRendering: Stretch[],
) {
  const base = {
    vendorId,
    name,
    notExact: [] as string[],
    overrides: [] as MappedOverride[],
    skippedOverrides: [] as ImportPlanObject[],
    vendorRendering,
  };
  const skip = (reason: string): MappedSchedule => ({
    ...base,
    skipReason: reason,
  });
  return { base, skip };
}

/** A layer name not used before in the schedule (Lookout's names are unique and ≤ 100). */
export function uniqueName(
  names: Set<string>,
  wanted: string | undefined,
  fallback: string,
  index: number,
): string {
  let name = (wanted || fallback).slice(0, 90);
  while (names.has(name)) name = `${name} (${index + 1})`;
  names.add(name);
  return name;
}

/**
 * Rotations the vendor has on call at the same minute of the week and at the same time (both
 * have started and neither has ended): Lookout lets the later layer win there.
 */
export function overlapNotes(
  rotations: Array<{
    name: string;
    /** Empty: the whole week. */
    windows: WeekWindow[];
    start?: number;
    end?: number;
  }>,
  vendor: string,
  kind = 'rotations',
): string[] {
  const notes: string[] = [];
  const covers = rotations.map(r =>
    r.windows.length
      ? coveredMinutes(r.windows)
      : new Uint8Array(7 * 24 * 60).fill(1),
  );
  for (let i = 0; i < rotations.length; i++) {
    for (let j = i + 1; j < rotations.length; j++) {
      const [a, b] = [rotations[i], rotations[j]];
      const together =
        (a.start ?? -Infinity) < (b.end ?? Infinity) &&
        (b.start ?? -Infinity) < (a.end ?? Infinity);
      if (together && covers[i].some((c, m) => c && covers[j][m])) {
        notes.push(
          `${kind} "${a.name}" and "${b.name}" overlap: ${vendor} has both on call at once, in Lookout the later layer wins`,
        );
      }
    }
  }
  return notes;
}

/** A vendor override, read: who takes over (a Lookout ref, or who it is when not found). */
export interface VendorOverride {
  vendorId: string;
  start: string;
  end: string;
  userRef?: string;
  /** Who the vendor names, for the reason when `userRef` is missing. */
  who: string;
  /** Something about it Lookout cannot repeat, said when it is imported. */
  note?: string;
}

/**
 * The vendor's overrides still to come, earliest first, as Lookout overrides; those that name
 * nobody in the catalog or overlap one already taken are skipped, each with its reason, and
 * every skip or note is added to the schedule's `notExact`.
 */
export function mapOverrides(
  scheduleName: string,
  overrides: VendorOverride[],
  now: number,
  notExact: string[],
): { overrides: MappedOverride[]; skipped: ImportPlanObject[] } {
  const mapped: MappedOverride[] = [];
  const skipped: ImportPlanObject[] = [];
  const sorted = [...overrides].sort(
    (a, b) => Date.parse(a.start) - Date.parse(b.start),
  );
  for (const o of sorted) {
    if (Date.parse(o.end) <= now) continue;
    const skip = (reason: string) => {
      skipped.push({
        kind: 'override',
        vendorId: o.vendorId,
        name: `${scheduleName}: ${o.start} → ${o.end}`,
        action: 'skip',
        reason,
        exact: false,
        notExact: [],
      });
      notExact.push(`override ${o.vendorId} is not imported: ${reason}`);
    };
    if (!o.userRef) {
      skip(`${o.who} is not a User in the catalog`);
      continue;
    }
    if (o.note) notExact.push(o.note);
    const clash = mapOverride(mapped, {
      vendorId: o.vendorId,
      userRef: o.userRef,
      startsAt: new Date(o.start).toISOString(),
      endsAt: new Date(o.end).toISOString(),
    });
    if (clash) skip(clash);
  }
  return { overrides: mapped, skipped };
}
