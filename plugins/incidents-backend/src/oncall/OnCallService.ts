import {
  AuthService,
  BackstageCredentials,
  LoggerService,
} from '@backstage/backend-plugin-api';
import {
  Entity,
  parseEntityRef,
  RELATION_CHILD_OF,
  RELATION_HAS_MEMBER,
  RELATION_OWNED_BY,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  ANNOTATION_ESCALATION_POLICY,
  EscalationLevel,
  EscalationPolicy,
  EscalationPolicyInput,
  EscalationTarget,
  oncallManagePermission,
  OnCallPerson,
  OnCallResponse,
  ResolvedTarget,
  Schedule,
  ScheduleInput,
  ScheduleLayer,
  ScheduleOverride,
  ScheduleShiftsResponse,
} from '@lookout/plugin-incidents-common';
import { DateTime, IANAZone } from 'luxon';
import { randomUUID } from 'node:crypto';
import { entitiesByRef } from '../catalog/entitiesByRef';
import { actorRef } from '../incidents/actors';
import { normalizeRef } from '../lib/entityRefs';
import { IncidentsAuthorizer } from '../permissions/IncidentsAuthorizer';
import {
  DuplicatePolicyNameError,
  OnCallStore,
  StoredSchedule,
  UpdateResult,
} from './OnCallStore';
import { nowAndNext, parseClock, scheduleShifts } from './scheduleMath';

const DAY = 86_400_000;
/** The longest range the timeline may ask for at once. */
const MAX_RANGE_DAYS = 92;
/** How far back "now" looks for the start of the current shift, and ahead for "next". */
const LOOKBACK = 14 * DAY;
const HORIZON = 45 * DAY;
/** How deep `parent_oncall` climbs through parents whose first level is itself a parent's. */
const MAX_PARENT_DEPTH = 5;

const ENTITY_FIELDS = [
  'kind',
  'metadata.namespace',
  'metadata.name',
  'metadata.title',
  'metadata.annotations',
  'spec.owner',
  'spec.profile',
  'relations',
];

export interface NewOverride {
  userRef: string;
  startsAt: string;
  endsAt: string;
  replacesUserRef?: string;
}

/**
 * The rules of on-call: schedules and their overrides, escalation policies (stored, or derived
 * from ownership for groups without one), who is on call, and whom a policy's level reaches.
 * Reading needs only a signed-in caller; changes need `incident.oncall.manage`.
 */
export class OnCallService {
  constructor(
    private readonly options: {
      store: OnCallStore;
      catalog: CatalogService;
      auth: AuthService;
      authorizer: Pick<IncidentsAuthorizer, 'requireBasic'>;
      logger: LoggerService;
      clock?: () => Date;
      /** Minutes before a derived policy's second level pages the parent group's on-call. */
      derivedParentDelayMinutes?: number;
    },
  ) {}

  // ---- the escalation engine's entry points (service credentials, no user) ----

  /** The policy that pages for an entity: its annotation's choice, else its owner group's, else one derived from ownership. */
  async policyFor(
    target: { entityRef: string } | { groupRef: string },
  ): Promise<{ groupRef: string; policy: EscalationPolicy }> {
    return this.findPolicy(target, await this.serviceCredentials());
  }

  /** The people an escalation level's targets reach at `at` (schedules resolved, group members expanded, parent_oncall via the catalog's childOf relation of ownerGroupRef). Deduplicated by userRef, first reason kept. */
  async resolveTargets(
    ownerGroupRef: string,
    targets: EscalationTarget[],
    at: Date,
  ): Promise<ResolvedTarget[]> {
    return this.resolve(
      normalizeRef(ownerGroupRef, 'ownerGroupRef'),
      targets,
      at,
      await this.serviceCredentials(),
      new Set(),
    );
  }

  // ---- who is on call ----

