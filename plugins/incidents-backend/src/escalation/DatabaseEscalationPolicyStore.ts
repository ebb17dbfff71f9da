import { Knex } from 'knex';
import { Timestamp, toDate, toIso } from '../database/timestamps';
import { UpdateResult } from '../oncall/versions';
import {
  DuplicatePolicyNameError,
  EscalationPolicyStore,
  PolicyChanges,
  StoredPolicy,
} from './EscalationPolicyStore';

interface PolicyRow {
  id: string;
  name: string;
  owner_ref: string;
  levels: string;
  repeat: number;
  created_at: Timestamp;
  updated_at: Timestamp;
  version: number;
}

/** The knex implementation of {@link EscalationPolicyStore}, on SQLite and PostgreSQL alike. */
export class DatabaseEscalationPolicyStore implements EscalationPolicyStore {
  static create(options: { knex: Knex }): DatabaseEscalationPolicyStore {
    return new DatabaseEscalationPolicyStore(options.knex);
  }

  private constructor(private readonly db: Knex) {}

  async createPolicy(policy: StoredPolicy): Promise<StoredPolicy> {
    try {
      await this.db('escalation_policies').insert({
        id: policy.id,
        name: policy.name,
        owner_ref: policy.ownerRef,
        levels: JSON.stringify(policy.levels),
        repeat: policy.repeat,
        created_at: toDate(policy.createdAt),
        updated_at: toDate(policy.updatedAt),
        version: policy.version,
      });
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new DuplicatePolicyNameError(policy.name);
      }
      throw error;
    }
    return (await this.getPolicy(policy.id))!;
  }

  async getPolicy(id: string): Promise<StoredPolicy | undefined> {
    const row = await this.db<PolicyRow>('escalation_policies')
      .where({ id })
      .first();
    return row && mapPolicy(row);
  }

  async getPolicyByName(name: string): Promise<StoredPolicy | undefined> {
    const row = await this.db<PolicyRow>('escalation_policies')
      .where({ name })
      .first();
    return row && mapPolicy(row);
  }

  async listPolicies(filter: {
    ownerRefs?: string[];
  }): Promise<StoredPolicy[]> {
    const query = this.db<PolicyRow>('escalation_policies');
    if (filter.ownerRefs) query.whereIn('owner_ref', filter.ownerRefs);
    const rows = await query.orderBy([
      { column: 'created_at', order: 'asc' },
      { column: 'id', order: 'asc' },
    ]);
    return rows.map(mapPolicy);
  }

  async updatePolicy(
    id: string,
    version: number,
    changes: PolicyChanges,
  ): Promise<UpdateResult<StoredPolicy>> {
    let count: number;
    try {
      count = await this.db('escalation_policies')
        .where({ id, version })
        .update({
          name: changes.name,
          owner_ref: changes.ownerRef,
          levels: JSON.stringify(changes.levels),
          repeat: changes.repeat,
          updated_at: toDate(changes.updatedAt),
          version: version + 1,
        });
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new DuplicatePolicyNameError(changes.name);
      }
      throw error;
    }
    const current = await this.getPolicy(id);
    if (!current) return { missing: true };
    return count > 0 ? { updated: current } : { stale: current.version };
  }

  async deletePolicy(id: string): Promise<boolean> {
    return (await this.db('escalation_policies').where({ id }).delete()) > 0;
  }
}

function isUniqueViolation(error: unknown): boolean {
  const code = String((error as { code?: unknown })?.code ?? '');
  return code === '23505' || code.startsWith('SQLITE_CONSTRAINT');
}

function mapPolicy(row: PolicyRow): StoredPolicy {
  return {
    id: row.id,
    name: row.name,
    ownerRef: row.owner_ref,
    levels: JSON.parse(row.levels),
    repeat: row.repeat,
    derived: false,
    version: row.version,
    createdAt: toIso(row.created_at),
    updatedAt: toIso(row.updated_at),
  };
}
