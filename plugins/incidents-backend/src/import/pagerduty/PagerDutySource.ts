import {
  ImportPlanObject,
  ScheduleLayer,
} from '@lookout/plugin-incidents-common';
import { PAGERDUTY_TEAM_ANNOTATION } from '../CatalogDirectory';
import { rotationLayer } from '../rotationLayer';
import {
  Firing,
  MappedOverride,
  MappedPolicy,
  MappedSchedule,
  MappingContext,
  PlannedTarget,
  Stretch,
  VendorMapping,
  VendorSource,
} from '../types';
import { WeekWindow } from '../weekWindows';
import { targetKey } from '../escalationTiming';
import {
  PagerDutyClient,
  PdEscalationPolicy,
  PdOverride,
  PdRestriction,
  PdSchedule,
} from './PagerDutyClient';
import { mapOverride } from '../mapOverride';

const MAX_LAYERS = 10;
/** PagerDuty's own rendering is asked for and compared over this many days. */
const MINUTES_PER_DAY = 24 * 60;

/**
 * PagerDuty users, teams, services, schedules (with their future overrides and their final
 * rendering) and escalation policies, read through the API and mapped onto the catalog and
 * Lookout's model; what Lookout cannot say exactly is named in `notExact`.
 */
export class PagerDutySource implements VendorSource {
  constructor(
    private readonly client: PagerDutyClient,
    private readonly apiUrl: string,
  ) {}

  async load(context: MappingContext): Promise<VendorMapping> {
    const { client } = this;
    const since = new Date(context.window.from);
    const until = new Date(context.window.to);
    // everything is read before anything is mapped, so a refused token or a vendor outage
    // stops the run before any write
    const users = await client.users();
    const teams = await client.teams();
    const services = await client.services();
    const policies = await client.escalationPolicies();
    const schedules: Array<{ schedule: PdSchedule; overrides: PdOverride[] }> =
      [];
    for (const id of await client.scheduleIds()) {
      schedules.push({
        schedule: await client.schedule(id, since, until),
        overrides: await client.overrides(id, since, until),
      });
    }

    const directory: ImportPlanObject[] = [];
    const userRefs = new Map<string, string>();
    const userEmails = new Map<string, string>();
    for (const user of users) {
      userEmails.set(user.id, user.email);
      const ref = context.catalog.userByEmail(user.email);
      if (ref) userRefs.set(user.id, ref);
      directory.push(
        matched(
          'user',
          user.id,
          `${user.name} <${user.email}>`,
          ref,
          `no User entity has the e-mail ${user.email}`,
        ),
      );
    }
    const groupRefs = new Map<string, string>();
    for (const team of teams) {
      const ref = context.catalog.group({
        id: team.id,
        name: team.name,
        annotation: PAGERDUTY_TEAM_ANNOTATION,
        annotationValue: team.id,
      });
      if (ref) groupRefs.set(team.id, ref);
      directory.push(
        matched(
          'team',
          team.id,
          team.name,
          ref,
          `no Group is named "${team.name}" or has ${PAGERDUTY_TEAM_ANNOTATION}: ${team.id}`,
        ),
      );
    }
    // a policy is owned by the group that owns the services it pages, so the service's entity
    // page shows it the day of the import
    const serviceOwners = new Map<string, Set<string>>();
    for (const service of services) {
      const entity = context.catalog.service(service);
      const policyId = service.escalation_policy?.id;
      if (entity?.ownerRef && policyId) {
        const owners = serviceOwners.get(policyId) ?? new Set();
        owners.add(entity.ownerRef);
        serviceOwners.set(policyId, owners);
      }
      const object = matched(
        'service',
        service.id,
        service.name,
        entity?.entityRef,
        `no entity has pagerduty.com/service-id: ${service.id} or the name "${service.name}"`,
      );
      if (entity && !entity.ownerRef) {
        object.reason = `${entity.entityRef} has no owning group, so no escalation policy reaches it`;
      }
      directory.push(object);
    }

    const policyOwner = (policy: PdEscalationPolicy): string | undefined => {
      const owners = [...(serviceOwners.get(policy.id) ?? [])];
      if (owners.length === 1) return owners[0];
      const team = policy.teams?.map(t => groupRefs.get(t.id)).find(Boolean);
      return team ?? context.defaultOwnerRef;
    };
    // a schedule without a team belongs with the first policy that pages it
    const scheduleOwners = new Map<string, string>();
    for (const policy of policies) {
      const owner = policyOwner(policy);
      for (const rule of policy.escalation_rules) {
        for (const target of rule.targets) {
          if (
            isSchedule(target.type) &&
            owner &&
            !scheduleOwners.has(target.id)
          ) {
            scheduleOwners.set(target.id, owner);
          }
        }
      }
    }

    const person = (id: string) => userRefs.get(id) ?? `pagerduty:${id}`;
    const mappedSchedules = schedules.map(({ schedule, overrides }) => {
      const owner =
        schedule.teams?.map(t => groupRefs.get(t.id)).find(Boolean) ??
        scheduleOwners.get(schedule.id) ??
        context.defaultOwnerRef;
      return mapSchedule(schedule, overrides, {
        owner,
        userRef: id => userRefs.get(id),
        email: id => userEmails.get(id) ?? id,
        person,
        now: context.window.from,
      });
    });
    const mappedPolicies = policies.map(policy =>
      mapPolicy(
        policy,
        policyOwner(policy),
        id => userRefs.get(id),
        id => userEmails.get(id) ?? id,
      ),
    );
    return {
      vendor: 'pagerduty',
      apiUrl: this.apiUrl,
      directory,
      schedules: mappedSchedules,
      policies: mappedPolicies,
    };
  }
}