  /** `GET /oncall`: now, next and the escalation path, for an entity (through its owner) or a group. */
  async onCall(
    target: { entityRef: string } | { groupRef: string },
    credentials: BackstageCredentials,
  ): Promise<OnCallResponse> {
    // the caller must be able to see what they ask about; the rest is read as the plugin
    const ref =
      'entityRef' in target
        ? normalizeRef(target.entityRef, 'entityRef')
        : toKindRef(target.groupRef, 'group', 'groupRef');
    if (!(await this.entities([ref], credentials)).get(ref)) {
      throw new NotFoundError(`Not in the catalog: ${ref}`);
    }
    const service = await this.serviceCredentials();
    const { groupRef, policy } = await this.findPolicy(
      'entityRef' in target ? { entityRef: ref } : { groupRef: ref },
      service,
    );
    const at = this.now();
    const scheduleIds = new Set(
      (await this.options.store.listSchedules({ ownerRefs: [groupRef] })).map(
        s => s.id,
      ),
    );
    for (const level of policy.levels) {
      for (const t of level.targets) {
        if (t.type === 'schedule') scheduleIds.add(t.scheduleId);
      }
    }
    const schedules = await this.loadSchedules(
      [...scheduleIds],
      new Date(at.getTime() - LOOKBACK),
      new Date(at.getTime() + HORIZON),
    );
    const onCall = schedules.map(schedule => ({
      schedule: { id: schedule.id, name: schedule.name },
      ...nowAndNext(schedule, at),
    }));
    const path = [];
    for (const [index, level] of policy.levels.entries()) {
      path.push({
        level: index + 1,
        delayMinutes: level.delayMinutes,
        targets: await this.resolve(
          groupRef,
          level.targets,
          at,
          service,
          new Set(),
        ),
      });
    }
    const userRefs = new Set<string>();
    for (const o of onCall) {
      if (o.now) userRefs.add(o.now.userRef);
      if (o.next) userRefs.add(o.next.userRef);
    }
    for (const level of path)
      level.targets.forEach(t => userRefs.add(t.userRef));
    return {
      groupRef,
      policy,
      now: onCall.map(o => ({ schedule: o.schedule, shift: o.now })),
      next: onCall.map(o => ({ schedule: o.schedule, shift: o.next })),
      path,
      people: await this.people([...userRefs], service),
    };
  }

  // ---- schedules ----

  async listSchedules(query: { ownerRef?: string }): Promise<Schedule[]> {
    const stored = await this.options.store.listSchedules({
      ownerRefs: query.ownerRef
        ? [toKindRef(query.ownerRef, 'group', 'ownerRef')]
        : undefined,
    });
    return this.withOverrides(stored, this.now());
  }

  async getSchedule(id: string): Promise<Schedule> {
    const stored = await this.options.store.getSchedule(id);
    if (!stored) throw new NotFoundError(`No schedule ${id}`);
    const [schedule] = await this.withOverrides([stored], this.now());
    return schedule;
  }

  async createSchedule(
    input: ScheduleInput,
    credentials: BackstageCredentials,
  ): Promise<Schedule> {
    await this.requireManage(credentials);
    const valid = await this.validateSchedule(input, credentials);
    const now = this.now().toISOString();
    const stored = await this.options.store.createSchedule({
      id: randomUUID(),
      ...valid,
      createdAt: now,
      updatedAt: now,
      version: 1,
    });
    return { ...stored, overrides: [] };
  }

  async updateSchedule(
    id: string,
    input: ScheduleInput & { version: number },
    credentials: BackstageCredentials,
  ): Promise<Schedule> {
    await this.requireManage(credentials);
    const valid = await this.validateSchedule(input, credentials);
    const result = await this.options.store.updateSchedule(id, input.version, {
      ...valid,
      updatedAt: this.now().toISOString(),
    });
    const [schedule] = await this.withOverrides(
      [updatedOrThrow(result, `schedule ${id}`, input.version)],
      this.now(),
    );
    return schedule;
  }

  async deleteSchedule(
    id: string,
    credentials: BackstageCredentials,
  ): Promise<void> {
    await this.requireManage(credentials);
    const users = await this.options.store.policiesUsingSchedule(id);
    if (users.length > 0) {
      throw new ConflictError(
        `Schedule ${id} is paged by escalation policies ${users
          .map(n => `"${n}"`)
          .join(', ')}; remove it from them first`,
      );
    }
    if (!(await this.options.store.deleteSchedule(id))) {
      throw new NotFoundError(`No schedule ${id}`);
    }
  }

