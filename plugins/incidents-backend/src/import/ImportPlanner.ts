import { InputError } from '@backstage/errors';
import {
  EscalationPolicy,
  ImportPlanObject,
  ScheduleInput,
} from '@lookout/plugin-incidents-common';
import { createHash } from 'node:crypto';
import { normalizeLayer } from '../oncall/normalizeLayer';
import { StoredSchedule } from '../oncall/OnCallStore';
import { scheduleShifts } from '../oncall/scheduleMath';
import { firstDifference, lookoutFirings } from './escalationTiming';
import { compareMinuteByMinute } from './fidelity';
import { ImportRecord } from './ImportStore';
import {
  MappedOverride,
  MappedPolicy,
  MappedSchedule,
  Stretch,
  VendorMapping,
  Window,
} from './types';

/** SHA-256 of an object's JSON: what a later import compares to see a vendor change. */
export function hashOf(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('hex');
}

/** What applying does to one vendor object, decided before anything is written. */
export interface ScheduleChange {
  mapped: MappedSchedule;
  object: ImportPlanObject;
  hash: string;
  record?: ImportRecord;
  overrides: OverrideChange[];
}

export interface OverrideChange {
  mapped?: MappedOverride;
  object: ImportPlanObject;
  hash: string;
  record?: ImportRecord;
}

export interface PolicyChange {
  mapped: MappedPolicy;
  object: ImportPlanObject;
  hash: string;
  record?: ImportRecord;
}

export interface PlannedImport {
  directory: ImportPlanObject[];
  schedules: ScheduleChange[];
  policies: PolicyChange[];
}

/** What Lookout holds now, as far as the plan needs it. */
export interface LookoutState {
  records: ImportRecord[];
  /** Schedules an earlier import wrote, by id, with their overrides still to come. */
  schedules: Map<string, StoredSchedule & { overrideIds: string[] }>;
  /** Every policy by name, to find the ones the import wrote and the names taken. */
  policies: EscalationPolicy[];
  /** Lookout's on-call of an existing schedule over the window. */
  render(scheduleId: string): Promise<Stretch[]>;
}

/** Lookout's on-call for a mapped schedule and its overrides, before anything is written. */
export function renderMapped(
  input: ScheduleInput,
  overrides: MappedOverride[],
  window: Window,
): Stretch[] {
  const layers = input.layers.map((layer, i) =>
    normalizeLayer(layer, input.timeZone, `layers[${i}]`),
  );
  const { final } = scheduleShifts(
    {
      id: 'planned',
      timeZone: input.timeZone,
      layers,
      overrides: overrides.map(o => ({
        id: o.vendorId,
        userRef: o.userRef,
        startsAt: o.startsAt,
        endsAt: o.endsAt,
        createdBy: 'import',
      })),
    },
    new Date(window.from),
    new Date(window.to),
  );
  return final.map(s => ({
    start: Date.parse(s.startsAt),
    end: Date.parse(s.endsAt),
    who: s.userRef,
  }));
}

/**
 * The plan: every vendor object with what it becomes. A schedule or policy an earlier import
 * wrote is updated only when the vendor changed it and nobody changed it in Lookout since (its
 * version is still the one the import left); otherwise it is left alone and the plan says why.
 * Every schedule's on-call is compared with the vendor's rendering minute by minute.
 */
