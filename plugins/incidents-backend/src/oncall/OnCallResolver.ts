import {
  AuthService,
  BackstageCredentials,
} from '@backstage/backend-plugin-api';
import { parseEntityRef } from '@backstage/catalog-model';
import { NotFoundError } from '@backstage/errors';
import { OnCallPerson, OnCallResponse } from '@lookout/plugin-incidents-common';
import { PolicyLookup } from '../escalation/types';
import { normalizeRef } from '../lib/entityRefs';
import { toKindRef } from '../lib/entityRefs';
import { OnCallEntities } from './catalogRefs';
import { nowAndNext } from './scheduleMath';
import { SchedulesService } from './SchedulesService';

const DAY = 86_400_000;
/** How far back "now" looks for the start of the current shift, and ahead for "next". */
const LOOKBACK = 14 * DAY;
const HORIZON = 45 * DAY;

/**
 * Who is on call for an entity (through its owner) or a group: now and next on every schedule
 * its policy pages or its group owns, the people each level of that policy reaches now, and
 * how to reach them. The caller must be able to see what they ask about; the rest is read as
 * the plugin.
 */
export class OnCallResolver {
  constructor(
    private readonly options: {
      schedules: Pick<SchedulesService, 'stored' | 'load'>;
      /** The escalation policy that applies, and whom it pages. */
      policies: PolicyLookup;
      entities: OnCallEntities;
      auth: AuthService;
      clock?: () => Date;
    },
  ) {}

  /** `GET /oncall`: now, next and the escalation path, for an entity (through its owner) or a group. */
  async onCall(
    target: { entityRef: string } | { groupRef: string },
    credentials: BackstageCredentials,
  ): Promise<OnCallResponse> {
    const { schedules, policies, entities } = this.options;
    const ref =
      'entityRef' in target
        ? normalizeRef(target.entityRef, 'entityRef')
        : toKindRef(target.groupRef, 'group', 'groupRef');
    if (!(await entities.get([ref], credentials)).get(ref)) {
      throw new NotFoundError(`Not in the catalog: ${ref}`);
    }
    const { groupRef, policy } = await policies.policyFor(
      'entityRef' in target ? { entityRef: ref } : { groupRef: ref },
    );
    const at = this.now();
    const scheduleIds = new Set(
      (await schedules.stored({ ownerRefs: [groupRef] })).map(s => s.id),
    );
    for (const level of policy.levels) {
      for (const t of level.targets) {
        if (t.type === 'schedule') scheduleIds.add(t.scheduleId);
      }
    }
    const loaded = await schedules.load(
      [...scheduleIds],
      new Date(at.getTime() - LOOKBACK),
      new Date(at.getTime() + HORIZON),
    );
    const onCall = loaded.map(schedule => ({
      schedule: { id: schedule.id, name: schedule.name },
      ...nowAndNext(schedule, at),
    }));
    const path = [];
    for (const [index, level] of policy.levels.entries()) {
      path.push({
        level: index + 1,
        delayMinutes: level.delayMinutes,
        targets: await policies.resolveTargets(groupRef, level.targets, at),
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
      people: await this.people(
        [...userRefs],
        await this.options.auth.getOwnServiceCredentials(),
      ),
    };
  }

  /** Names and ways to reach people, from their User entities. */
  private async people(
    userRefs: string[],
    credentials: BackstageCredentials,
  ): Promise<Record<string, OnCallPerson>> {
    const found = await this.options.entities.get(userRefs, credentials);
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

  private now(): Date {
    return this.options.clock?.() ?? new Date();
  }
}