  /** Every layer's shifts and the final on-call over `[from, to)`, for the timeline. */
  async shifts(
    id: string,
    range: { from?: string; to?: string },
  ): Promise<ScheduleShiftsResponse> {
    const from = range.from ? new Date(range.from) : this.now();
    const to = range.to
      ? new Date(range.to)
      : new Date(from.getTime() + 14 * DAY);
    if (to <= from) throw new InputError('to must be after from');
    if (to.getTime() - from.getTime() > MAX_RANGE_DAYS * DAY) {
      throw new InputError(
        `from and to may be at most ${MAX_RANGE_DAYS} days apart`,
      );
    }
    const stored = await this.options.store.getSchedule(id);
    if (!stored) throw new NotFoundError(`No schedule ${id}`);
    const [schedule] = await this.loadSchedules([stored.id], from, to, [
      stored,
    ]);
    return {
      from: from.toISOString(),
      to: to.toISOString(),
      overrides: schedule.overrides,
      ...scheduleShifts(schedule, from, to),
    };
  }

  async addOverride(
    scheduleId: string,
    request: NewOverride,
    credentials: BackstageCredentials,
  ): Promise<ScheduleOverride> {
    await this.requireManage(credentials);
    const schedule = await this.options.store.getSchedule(scheduleId);
    if (!schedule) throw new NotFoundError(`No schedule ${scheduleId}`);
    const startsAt = new Date(request.startsAt);
    const endsAt = new Date(request.endsAt);
    if (endsAt <= startsAt) {
      throw new InputError('endsAt must be after startsAt');
    }
    if (endsAt <= this.now()) {
      throw new InputError(
        'endsAt is in the past; an override must still be to come',
      );
    }
    const userRef = toKindRef(request.userRef, 'user', 'userRef');
    const replacesUserRef =
      request.replacesUserRef &&
      toKindRef(request.replacesUserRef, 'user', 'replacesUserRef');
    await this.requireKinds(
      [userRef, ...(replacesUserRef ? [replacesUserRef] : [])],
      'user',
      credentials,
    );
    const [clash] = await this.options.store.listOverrides([scheduleId], {
      from: startsAt.toISOString(),
      to: endsAt.toISOString(),
    });
    if (clash) {
      throw new InputError(
        `The override overlaps override ${clash.id} (${clash.userRef}, ${clash.startsAt} to ` +
          `${clash.endsAt}); change its times or delete that override first`,
      );
    }
    return this.options.store.addOverride(scheduleId, {
      id: randomUUID(),
      userRef,
      startsAt: startsAt.toISOString(),
      endsAt: endsAt.toISOString(),
      ...(replacesUserRef ? { replacesUserRef } : {}),
      createdBy: actorRef(credentials),
      createdAt: this.now().toISOString(),
    });
  }

  async deleteOverride(
    scheduleId: string,
    overrideId: string,
    credentials: BackstageCredentials,
  ): Promise<void> {
    await this.requireManage(credentials);
    if (!(await this.options.store.deleteOverride(scheduleId, overrideId))) {
      throw new NotFoundError(
        `No override ${overrideId} on schedule ${scheduleId}`,
      );
    }
  }

  // ---- escalation policies ----

  async listPolicies(query: {
    ownerRef?: string;
  }): Promise<EscalationPolicy[]> {
    return this.options.store.listPolicies({
      ownerRefs: query.ownerRef
        ? [toKindRef(query.ownerRef, 'group', 'ownerRef')]
        : undefined,
    });
  }

  async getPolicy(id: string): Promise<EscalationPolicy> {
    const policy = await this.options.store.getPolicy(id);
    if (!policy) throw new NotFoundError(`No escalation policy ${id}`);
    return policy;
  }

  async createPolicy(
    input: EscalationPolicyInput,
    credentials: BackstageCredentials,
  ): Promise<EscalationPolicy> {
    await this.requireManage(credentials);
    const valid = await this.validatePolicy(input, credentials);
    const now = this.now().toISOString();
    return namedUniquely(() =>
      this.options.store.createPolicy({
        id: randomUUID(),
        ...valid,
        derived: false,
        version: 1,
        createdAt: now,
        updatedAt: now,
      }),
    );
  }

  async updatePolicy(
    id: string,
    input: EscalationPolicyInput & { version: number },
    credentials: BackstageCredentials,
  ): Promise<EscalationPolicy> {
    await this.requireManage(credentials);
    const valid = await this.validatePolicy(input, credentials);
    const result = await namedUniquely(() =>
      this.options.store.updatePolicy(id, input.version, {
        ...valid,
        updatedAt: this.now().toISOString(),
      }),
    );
    return updatedOrThrow(result, `escalation policy ${id}`, input.version);
  }