function isSchedule(type: string | undefined) {
  return type === 'schedule_reference' || type === 'schedule';
}

function matched(
  kind: ImportPlanObject['kind'],
  vendorId: string,
  name: string,
  target: string | undefined,
  missing: string,
): ImportPlanObject {
  return target
    ? {
        kind,
        vendorId,
        name,
        action: 'matched',
        target,
        exact: true,
        notExact: [],
      }
    : {
        kind,
        vendorId,
        name,
        action: 'skip',
        reason: missing,
        exact: false,
        notExact: [],
      };
}

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

function mapSchedule(
  schedule: PdSchedule,
  overrides: PdOverride[],
  options: {
    owner?: string;
    userRef: (id: string) => string | undefined;
    email: (id: string) => string;
    person: (id: string) => string;
    now: number;
  },
): MappedSchedule {
  const base = {
    vendorId: schedule.id,
    name: schedule.name,
    notExact: [] as string[],
    overrides: [] as MappedOverride[],
    skippedOverrides: [] as ImportPlanObject[],
    vendorRendering: (schedule.final_schedule?.rendered_schedule_entries ?? [])
      .filter(e => e.user)
      .map(
        (e): Stretch => ({
          start: Date.parse(e.start),
          end: Date.parse(e.end),
          who: options.person(e.user!.id),
        }),
      ),
  };
  const skip = (reason: string): MappedSchedule => ({
    ...base,
    skipReason: reason,
  });
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
    let name = (layer.name || `Layer ${index + 1}`).slice(0, 90);
    while (names.has(name)) name = `${name} (${index + 1})`;
    names.add(name);
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

  const mappedOverrides: MappedOverride[] = [];
  const skippedOverrides: ImportPlanObject[] = [];
  for (const o of [...overrides].sort(
    (a, b) => Date.parse(a.start) - Date.parse(b.start),
  )) {
    const skipOverride = (reason: string) => {
      skippedOverrides.push({
        kind: 'override',
        vendorId: o.id,
        name: `${schedule.name}: ${o.start} → ${o.end}`,
        action: 'skip',
        reason,
        exact: false,
        notExact: [],
      });
      notExact.push(`override ${o.id} is not imported: ${reason}`);
    };
    if (Date.parse(o.end) <= options.now) continue;
    const userRef = options.userRef(o.user.id);
    if (!userRef) {
      skipOverride(`${options.email(o.user.id)} is not a User in the catalog`);
      continue;
    }
    const clash = mapOverride(mappedOverrides, {
      vendorId: o.id,
      userRef,
      startsAt: new Date(o.start).toISOString(),
      endsAt: new Date(o.end).toISOString(),
    });
    if (clash) skipOverride(clash);
  }
  return {
    ...base,
    input: {
      name: schedule.name,
      ownerRef: options.owner,
      timeZone: schedule.time_zone,
      layers,
    },
    notExact,
    overrides: mappedOverrides,
    skippedOverrides,
  };
}

