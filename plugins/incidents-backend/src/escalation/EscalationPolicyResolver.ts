import {
  AuthService,
  BackstageCredentials,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { NotFoundError } from '@backstage/errors';
import {
  ANNOTATION_ESCALATION_POLICY,
  EscalationLevel,
  EscalationPolicy,
  EscalationTarget,
  ResolvedTarget,
} from '@lookout/plugin-incidents-common';
import { normalizeRef, ownerOf } from '../lib/entityRefs';
import { toKindRef } from '../lib/entityRefs';
import { OnCallEntities } from '../oncall/catalogRefs';
import { nowAndNext } from '../oncall/scheduleMath';
import { SchedulesService } from '../oncall/SchedulesService';
import { EscalationPolicyStore } from './EscalationPolicyStore';
import { displayName, membersOf, parentOf } from './groupRelations';
import { PolicyLookup } from './types';

const DAY = 86_400_000;
/** How far back "now" looks for the start of the current shift. */
const LOOKBACK = 14 * DAY;
/** How deep `parent_oncall` climbs through parents whose first level is itself a parent's. */
const MAX_PARENT_DEPTH = 5;

/**
 * Which escalation policy applies (an entity's `lookout.dev/escalation-policy` annotation, else
 * its owner group's first policy, else one derived from ownership) and whom its levels page
 * at a moment: schedules resolved to who is on call, group members expanded, `parent_oncall`
 * through the catalog's childOf relation. Reads as the plugin: the engine pages with no user.
 */
export class EscalationPolicyResolver implements PolicyLookup {
  constructor(
    private readonly options: {
      store: Pick<
        EscalationPolicyStore,
        'getPolicy' | 'getPolicyByName' | 'listPolicies'
      >;
      schedules: Pick<SchedulesService, 'stored' | 'load'>;
      entities: OnCallEntities;
      auth: AuthService;
      logger: LoggerService;
      /** Minutes before a derived policy's second level pages the parent group's on-call. */
      derivedParentDelayMinutes?: number;
    },
  ) {}

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

  private async findPolicy(
    target: { entityRef: string } | { groupRef: string },
    credentials: BackstageCredentials,
  ): Promise<{ groupRef: string; policy: EscalationPolicy }> {
    const { entities, store, logger } = this.options;
    if ('groupRef' in target) {
      const groupRef = toKindRef(target.groupRef, 'group', 'groupRef');
      const group = (await entities.get([groupRef], credentials)).get(groupRef);
      if (!group) throw new NotFoundError(`Not in the catalog: ${groupRef}`);
      return { groupRef, policy: await this.groupPolicy(groupRef, group) };
    }
    const entityRef = normalizeRef(target.entityRef, 'entityRef');
    const entity = (await entities.get([entityRef], credentials)).get(
      entityRef,
    );
    if (!entity) throw new NotFoundError(`Not in the catalog: ${entityRef}`);
    const chosen = entity.metadata.annotations?.[ANNOTATION_ESCALATION_POLICY];
    if (chosen) {
      const policy =
        (await store.getPolicy(chosen)) ??
        (await store.getPolicyByName(chosen));
      if (policy) return { groupRef: policy.ownerRef, policy };
      // a typo in an annotation must not leave the entity unpaged: fall back to its owner
      logger.warn(
        `${entityRef} names escalation policy "${chosen}" in ${ANNOTATION_ESCALATION_POLICY}, ` +
          `which does not exist; using its owner's`,
      );
    }
    const groupRef =
      entity.kind.toLocaleLowerCase('en-US') === 'group'
        ? entityRef
        : ownerOf(entity) ?? undefined;
    if (!groupRef) {
      throw new NotFoundError(
        `${entityRef} has no owner, so no escalation policy applies to it`,
      );
    }
    const group = (await entities.get([groupRef], credentials)).get(groupRef);
    if (!group) {
      logger.warn(
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
    const schedules = await this.options.schedules.stored({
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
    const { entities } = this.options;
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
        await this.options.schedules.load(
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
        const group = (await entities.get([groupRef], credentials)).get(
          groupRef,
        );
        for (const member of membersOf(group)) {
          add(member, `member of ${groupRef}`);
        }
      } else if (target.type === 'parent_oncall') {
        const owner = (await entities.get([ownerGroupRef], credentials)).get(
          ownerGroupRef,
        );
        const parentRef = owner && parentOf(owner);
        if (!parentRef || visited.has(parentRef)) continue;
        if (visited.size > MAX_PARENT_DEPTH) continue;
        const parent = (await entities.get([parentRef], credentials)).get(
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

  private serviceCredentials(): Promise<BackstageCredentials> {
    return this.options.auth.getOwnServiceCredentials();
  }
}