  async deletePolicy(
    id: string,
    credentials: BackstageCredentials,
  ): Promise<void> {
    await this.requireManage(credentials);
    if (!(await this.options.store.deletePolicy(id))) {
      throw new NotFoundError(`No escalation policy ${id}`);
    }
  }

  // ---- internals ----

  private async findPolicy(
    target: { entityRef: string } | { groupRef: string },
    credentials: BackstageCredentials,
  ): Promise<{ groupRef: string; policy: EscalationPolicy }> {
    if ('groupRef' in target) {
      const groupRef = toKindRef(target.groupRef, 'group', 'groupRef');
      const group = (await this.entities([groupRef], credentials)).get(
        groupRef,
      );
      if (!group) throw new NotFoundError(`Not in the catalog: ${groupRef}`);
      return { groupRef, policy: await this.groupPolicy(groupRef, group) };
    }
    const entityRef = normalizeRef(target.entityRef, 'entityRef');
    const entity = (await this.entities([entityRef], credentials)).get(
      entityRef,
    );
    if (!entity) throw new NotFoundError(`Not in the catalog: ${entityRef}`);
    const chosen = entity.metadata.annotations?.[ANNOTATION_ESCALATION_POLICY];
    if (chosen) {
      const policy =
        (await this.options.store.getPolicy(chosen)) ??
        (await this.options.store.getPolicyByName(chosen));
      if (policy) return { groupRef: policy.ownerRef, policy };
      // a typo in an annotation must not leave the entity unpaged: fall back to its owner
      this.options.logger.warn(
        `${entityRef} names escalation policy "${chosen}" in ${ANNOTATION_ESCALATION_POLICY}, ` +
          `which does not exist; using its owner's`,
      );
    }
    const groupRef =
      entity.kind.toLocaleLowerCase('en-US') === 'group'
        ? entityRef
        : ownerOf(entity);
    if (!groupRef) {
      throw new NotFoundError(
        `${entityRef} has no owner, so no escalation policy applies to it`,
      );
    }
    const group = (await this.entities([groupRef], credentials)).get(groupRef);
    if (!group) {
      this.options.logger.warn(
        `${entityRef} is owned by ${groupRef}, which is not in the catalog`,
      );
    }
    return { groupRef, policy: await this.groupPolicy(groupRef, group) };
  }

  /** A group's first policy, or the one its ownership implies. */
  private async groupPolicy(
    groupRef: string,
    group: Entity | undefined,
  ): Promise<EscalationPolicy> {
    const [first] = await this.options.store.listPolicies({
      ownerRefs: [groupRef],
    });
    if (first) return first;
    const schedules = await this.options.store.listSchedules({
      ownerRefs: [groupRef],
    });
    const levels: EscalationLevel[] = [
      {
        delayMinutes: 0,
        targets:
          schedules.length > 0
            ? schedules.map(s => ({ type: 'schedule', scheduleId: s.id }))
            : [{ type: 'group_members', groupRef }],
      },
    ];
    if (group && parentOf(group)) {
      levels.push({
        delayMinutes: this.options.derivedParentDelayMinutes ?? 15,
        targets: [{ type: 'parent_oncall' }],
      });
    }
    return {
      id: `derived:${groupRef}`,
      name: `${displayName(group, groupRef)} (from ownership)`,
      ownerRef: groupRef,
      levels,
      repeat: 1,
      derived: true,
      version: 0,
    };
  }

