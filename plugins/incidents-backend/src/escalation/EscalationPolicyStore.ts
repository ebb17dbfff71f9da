import {
  EscalationLevel,
  EscalationPolicy,
} from '@lookout/plugin-incidents-common';
import { UpdateResult } from '../oncall/versions';

export interface PolicyChanges {
  name: string;
  ownerRef: string;
  levels: EscalationLevel[];
  repeat: number;
  updatedAt: string;
}

/** A stored policy is never derived; it also keeps when it was created. */
export type StoredPolicy = EscalationPolicy & {
  createdAt: string;
  updatedAt: string;
};

/** Persistence of escalation policies. */
export interface EscalationPolicyStore {
  /** Throws {@link DuplicatePolicyNameError} when the name is taken. */
  createPolicy(policy: StoredPolicy): Promise<StoredPolicy>;
  getPolicy(id: string): Promise<StoredPolicy | undefined>;
  getPolicyByName(name: string): Promise<StoredPolicy | undefined>;
  /** Oldest first, so a group's first policy is its default. */
  listPolicies(filter: { ownerRefs?: string[] }): Promise<StoredPolicy[]>;
  updatePolicy(
    id: string,
    version: number,
    changes: PolicyChanges,
  ): Promise<UpdateResult<StoredPolicy>>;
  deletePolicy(id: string): Promise<boolean>;
}

export class DuplicatePolicyNameError extends Error {
  constructor(name: string) {
    super(`An escalation policy named "${name}" already exists`);
    this.name = 'DuplicatePolicyNameError';
  }
}
