import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import {
  EscalationPolicy,
  EscalationPolicyInput,
  EscalationTarget,
} from '@lookout/plugin-incidents-common';
import { randomUUID } from 'node:crypto';
import { toKindRef } from '../lib/entityRefs';
import { OnCallEntities } from '../oncall/catalogRefs';
import { SchedulesService } from '../oncall/SchedulesService';
import { updatedOrThrow } from '../oncall/versions';
import { IncidentsAuthorizer } from '../permissions/IncidentsAuthorizer';
import {
  DuplicatePolicyNameError,
  EscalationPolicyStore,
} from './EscalationPolicyStore';
import { parentOf } from './groupRelations';
import { requireOnCallManage } from '../oncall/requireOnCallManage';

/**
 * The rules of stored escalation policies: who may change them, and that every level names
 * users, groups and schedules that exist. Reading needs only a signed-in caller; changes need
 * `incident.oncall.manage`. Which policy applies, and whom it pages, is the resolver's.
 */
export class EscalationPoliciesService {
  constructor(
    private readonly options: {
      store: EscalationPolicyStore;
      schedules: Pick<SchedulesService, 'stored'>;
      entities: OnCallEntities;
      authorizer: Pick<IncidentsAuthorizer, 'requireBasic'>;
      clock?: () => Date;
    },
  ) {}

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
    await requireOnCallManage(this.options.authorizer, credentials);
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
    await requireOnCallManage(this.options.authorizer, credentials);
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
    await requireOnCallManage(this.options.authorizer, credentials);
    if (!(await this.options.store.deletePolicy(id))) {
      throw new NotFoundError(`No escalation policy ${id}`);
    }
  }

  private async validatePolicy(
    input: EscalationPolicyInput,
    credentials: BackstageCredentials,
  ): Promise<EscalationPolicyInput> {
    const { entities } = this.options;
    const ownerRef = toKindRef(input.ownerRef, 'group', 'ownerRef');
    const [owner] = await entities.requireKinds(
      [ownerRef],
      'group',
      credentials,
    );
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
    const found = await this.options.schedules.stored({
      ids: [...scheduleIds],
    });
    const unknown = [...scheduleIds].filter(
      id => !found.some(s => s.id === id),
    );
    if (unknown.length > 0) {
      throw new InputError(`No schedule ${unknown.join(', ')}`);
    }
    await entities.requireKinds([...users], 'user', credentials);
    await entities.requireKinds([...groups], 'group', credentials);
    return { name: input.name, ownerRef, levels, repeat: input.repeat };
  }

  private now(): Date {
    return this.options.clock?.() ?? new Date();
  }
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