  private async resolve(
    ownerGroupRef: string,
    targets: EscalationTarget[],
    at: Date,
    credentials: BackstageCredentials,
    visited: Set<string>,
  ): Promise<ResolvedTarget[]> {
    visited.add(ownerGroupRef);
    const found = new Map<string, ResolvedTarget>();
    const add = (userRef: string, reason: string) => {
      if (!found.has(userRef)) found.set(userRef, { userRef, reason });
    };
    const scheduleIds = targets.flatMap(t =>
      t.type === 'schedule' ? [t.scheduleId] : [],
    );
    const schedules = new Map(
      (
        await this.loadSchedules(
          scheduleIds,
          new Date(at.getTime() - LOOKBACK),
          new Date(at.getTime() + DAY),
        )
      ).map(s => [s.id, s]),
    );
    for (const target of targets) {
      if (target.type === 'user') {
        add(
          target.userRef.toLocaleLowerCase('en-US'),
          'named in the escalation policy',
        );
      } else if (target.type === 'schedule') {
        const schedule = schedules.get(target.scheduleId);
        if (!schedule) {
          this.options.logger.warn(
            `Escalation target schedule ${target.scheduleId} no longer exists`,
          );
          continue;
        }
        const { now } = nowAndNext(schedule, at);
        if (now) add(now.userRef, `on call for ${schedule.name}`);
      } else if (target.type === 'group_members') {
        const groupRef = target.groupRef.toLocaleLowerCase('en-US');
        const group = (await this.entities([groupRef], credentials)).get(
          groupRef,
        );
        for (const member of membersOf(group)) {
          add(member, `member of ${groupRef}`);
        }
      } else if (target.type === 'parent_oncall') {
        const owner = (await this.entities([ownerGroupRef], credentials)).get(
          ownerGroupRef,
        );
        const parentRef = owner && parentOf(owner);
        if (!parentRef || visited.has(parentRef)) continue;
        if (visited.size > MAX_PARENT_DEPTH) continue;
        const parent = (await this.entities([parentRef], credentials)).get(
          parentRef,
        );
        // the parent's on-call is whom its own policy pages first
        const policy = await this.groupPolicy(parentRef, parent);
        const first = policy.levels[0];
        if (!first) continue;
        for (const person of await this.resolve(
          parentRef,
          first.targets,
          at,
          credentials,
          visited,
        )) {
          add(
            person.userRef,
            `${person.reason}, for parent group ${parentRef}`,
          );
        }
      }
    }
    return [...found.values()];
  }

  /** Schedules with the overrides that touch `[from, to)`. */
  private async loadSchedules(
    ids: string[],
    from: Date,
    to: Date,
    known?: StoredSchedule[],
  ): Promise<Schedule[]> {
    if (ids.length === 0) return [];
    const stored = known ?? (await this.options.store.listSchedules({ ids }));
    const overrides = await this.options.store.listOverrides(
      stored.map(s => s.id),
      { from: from.toISOString(), to: to.toISOString() },
    );
    return stored.map(s => ({
      ...s,
      overrides: overrides
        .filter(o => o.scheduleId === s.id)
        .map(({ scheduleId: _, ...o }) => o),
    }));
  }

  /** Schedules with their overrides that have not ended. */
  private async withOverrides(
    stored: StoredSchedule[],
    now: Date,
  ): Promise<Schedule[]> {
    const overrides = await this.options.store.listOverrides(
      stored.map(s => s.id),
      { from: now.toISOString() },
    );
    return stored.map(s => ({
      ...s,
      overrides: overrides
        .filter(o => o.scheduleId === s.id)
        .map(({ scheduleId: _, ...o }) => o),
    }));
  }

  private async validateSchedule(
    input: ScheduleInput,
    credentials: BackstageCredentials,
  ): Promise<ScheduleInput> {
    if (!IANAZone.isValidZone(input.timeZone)) {
      throw new InputError(
        `timeZone: unknown time zone "${input.timeZone}"; use an IANA name such as Europe/Berlin`,
      );
    }
    const ownerRef = toKindRef(input.ownerRef, 'group', 'ownerRef');
    const names = new Set<string>();
    const layers = input.layers.map((layer, index) => {
      const where = `layers[${index}]`;
      if (names.has(layer.name)) {
        throw new InputError(`${where}: two layers are named "${layer.name}"`);
      }
      names.add(layer.name);
      return normalizeLayer(layer, input.timeZone, where);
    });
    await this.requireKinds([ownerRef], 'group', credentials);
    await this.requireKinds(
      [...new Set(layers.flatMap(l => l.members))],
      'user',
      credentials,
    );
    return { name: input.name, ownerRef, timeZone: input.timeZone, layers };
  }

