import { directoryEntry, PAGERDUTY_TEAM_ANNOTATION } from '../CatalogDirectory';
import {
  Firing,
  MappedPolicy,
  MappingContext,
  PlannedTarget,
  VendorMapping,
  VendorSource,
} from '../types';
import { targetKey } from '../escalationTiming';
import {
  PagerDutyClient,
  PdEscalationPolicy,
  PdOverride,
  PdReference,
  PdSchedule,
} from './PagerDutyClient';
import {
  PdCustomShift,
  PdFlexibleOverride,
  PdFlexibleSchedule,
} from './flexibleTypes';
import { mapFlexibleSchedule } from './mapFlexibleSchedule';
import { mapLayeredSchedule } from './mapLayeredSchedule';

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
    // rotation-based schedules live in the v3 Schedules API
    const flexible: Array<{
      schedule: PdFlexibleSchedule;
      customShifts: PdCustomShift[];
      overrides: PdFlexibleOverride[];
    }> = [];
    for (const id of await client.flexibleScheduleIds()) {
      flexible.push({
        schedule: await client.flexibleSchedule(id, since, until),
        customShifts: await client.customShifts(id, since, until),
        overrides: await client.flexibleOverrides(id, since, until),
      });
    }

    const people = context.catalog.matchUsers(
      users.map(u => ({ ...u, label: `${u.name} <${u.email}>` })),
    );
    const teamsMatched = context.catalog.matchTeams(
      teams,
      PAGERDUTY_TEAM_ANNOTATION,
      team => team.id,
    );
    const directory = [...people.entries, ...teamsMatched.entries];
    const { refs: userRefs, emails: userEmails } = people;
    const groupRefs = teamsMatched.refs;
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
      const object = directoryEntry(
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
    const ownerOf = (schedule: { id: string; teams?: PdReference[] }) =>
      schedule.teams?.map(t => groupRefs.get(t.id)).find(Boolean) ??
      scheduleOwners.get(schedule.id) ??
      context.defaultOwnerRef;
    const who = {
      userRef: (id: string) => userRefs.get(id),
      email: (id: string) => userEmails.get(id) ?? id,
      person,
    };
    const mappedSchedules = [
      ...schedules.map(({ schedule, overrides }) =>
        mapLayeredSchedule(schedule, overrides, {
          ...who,
          owner: ownerOf(schedule),
          now: context.window.from,
        }),
      ),
      ...flexible.map(({ schedule, customShifts, overrides }) =>
        mapFlexibleSchedule(schedule, customShifts, overrides, {
          ...who,
          owner: ownerOf(schedule),
          window: context.window,
        }),
      ),
    ];
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
