import { Knex } from 'knex';
import { Timestamp, toDate, toIso } from '../database/timestamps';
import {
  IntegrationsStore,
  NewIntegration,
  StoredIntegration,
} from './IntegrationsStore';
import { IntegrationType } from './types';

interface IntegrationRow {
  id: string;
  name: string;
  type: string;
  key_hash: string;
  key_hint: string;
  entity_ref: string | null;
  group_ref: string | null;
  auto_resolve: boolean | number;
  signing_secret: string | null;
  created_by: string;
  created_at: Timestamp;
  last_used_at: Timestamp | null;
  revoked_at: Timestamp | null;
}

/** Use is recorded at most this often per key: a busy sender would otherwise queue on the row. */
const TOUCH_INTERVAL_MS = 60_000;

/** The knex implementation of {@link IntegrationsStore}, on SQLite and PostgreSQL alike. */
export class DatabaseIntegrationsStore implements IntegrationsStore {
  static create(options: { knex: Knex }): DatabaseIntegrationsStore {
    return new DatabaseIntegrationsStore(options.knex);
  }

  private constructor(private readonly db: Knex) {}

  async createIntegration(
    integration: NewIntegration,
  ): Promise<StoredIntegration> {
    await this.db('integrations').insert({
      id: integration.id,
      name: integration.name,
      type: integration.type,
      key_hash: integration.keyHash,
      key_hint: integration.keyHint,
      entity_ref: integration.entityRef,
      group_ref: integration.groupRef,
      auto_resolve: integration.autoResolve,
      signing_secret: integration.signingSecret,
      created_by: integration.createdBy,
      created_at: toDate(integration.createdAt),
    });
    return (await this.getIntegration(integration.id))!;
  }

  async listIntegrations(): Promise<StoredIntegration[]> {
    const rows = await this.live().orderBy([
      { column: 'created_at', order: 'desc' },
      { column: 'id', order: 'asc' },
    ]);
    return rows.map(mapIntegration);
  }

  async getIntegration(id: string): Promise<StoredIntegration | undefined> {
    const row = await this.live().where({ id }).first();
    return row && mapIntegration(row);
  }

  async findByKeyHash(keyHash: string): Promise<StoredIntegration | undefined> {
    const row = await this.live().where({ key_hash: keyHash }).first();
    return row && mapIntegration(row);
  }

  async revokeIntegration(id: string, at: string): Promise<boolean> {
    const updated = await this.db('integrations')
      .where({ id })
      .whereNull('revoked_at')
      .update({ revoked_at: toDate(at) });
    return updated > 0;
  }

  async touchIntegration(id: string, at: string): Promise<void> {
    const now = toDate(at)!;
    await this.db('integrations')
      .where({ id })
      .andWhere(stale =>
        stale
          .whereNull('last_used_at')
          .orWhere(
            'last_used_at',
            '<',
            new Date(now.getTime() - TOUCH_INTERVAL_MS),
          ),
      )
      .update({ last_used_at: now });
  }

  async countEvent(id: string, windowStart: number): Promise<number> {
    // One upsert: a new minute restarts the count, the same minute adds one. Every SET
    // expression reads the row as it was, so the CASE sees the old window.
    const [row] = await this.db('integration_rate_windows')
      .insert({ integration_id: id, window_start: windowStart, count: 1 })
      .onConflict('integration_id')
      .merge({
        count: this.db.raw(
          'case when integration_rate_windows.window_start = ? ' +
            'then integration_rate_windows.count + 1 else 1 end',
          [windowStart],
        ),
        window_start: windowStart,
      })
      .returning('count');
    return Number(typeof row === 'object' ? row.count : row);
  }

  private live() {
    return this.db<IntegrationRow>('integrations').whereNull('revoked_at');
  }
}

function mapIntegration(row: IntegrationRow): StoredIntegration {
  return {
    id: row.id,
    name: row.name,
    type: row.type as IntegrationType,
    keyHint: row.key_hint,
    entityRef: row.entity_ref,
    groupRef: row.group_ref,
    autoResolve: Boolean(row.auto_resolve),
    signed: row.signing_secret !== null,
    signingSecret: row.signing_secret,
    createdBy: row.created_by,
    createdAt: toIso(row.created_at),
    lastUsedAt: toIso(row.last_used_at),
  };
}