/** PagerDuty's firings: rule n after the delays of the rules before it; a loop after the last rule's. */
export function pdFirings(
  policy: PdEscalationPolicy,
  key: (t: { type?: string; id: string }) => string,
): Firing[] {
  const firings: Firing[] = [];
  let minute = 0;
  for (let round = 0; round <= policy.num_loops; round++) {
    for (const rule of policy.escalation_rules) {
      firings.push({ minute, targets: rule.targets.map(key).sort() });
      minute += rule.escalation_delay_in_minutes;
    }
  }
  return firings;
}

function mapPolicy(
  policy: PdEscalationPolicy,
  owner: string | undefined,
  userRef: (id: string) => string | undefined,
  email: (id: string) => string,
): MappedPolicy {
  const notExact: string[] = [];
  const target = (t: {
    type?: string;
    id: string;
  }): PlannedTarget | undefined => {
    if (isSchedule(t.type)) return { type: 'vendor_schedule', vendorId: t.id };
    const ref = userRef(t.id);
    return ref ? { type: 'user', userRef: ref } : undefined;
  };
  const vendorFirings = pdFirings(policy, t => {
    const mapped = target(t);
    return mapped ? targetKey(mapped) : `pagerduty:${t.id}`;
  });
  const base = {
    vendorId: policy.id,
    name: policy.name,
    notExact,
    vendorFirings,
  };
  if (!owner) {
    return {
      ...base,
      skipReason: 'no service, team or default owner gives it a Group',
    };
  }
  const missing = policy.escalation_rules
    .flatMap(r => r.targets)
    .filter(t => !isSchedule(t.type) && !userRef(t.id))
    .map(t => email(t.id));
  if (missing.length > 0) {
    return {
      ...base,
      skipReason: `targets not in the catalog: ${[...new Set(missing)].join(
        ', ',
      )}`,
    };
  }
  if (policy.escalation_rules.length === 0)
    return { ...base, skipReason: 'it has no rules' };
  if (policy.escalation_rules.length > 10) {
    return {
      ...base,
      skipReason: `${policy.escalation_rules.length} rules; Lookout holds 10 levels`,
    };
  }
  policy.escalation_rules.forEach((rule, i) => {
    if (rule.escalation_rule_assignment_strategy?.type === 'round_robin') {
      notExact.push(
        `rule ${i + 1} is round robin: PagerDuty pages one of its ${
          rule.targets.length
        } targets in turn, Lookout pages all of them`,
      );
    }
  });
  let repeat = policy.num_loops;
  if (repeat > 9) {
    notExact.push(`${policy.num_loops} loops; Lookout repeats at most 9 times`);
    repeat = 9;
  }
  // Lookout's level n waits its delay after level n-1; PagerDuty's rule n waits rule n-1's
  const levels = policy.escalation_rules.map((rule, i) => ({
    delayMinutes:
      i === 0
        ? 0
        : Math.min(
            1440,
            policy.escalation_rules[i - 1].escalation_delay_in_minutes,
          ),
    targets: rule.targets.map(t => target(t)!),
  }));
  return {
    ...base,
    input: { name: policy.name, ownerRef: owner, repeat, levels },
  };
}