  private async validatePolicy(
    input: EscalationPolicyInput,
    credentials: BackstageCredentials,
  ): Promise<EscalationPolicyInput> {
    const ownerRef = toKindRef(input.ownerRef, 'group', 'ownerRef');
    const [owner] = await this.requireKinds([ownerRef], 'group', credentials);
    const users = new Set<string>();
    const groups = new Set<string>();
    const scheduleIds = new Set<string>();
    const levels = input.levels.map((level, index) => ({
      delayMinutes: level.delayMinutes,
      targets: level.targets.map((target): EscalationTarget => {
        const where = `levels[${index}]`;
        switch (target.type) {
          case 'user': {
            const userRef = toKindRef(
              target.userRef,
              'user',
              `${where}.userRef`,
            );
            users.add(userRef);
            return { type: 'user', userRef };
          }
          case 'group_members': {
            const groupRef = toKindRef(
              target.groupRef,
              'group',
              `${where}.groupRef`,
            );
            groups.add(groupRef);
            return { type: 'group_members', groupRef };
          }
          case 'schedule':
            scheduleIds.add(target.scheduleId);
            // in this key order, as policiesUsingSchedule searches the stored JSON for it
            return { type: 'schedule', scheduleId: target.scheduleId };
          default:
            if (!parentOf(owner)) {
              throw new InputError(
                `${where}: ${ownerRef} has no parent group, so parent_oncall would page nobody`,
              );
            }
            return { type: 'parent_oncall' };
        }
      }),
    }));
    const found = await this.options.store.listSchedules({
      ids: [...scheduleIds],
    });
    const unknown = [...scheduleIds].filter(
      id => !found.some(s => s.id === id),
    );
    if (unknown.length > 0) {
      throw new InputError(`No schedule ${unknown.join(', ')}`);
    }
    await this.requireKinds([...users], 'user', credentials);
    await this.requireKinds([...groups], 'group', credentials);
    return { name: input.name, ownerRef, levels, repeat: input.repeat };
  }

  /** Throws InputError unless every ref is an entity of this kind the caller can see. */
  private async requireKinds(
    refs: string[],
    kind: 'user' | 'group',
    credentials: BackstageCredentials,
  ): Promise<Entity[]> {
    const found = await this.entities(refs, credentials);
    const missing = refs.filter(
      ref => found.get(ref)?.kind.toLocaleLowerCase('en-US') !== kind,
    );
    if (missing.length > 0) {
      throw new InputError(
        `Not a ${
          kind === 'user' ? 'User' : 'Group'
        } in the catalog: ${missing.join(', ')}`,
      );
    }
    return refs.map(ref => found.get(ref)!);
  }

  private async entities(
    refs: string[],
    credentials: BackstageCredentials,
  ): Promise<Map<string, Entity>> {
    return entitiesByRef(
      this.options.catalog,
      refs,
      ENTITY_FIELDS,
      credentials,
    );
  }

  /** Names and ways to reach people, from their User entities. */
  private async people(
    userRefs: string[],
    credentials: BackstageCredentials,
  ): Promise<Record<string, OnCallPerson>> {
    const found = await this.entities(userRefs, credentials);
    const people: Record<string, OnCallPerson> = {};
    for (const ref of userRefs) {
      const entity = found.get(ref);
      const profile = (entity?.spec?.profile ?? {}) as {
        displayName?: string;
        email?: string;
        picture?: string;
      };
      people[ref] = {
        displayName:
          profile.displayName ??
          entity?.metadata.title ??
          parseEntityRef(ref).name,
        ...(profile.email ? { email: profile.email } : {}),
        ...(profile.picture ? { picture: profile.picture } : {}),
      };
    }
    return people;
  }

  private requireManage(credentials: BackstageCredentials): Promise<void> {
    return this.options.authorizer.requireBasic(
      oncallManagePermission,
      credentials,
    );
  }

  private serviceCredentials(): Promise<BackstageCredentials> {
    return this.options.auth.getOwnServiceCredentials();
  }

  private now(): Date {
    return this.options.clock?.() ?? new Date();
  }
}

/** An entity ref of this kind: `kind:namespace/name` or a bare name, lower-cased. */
export function toKindRef(ref: string, kind: string, field: string): string {
  let parsed;
  try {
    parsed = parseEntityRef(ref, {
      defaultKind: kind,
      defaultNamespace: 'default',
    });
  } catch {
    throw new InputError(
      `${field}: '${ref}' is not an entity ref; expected ${kind}:namespace/name`,
    );
  }
  if (parsed.kind.toLocaleLowerCase('en-US') !== kind) {
    throw new InputError(
      `${field}: '${ref}' is not a ${kind} ref; expected ${kind}:namespace/name`,
    );
  }
  const full = stringifyEntityRef(parsed).toLocaleLowerCase('en-US');
  // refs are stored in 255-character columns, and a bare name grows by its kind and namespace
  if (full.length > 255) {
    throw new InputError(`${field}: '${ref}' is longer than 255 characters`);
  }
  return full;
}

