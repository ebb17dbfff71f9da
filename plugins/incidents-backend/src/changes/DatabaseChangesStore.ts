import { JsonObject } from '@backstage/types';
import { IncidentLink } from '@lookout/plugin-incidents-common';
import { Knex } from 'knex';
import { Timestamp, toDate, toIso } from '../database/timestamps';
import {
  ChangeEvent,
  ChangeFilter,
  ChangesStore,
  NewChangeEvent,
} from './ChangesStore';

interface ChangeRow {
  id: number | string;
  integration_id: string;
  entity_ref: string | null;
  summary: string;
  source: string;
  at: Timestamp;
  received_at: Timestamp;
  links: string;
  details: string;
}

/** Refs per query: well under every engine's limit of bound parameters. */
const CHUNK = 1000;

/** The knex implementation of {@link ChangesStore}, on SQLite and PostgreSQL alike. */
export class DatabaseChangesStore implements ChangesStore {
  static create(options: { knex: Knex }): DatabaseChangesStore {
    return new DatabaseChangesStore(options.knex);
  }

  private constructor(private readonly db: Knex) {}

  async recordChange(change: NewChangeEvent): Promise<void> {
    await this.db('change_events')
      .insert({
        integration_id: change.integrationId,
        dedup_hash: change.dedupHash,
        entity_ref: change.entityRef,
        summary: change.summary,
        source: change.source,
        at: toDate(change.at),
        received_at: toDate(change.receivedAt),
        links: JSON.stringify(change.links),
        details: JSON.stringify(change.details),
      })
      .onConflict(['integration_id', 'dedup_hash'])
      .ignore();
  }

  async listChanges(filter: ChangeFilter): Promise<ChangeEvent[]> {
    if (filter.entityRefs?.length === 0) return [];
    const chunks = filter.entityRefs
      ? Array.from(
          { length: Math.ceil(filter.entityRefs.length / CHUNK) },
          (_, i) => filter.entityRefs!.slice(i * CHUNK, (i + 1) * CHUNK),
        )
      : [undefined];
    const rows: ChangeRow[] = [];
    for (const refs of chunks) {
      const query = this.db<ChangeRow>('change_events').where(
        'at',
        '>=',
        toDate(filter.since)!,
      );
      if (filter.until) query.where('at', '<=', toDate(filter.until)!);
      if (refs) query.whereIn('entity_ref', refs);
      rows.push(
        ...(await query
          .orderBy([
            { column: 'at', order: 'desc' },
            { column: 'id', order: 'desc' },
          ])
          .limit(filter.limit)),
      );
    }
    return rows
      .map(mapChange)
      .sort(
        (a, b) =>
          Date.parse(b.at) - Date.parse(a.at) || Number(b.id) - Number(a.id),
      )
      .slice(0, filter.limit);
  }
}

function mapChange(row: ChangeRow): ChangeEvent {
  return {
    id: String(row.id),
    integrationId: row.integration_id,
    entityRef: row.entity_ref,
    summary: row.summary,
    source: row.source,
    at: toIso(row.at),
    receivedAt: toIso(row.received_at),
    links: JSON.parse(row.links) as IncidentLink[],
    details: JSON.parse(row.details) as JsonObject,
  };
}