export async function planImport(
  mapping: VendorMapping,
  state: LookoutState,
  window: Window,
): Promise<PlannedImport> {
  const recordOf = (kind: ImportRecord['kind'], vendorId: string) =>
    state.records.find(r => r.kind === kind && r.vendorId === vendorId);

  const schedules: ScheduleChange[] = [];
  for (const mapped of mapping.schedules) {
    const record = recordOf('schedule', mapped.vendorId);
    const existing = record && state.schedules.get(record.lookoutId);
    const hash = hashOf(mapped.input ?? null);
    const object: ImportPlanObject = {
      kind: 'schedule',
      vendorId: mapped.vendorId,
      name: mapped.name,
      action: 'create',
      exact: mapped.notExact.length === 0,
      notExact: [...mapped.notExact],
    };
    let lookoutRendering: Stretch[] | undefined;
    if (mapped.skipReason || !mapped.input) {
      Object.assign(object, { action: 'skip', reason: mapped.skipReason });
    } else if (record && !existing) {
      Object.assign(object, {
        action: 'skip',
        reason: `deleted in Lookout since the import (was ${record.lookoutId}); not created again`,
      });
    } else if (record && existing) {
      object.target = existing.id;
      if (record.sourceHash === hash) {
        object.action = 'unchanged';
        lookoutRendering = await state.render(existing.id);
      } else if (existing.version !== record.lookoutVersion) {
        Object.assign(object, {
          action: 'skip',
          reason: `edited in Lookout since the import (version ${existing.version}, imported as ${record.lookoutVersion}); the vendor's change is not applied`,
        });
        lookoutRendering = await state.render(existing.id);
      } else {
        object.action = 'update';
      }
    }
    if (mapped.input && !lookoutRendering && object.action !== 'skip') {
      try {
        lookoutRendering = renderMapped(mapped.input, mapped.overrides, window);
      } catch (error) {
        if (!(error instanceof InputError)) throw error;
        Object.assign(object, {
          action: 'skip',
          reason: `Lookout refuses the mapped schedule: ${error.message}`,
        });
      }
    }
    if (lookoutRendering) {
      object.fidelity = compareMinuteByMinute(
        mapped.vendorRendering,
        lookoutRendering,
        window,
      );
    }
    const overrides = planOverrides(mapped, object, state, recordOf);
    schedules.push({ mapped, object, hash, record, overrides });
  }

  const imported = new Map(
    schedules
      .filter(s => s.object.action !== 'skip' || s.record)
      .filter(s => !(s.record && !state.schedules.has(s.record.lookoutId)))
      .map(s => [s.mapped.vendorId, s]),
  );
  const policies: PolicyChange[] = [];
  for (const mapped of mapping.policies) {
    const record = recordOf('escalation_policy', mapped.vendorId);
    const existing =
      record && state.policies.find(p => p.id === record.lookoutId);
    const hash = hashOf(mapped.input ?? null);
    const object: ImportPlanObject = {
      kind: 'escalation_policy',
      vendorId: mapped.vendorId,
      name: mapped.name,
      action: 'create',
      exact: true,
      notExact: [...mapped.notExact],
    };
    if (mapped.input) {
      const difference = firstDifference(
        mapped.vendorFirings,
        lookoutFirings(mapped.input),
        mapping.vendor === 'pagerduty' ? 'PagerDuty' : 'Opsgenie',
      );
      if (difference) object.notExact.push(`timing: ${difference}`);
    }
    object.exact = object.notExact.length === 0;
    const missing = (mapped.input?.levels ?? [])
      .flatMap(l => l.targets)
      .flatMap(t =>
        t.type === 'vendor_schedule' && !imported.has(t.vendorId)
          ? [t.vendorId]
          : [],
      );
    const taken = state.policies.find(
      p => p.name === mapped.name && p.id !== record?.lookoutId && !p.derived,
    );
    if (mapped.skipReason || !mapped.input) {
      Object.assign(object, { action: 'skip', reason: mapped.skipReason });
    } else if (missing.length > 0) {
      Object.assign(object, {
        action: 'skip',
        reason: `it pages schedules that are not imported: ${[
          ...new Set(missing),
        ].join(', ')}`,
      });
    } else if (record && !existing) {
      Object.assign(object, {
        action: 'skip',
        reason: `deleted in Lookout since the import (was ${record.lookoutId}); not created again`,
      });
    } else if (record && existing) {
      object.target = existing.id;
      if (record.sourceHash === hash) object.action = 'unchanged';
      else if (existing.version !== record.lookoutVersion) {
        Object.assign(object, {
          action: 'skip',
          reason: `edited in Lookout since the import (version ${existing.version}, imported as ${record.lookoutVersion}); the vendor's change is not applied`,
        });
      } else object.action = 'update';
    } else if (taken) {
      Object.assign(object, {
        action: 'skip',
        reason: `a Lookout escalation policy is already named "${mapped.name}" (${taken.id})`,
      });
    }
    policies.push({ mapped, object, hash, record });
  }
  return { directory: mapping.directory, schedules, policies };
}

function planOverrides(
  mapped: MappedSchedule,
  schedule: ImportPlanObject,
  state: LookoutState,
  recordOf: (
    kind: ImportRecord['kind'],
    id: string,
  ) => ImportRecord | undefined,
): OverrideChange[] {
  const changes: OverrideChange[] = mapped.skippedOverrides.map(object => ({
    object,
    hash: '',
  }));
  const scheduleRecord = recordOf('schedule', mapped.vendorId);
  const existing =
    scheduleRecord && state.schedules.get(scheduleRecord.lookoutId);
  const writable = schedule.action === 'create' || !!existing;
  for (const o of mapped.overrides) {
    const record = recordOf('override', o.vendorId);
    const hash = hashOf(o);
    const object: ImportPlanObject = {
      kind: 'override',
      vendorId: o.vendorId,
      name: `${mapped.name}: ${o.userRef} ${o.startsAt} → ${o.endsAt}`,
      action: 'create',
      exact: true,
      notExact: [],
    };
    if (!writable) {
      Object.assign(object, {
        action: 'skip',
        reason: 'its schedule is not imported',
      });
    } else if (record && record.sourceHash === hash) {
      object.action = 'unchanged';
      object.target = record.lookoutId;
    } else if (record) {
      object.action = 'update';
      object.target = record.lookoutId;
    }
    changes.push({ mapped: o, object, hash, record });
  }
  // overrides an earlier import wrote that the vendor no longer has
  const current = new Set(mapped.overrides.map(o => o.vendorId));
  for (const record of state.records) {
    if (
      record.kind !== 'override' ||
      record.parentVendorId !== mapped.vendorId ||
      current.has(record.vendorId)
    ) {
      continue;
    }
    const live = !!existing?.overrideIds.includes(record.lookoutId);
    changes.push({
      object: {
        kind: 'override',
        vendorId: record.vendorId,
        name: `${mapped.name}: override removed in the vendor`,
        action: 'delete',
        target: record.lookoutId,
        reason: live
          ? undefined
          : 'already over or gone in Lookout; only its record is dropped',
        exact: true,
        notExact: [],
      },
      hash: '',
      record,
    });
  }
  return changes;
}