/** Checks what zod cannot: the layer's times in its zone, and restrictions that overlap. */
export function normalizeLayer(
  layer: ScheduleLayer,
  zone: string,
  where: string,
): ScheduleLayer {
  const start = DateTime.fromISO(layer.startsAt, { zone });
  if (!start.isValid) {
    throw new InputError(`${where}.startsAt: not an ISO 8601 date-time`);
  }
  if (layer.rotation === 'custom' && !layer.shiftLengthHours) {
    throw new InputError(
      `${where}.shiftLengthHours: a custom rotation needs a shift length in hours`,
    );
  }
  // minutes of the week each restriction covers, to find two that cover the same minute
  const week = 7 * 24 * 60;
  const spans: Array<[number, number, number]> = [];
  layer.restrictions.forEach((r, index) => {
    const s = parseClock(r.start);
    const e = parseClock(r.end);
    const from = s.hour * 60 + s.minute;
    let to = e.hour * 60 + e.minute;
    if (to <= from) to += 24 * 60;
    for (const day of new Set(r.days)) {
      const offset = (day - 1) * 24 * 60;
      spans.push([offset + from, offset + to, index]);
      // a window past Sunday midnight wraps into Monday
      if (offset + to > week) spans.push([0, offset + to - week, index]);
    }
  });
  spans.sort((a, b) => a[0] - b[0]);
  for (let i = 1; i < spans.length; i++) {
    if (spans[i][0] < spans[i - 1][1]) {
      const [a, b] = [spans[i - 1][2], spans[i][2]].sort();
      throw new InputError(
        a === b
          ? `${where}.restrictions[${a}] overlaps itself; a window can last at most 24 hours a day`
          : `${where}.restrictions[${a}] and [${b}] overlap; merge them into one window`,
      );
    }
  }
  return {
    name: layer.name,
    rotation: layer.rotation,
    ...(layer.rotation === 'custom'
      ? { shiftLengthHours: layer.shiftLengthHours }
      : {}),
    handoffTime: layer.handoffTime,
    ...(layer.rotation === 'weekly'
      ? { handoffDay: layer.handoffDay ?? start.weekday }
      : {}),
    startsAt: start.toUTC().toISO()!,
    members: layer.members.map(m => toKindRef(m, 'user', `${where}.members`)),
    restrictions: layer.restrictions.map(r => ({
      days: [...new Set(r.days)].sort(),
      start: r.start,
      end: r.end,
    })),
  };
}

function updatedOrThrow<T>(
  result: UpdateResult<T>,
  what: string,
  version: number,
): T {
  if ('updated' in result) return result.updated;
  if ('stale' in result) {
    throw new ConflictError(
      `The ${what} changed since version ${version} (now version ${result.stale}); reload it and try again`,
    );
  }
  throw new NotFoundError(`No ${what}`);
}

async function namedUniquely<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (error instanceof DuplicatePolicyNameError) {
      throw new ConflictError(`${error.message}; choose another name`);
    }
    throw error;
  }
}

function ownerOf(entity: Entity): string | undefined {
  return entity.relations
    ?.find(r => r.type === RELATION_OWNED_BY)
    ?.targetRef.toLocaleLowerCase('en-US');
}

function parentOf(group: Entity): string | undefined {
  return group.relations
    ?.find(r => r.type === RELATION_CHILD_OF)
    ?.targetRef.toLocaleLowerCase('en-US');
}

function membersOf(group: Entity | undefined): string[] {
  return (group?.relations ?? [])
    .filter(r => r.type === RELATION_HAS_MEMBER)
    .map(r => r.targetRef.toLocaleLowerCase('en-US'))
    .sort();
}

function displayName(entity: Entity | undefined, ref: string): string {
  const profile = entity?.spec?.profile as { displayName?: string } | undefined;
  return (
    profile?.displayName ?? entity?.metadata.title ?? parseEntityRef(ref).name
  );
}
