import { Knex } from 'knex';
import { Timestamp, toDate, toIso } from '../database/timestamps';
import {
  RunbookChanges,
  RunbookFilter,
  RunbooksStore,
  StoredRunbook,
} from './RunbooksStore';
import { escapeLike } from '../lib/sql';

interface RunbookRow {
  id: string;
  title: string;
  markdown: string;
  created_by: string;
  created_at: Timestamp;
  updated_by: string;
  updated_at: Timestamp;
  version: number;
}

/** The knex implementation of {@link RunbooksStore}, on SQLite and PostgreSQL alike. */
export class DatabaseRunbooksStore implements RunbooksStore {
  static create(options: { knex: Knex }): DatabaseRunbooksStore {
    return new DatabaseRunbooksStore(options.knex);
  }

  private constructor(private readonly db: Knex) {}

  async createRunbook(runbook: StoredRunbook): Promise<StoredRunbook> {
    await this.db.transaction(async tx => {
      await tx('runbooks').insert({
        id: runbook.id,
        title: runbook.title,
        markdown: runbook.markdown,
        created_by: runbook.createdBy,
        created_at: toDate(runbook.createdAt),
        updated_by: runbook.updatedBy,
        updated_at: toDate(runbook.updatedAt),
        version: runbook.version,
      });
      await insertEntities(tx, runbook.id, runbook.entityRefs);
    });
    return (await this.getRunbook(runbook.id))!;
  }

  async getRunbook(id: string): Promise<StoredRunbook | undefined> {
    const [runbook] = await this.load(
      this.db<RunbookRow>('runbooks').where({ id }),
    );
    return runbook;
  }

  async updateRunbook(
    id: string,
    version: number,
    changes: RunbookChanges,
  ): Promise<StoredRunbook | { conflict: StoredRunbook } | undefined> {
    const outcome = await this.db.transaction(async tx => {
      // the version check and the bump are one statement, so two editors cannot both win
      const updated = await tx('runbooks')
        .where({ id, version })
        .update({
          ...(changes.title !== undefined && { title: changes.title }),
          ...(changes.markdown !== undefined && { markdown: changes.markdown }),
          updated_by: changes.updatedBy,
          updated_at: toDate(changes.updatedAt),
          version: version + 1,
        });
      if (updated === 0) return 'missed' as const;
      if (changes.entityRefs) {
        await tx('runbook_entities').where({ runbook_id: id }).delete();
        await insertEntities(tx, id, changes.entityRefs);
      }
      return 'updated' as const;
    });
    const current = await this.getRunbook(id);
    if (!current) return undefined;
    return outcome === 'updated' ? current : { conflict: current };
  }

  async deleteRunbook(id: string): Promise<boolean> {
    return this.db.transaction(async tx => {
      // SQLite leaves foreign keys to the connection's pragma, so the cascade is not relied on
      await tx('runbook_entities').where({ runbook_id: id }).delete();
      return (await tx('runbooks').where({ id }).delete()) > 0;
    });
  }

  async listRunbooks(filter: RunbookFilter): Promise<StoredRunbook[]> {
    const query = this.db<RunbookRow>('runbooks');
    if (filter.entityRefs) {
      if (filter.entityRefs.length === 0) return [];
      query.whereIn(
        'id',
        this.db('runbook_entities')
          .select('runbook_id')
          .whereIn('entity_ref', filter.entityRefs),
      );
    }
    for (const word of filter.allWords ?? []) {
      query.where(q => matchWord(q, word));
    }
    if (filter.anyWords) {
      if (filter.anyWords.length === 0) return [];
      query.where(any => {
        for (const word of filter.anyWords!) {
          any.orWhere(q => matchWord(q, word));
        }
      });
    }
    return this.load(
      query
        .orderBy([
          { column: 'title', order: 'asc' },
          { column: 'id', order: 'asc' },
        ])
        .limit(filter.limit),
    );
  }

  /** The rows of `query` with their entities, read in one more query. */
  private async load(
    query: Knex.QueryBuilder<RunbookRow, RunbookRow[]>,
  ): Promise<StoredRunbook[]> {
    const rows: RunbookRow[] = await query;
    if (rows.length === 0) return [];
    const links: Array<{ runbook_id: string; entity_ref: string }> =
      await this.db('runbook_entities')
        .whereIn(
          'runbook_id',
          rows.map(r => r.id),
        )
        .orderBy('entity_ref');
    const entities = new Map<string, string[]>();
    for (const link of links) {
      const refs = entities.get(link.runbook_id) ?? [];
      refs.push(link.entity_ref);
      entities.set(link.runbook_id, refs);
    }
    return rows.map(row => ({
      id: row.id,
      title: row.title,
      markdown: row.markdown,
      entityRefs: entities.get(row.id) ?? [],
      createdBy: row.created_by,
      createdAt: toIso(row.created_at),
      updatedBy: row.updated_by,
      updatedAt: toIso(row.updated_at),
      version: Number(row.version),
    }));
  }
}

async function insertEntities(
  tx: Knex.Transaction,
  runbookId: string,
  entityRefs: string[],
) {
  const refs = [...new Set(entityRefs)];
  if (refs.length === 0) return;
  await tx('runbook_entities').insert(
    refs.map(entityRef => ({ runbook_id: runbookId, entity_ref: entityRef })),
  );
}

function matchWord(query: Knex.QueryBuilder, word: string) {
  const pattern = `%${escapeLike(word.toLocaleLowerCase('en-US'))}%`;
  query
    .whereRaw(`lower(title) like ? escape '\\'`, [pattern])
    .orWhereRaw(`lower(markdown) like ? escape '\\'`, [pattern]);
}
