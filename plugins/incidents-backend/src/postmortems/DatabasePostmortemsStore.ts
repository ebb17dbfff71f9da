import {
  ActionItem,
  PostmortemSection,
  PostmortemSummary,
  ReviewDecision,
} from '@lookout/plugin-incidents-common';
import { Knex } from 'knex';
import { toDate, toIso } from '../database/timestamps';
import { applyCondition } from '../permissions/conditions';
import {
  ActionItemChanges,
  ActionItemFilter,
  NewActionItem,
  NewPostmortem,
  PostmortemCursor,
  PostmortemDetailsChanges,
  PostmortemFilter,
  PostmortemsStore,
  StoredPostmortem,
  VersionedWrite,
} from './PostmortemsStore';
import { newestFirstPage } from '../lib/keysetPage';
import { escapeLike } from '../lib/sql';
import {
  ActionItemRow,
  CLOSED_ITEM_STATUSES,
  ITEM_COLUMNS,
  mapItem,
  mapReviewer,
  mapSection,
  mapSummary,
  PostmortemRow,
  ReviewerRow,
  SectionRow,
  SUMMARY_COLUMNS,
} from './postmortemRows';

const WHERE_BATCH = 500;

/** The knex implementation of {@link PostmortemsStore}, on SQLite and PostgreSQL alike. */
export class DatabasePostmortemsStore implements PostmortemsStore {
  static create(options: {
    knex: Knex;
    clock?: () => Date;
  }): DatabasePostmortemsStore {
    return new DatabasePostmortemsStore(options.knex, options.clock);
  }

  private constructor(
    private readonly db: Knex,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async createPostmortem(
    postmortem: NewPostmortem,
  ): Promise<StoredPostmortem | undefined> {
    const created = await this.db.transaction(async tx => {
      // the unique incident_seq decides between two concurrent creators; the loser gets undefined
      const inserted = await tx('postmortems')
        .insert({
          id: postmortem.id,
          incident_seq: postmortem.incidentSeq,
          title: postmortem.title,
          status: postmortem.status ?? 'draft',
          entity_ref: postmortem.entityRef,
          owner_ref: postmortem.ownerRef,
          severity: postmortem.severity,
          root_cause_entity_ref: postmortem.rootCauseEntityRef ?? null,
          cause_category: postmortem.causeCategory ?? null,
          search_text: '',
          created_by: postmortem.createdBy,
          version: 1,
          incident_declared_at: toDate(postmortem.incidentDeclaredAt),
          created_at: toDate(postmortem.createdAt),
          updated_at: toDate(postmortem.createdAt),
          published_at: toDate(postmortem.publishedAt),
        })
        .onConflict('incident_seq')
        .ignore()
        .returning('id');
      if (inserted.length === 0) return false;
      await tx('postmortem_sections').insert(
        postmortem.sections.map((section, position) => ({
          postmortem_id: postmortem.id,
          key: section.key,
          position,
          title: section.title,
          prompt: section.prompt,
          body: section.body,
          version: 1,
          updated_by: null,
          updated_at: null,
        })),
      );
      await writeTags(tx, postmortem.id, postmortem.tags ?? []);
      await refreshSearchText(tx, postmortem.id);
      return true;
    });
    return created ? this.getPostmortem(postmortem.id) : undefined;
  }

  async getPostmortem(id: string): Promise<StoredPostmortem | undefined> {
    const [found] = await this.loadFull(this.db, q => q.where('p.id', id));
    return found;
  }

  async getByIncidents(seqs: number[]): Promise<StoredPostmortem[]> {
    if (seqs.length === 0) return [];
    const found: StoredPostmortem[] = [];
    for (let i = 0; i < seqs.length; i += WHERE_BATCH) {
      const batch = seqs.slice(i, i + WHERE_BATCH);
      found.push(
        ...(await this.loadFull(this.db, q =>
          q.whereIn('p.incident_seq', batch),
        )),
      );
    }
    return found;
  }

  async listPostmortems(
    filter: PostmortemFilter,
  ): Promise<{ items: PostmortemSummary[]; last?: PostmortemCursor }> {
    const query = this.db('postmortems as p').join(
      'incidents as i',
      'i.seq',
      'p.incident_seq',
    );
    if (filter.entityRef) {
      const ref = filter.entityRef;
      query.where(q =>
        q.where('p.entity_ref', ref).orWhere('p.root_cause_entity_ref', ref),
      );
    }
    if (filter.entityRefs) {
      const refs = filter.entityRefs;
      if (refs.length === 0) return { items: [] };
      query.where(q =>
        q
          .whereIn('p.entity_ref', refs)
          .orWhereIn('p.root_cause_entity_ref', refs),
      );
    }
    if (filter.severity?.length) query.whereIn('p.severity', filter.severity);
    if (filter.status?.length) query.whereIn('p.status', filter.status);
    if (filter.incidentSeq !== undefined) {
      query.where('p.incident_seq', filter.incidentSeq);
    }
    if (filter.tag) {
      query.whereIn(
        'p.id',
        this.db('postmortem_tags')
          .select('postmortem_id')
          .where('tag', filter.tag),
      );
    }
    if (filter.from) {
      query.where('p.incident_declared_at', '>=', toDate(filter.from)!);
    }
    if (filter.to) {
      query.where('p.incident_declared_at', '<', toDate(filter.to)!);
    }
    // Portable full text: search_text holds the lowercased words of everything written, and
    // every query word must occur in it. Works the same on SQLite and PostgreSQL.
    for (const word of filter.words ?? []) {
      query.whereRaw(`p.search_text like ? escape '\\'`, [
        `%${escapeLike(word)}%`,
      ]);
    }
    if (filter.condition) applyCondition(query, filter.condition, 'i');
    const { rows, last } = await newestFirstPage(
      query.select(SUMMARY_COLUMNS),
      { time: 'p.incident_declared_at', id: 'p.id' },
      filter,
      (row: PostmortemRow) => ({
        at: toIso(row.incident_declared_at),
        id: row.id,
      }),
    );
    const tags = await this.tagsOf(
      this.db,
      rows.map(r => r.id),
    );
    return {
      items: rows.map(row => mapSummary(row, tags.get(row.id) ?? [])),
      last,
    };
  }

  async updateDetails(
    id: string,
    version: number | undefined,
    changes: PostmortemDetailsChanges,
    at: string,
  ): Promise<VersionedWrite<StoredPostmortem>> {
    const outcome = await this.db.transaction(async tx => {
      const row = await lockPostmortem(tx, id);
      if (!row) return undefined;
      if (version !== undefined && row.version !== version) return 'stale';
      const columns: Record<string, unknown> = {
        version: row.version + 1,
        updated_at: toDate(at),
      };
      if (changes.title !== undefined) columns.title = changes.title;
      if (changes.rootCauseEntityRef !== undefined) {
        columns.root_cause_entity_ref = changes.rootCauseEntityRef;
      }
      if (changes.causeCategory !== undefined) {
        columns.cause_category = changes.causeCategory;
      }
      if (changes.status !== undefined) columns.status = changes.status;
      if (changes.publishedAt !== undefined) {
        columns.published_at = toDate(changes.publishedAt);
      }
      await tx('postmortems').where({ id }).update(columns);
      if (changes.tags !== undefined) {
        await tx('postmortem_tags').where({ postmortem_id: id }).delete();
        await writeTags(tx, id, changes.tags);
      }
      await refreshSearchText(tx, id);
      return 'ok';
    });
    if (!outcome) return undefined;
    const current = (await this.getPostmortem(id))!;
    return outcome === 'ok'
      ? { ok: true, value: current }
      : { ok: false, current };
  }

  async updateSection(
    id: string,
    key: string,
    version: number,
    body: string,
    actor: string,
    at: string,
  ): Promise<VersionedWrite<PostmortemSection>> {
    const outcome = await this.db.transaction(async tx => {
      // Lock the postmortem first: two writers of different sections then queue, and each
      // recomputes the search text with the other's committed section in it.
      if (!(await lockPostmortem(tx, id))) return undefined;
      const changed = await tx('postmortem_sections')
        .where({ postmortem_id: id, key, version })
        .update({
          body,
          version: version + 1,
          updated_by: actor,
          updated_at: toDate(at),
        });
      if (changed === 0) return 'stale';
      await tx('postmortems')
        .where({ id })
        .update({ updated_at: toDate(at) });
      await refreshSearchText(tx, id);
      return 'ok';
    });
    if (!outcome) return undefined;
    const row = await this.db<SectionRow>('postmortem_sections')
      .where({ postmortem_id: id, key })
      .first();
    if (!row) return undefined;
    const section = mapSection(row);
    return outcome === 'ok'
      ? { ok: true, value: section }
      : { ok: false, current: section };
  }

  async addReviewer(id: string, userRef: string): Promise<void> {
    await this.db('postmortem_reviewers')
      .insert({
        postmortem_id: id,
        user_ref: userRef,
        decision: 'pending',
        comment: '',
        decided_at: null,
      })
      .onConflict(['postmortem_id', 'user_ref'])
      .ignore();
  }

  async removeReviewer(id: string, userRef: string): Promise<boolean> {
    return (
      (await this.db('postmortem_reviewers')
        .where({ postmortem_id: id, user_ref: userRef })
        .delete()) > 0
    );
  }

  async resetReviews(id: string): Promise<void> {
    await this.db('postmortem_reviewers')
      .where({ postmortem_id: id })
      .update({ decision: 'pending', decided_at: null });
  }

  async recordDecision(
    id: string,
    userRef: string,
    decision: ReviewDecision,
    comment: string,
    at: string,
  ): Promise<boolean> {
    return (
      (await this.db('postmortem_reviewers')
        .where({ postmortem_id: id, user_ref: userRef })
        .update({ decision, comment, decided_at: toDate(at) })) > 0
    );
  }

  async createActionItem(
    postmortemId: string,
    item: NewActionItem,
  ): Promise<ActionItem> {
    await this.db('postmortem_action_items').insert({
      id: item.id,
      postmortem_id: postmortemId,
      title: item.title,
      owner_ref: item.ownerRef,
      due_date: item.dueDate,
      status: item.status,
      tracker_url: item.trackerUrl,
      version: 1,
      created_at: toDate(item.createdAt),
      updated_at: toDate(item.createdAt),
    });
    return (await this.getActionItem(item.id))!;
  }

  async getActionItem(itemId: string): Promise<ActionItem | undefined> {
    const row = await this.db('postmortem_action_items as a')
      .join('postmortems as p', 'p.id', 'a.postmortem_id')
      .where('a.id', itemId)
      .first(ITEM_COLUMNS);
    return row ? mapItem(row, this.today()) : undefined;
  }

  async updateActionItem(
    itemId: string,
    version: number,
    changes: ActionItemChanges,
    at: string,
  ): Promise<VersionedWrite<ActionItem>> {
    const columns: Record<string, unknown> = {
      version: version + 1,
      updated_at: toDate(at),
    };
    if (changes.title !== undefined) columns.title = changes.title;
    if (changes.ownerRef !== undefined) columns.owner_ref = changes.ownerRef;
    if (changes.dueDate !== undefined) columns.due_date = changes.dueDate;
    if (changes.status !== undefined) columns.status = changes.status;
    if (changes.trackerUrl !== undefined)
      columns.tracker_url = changes.trackerUrl;
    const changed = await this.db('postmortem_action_items')
      .where({ id: itemId, version })
      .update(columns);
    const current = await this.getActionItem(itemId);
    if (!current) return undefined;
    return changed > 0 ? { ok: true, value: current } : { ok: false, current };
  }

  async deleteActionItem(itemId: string): Promise<boolean> {
    return (
      (await this.db('postmortem_action_items')
        .where({ id: itemId })
        .delete()) > 0
    );
  }

  async listActionItems(filter: ActionItemFilter): Promise<ActionItem[]> {
    if (filter.ownerRefs.length === 0) return [];
    const query = this.db('postmortem_action_items as a')
      .join('postmortems as p', 'p.id', 'a.postmortem_id')
      .join('incidents as i', 'i.seq', 'p.incident_seq')
      .whereIn('a.owner_ref', filter.ownerRefs);
    if (filter.openOnly) query.whereNotIn('a.status', CLOSED_ITEM_STATUSES);
    if (filter.dueBefore) {
      query
        .whereNotNull('a.due_date')
        .where('a.due_date', '<', filter.dueBefore);
    }
    if (filter.condition) applyCondition(query, filter.condition, 'i');
    const rows: ActionItemRow[] = await query
      .select(ITEM_COLUMNS)
      .orderBy([
        { column: 'a.due_date', order: 'asc' },
        { column: 'a.id', order: 'asc' },
      ])
      .limit(filter.limit);
    const today = this.today();
    return rows.map(row => mapItem(row, today));
  }

  async countPostmortems(): Promise<number> {
    const [{ count }] = await this.db('postmortems').count({ count: '*' });
    return Number(count);
  }

  private today(): string {
    return this.clock().toISOString().slice(0, 10);
  }

  private async loadFull(
    db: Knex | Knex.Transaction,
    where: (query: Knex.QueryBuilder) => void,
  ): Promise<StoredPostmortem[]> {
    const query = db('postmortems as p').select(SUMMARY_COLUMNS);
    where(query);
    const rows: PostmortemRow[] = await query;
    if (rows.length === 0) return [];
    const ids = rows.map(r => r.id);
    const [tags, sections, reviewers, items] = await Promise.all([
      this.tagsOf(db, ids),
      db<SectionRow>('postmortem_sections')
        .whereIn('postmortem_id', ids)
        .orderBy([
          { column: 'postmortem_id' },
          { column: 'position', order: 'asc' },
        ]),
      db<ReviewerRow>('postmortem_reviewers')
        .whereIn('postmortem_id', ids)
        .orderBy('user_ref'),
      db('postmortem_action_items as a')
        .join('postmortems as p', 'p.id', 'a.postmortem_id')
        .whereIn('a.postmortem_id', ids)
        .select(ITEM_COLUMNS)
        .orderBy([
          { column: 'a.created_at', order: 'asc' },
          { column: 'a.id', order: 'asc' },
        ]),
    ]);
    const today = this.today();
    return rows.map(row => ({
      ...mapSummary(row, tags.get(row.id) ?? []),
      incidentSeq: row.incident_seq,
      sections: sections
        .filter(s => s.postmortem_id === row.id)
        .map(mapSection),
      reviewers: reviewers
        .filter(r => r.postmortem_id === row.id)
        .map(mapReviewer),
      actionItems: (items as ActionItemRow[])
        .filter(a => a.postmortem_id === row.id)
        .map(a => mapItem(a, today)),
    }));
  }

  private async tagsOf(
    db: Knex | Knex.Transaction,
    ids: string[],
  ): Promise<Map<string, string[]>> {
    const byId = new Map<string, string[]>();
    if (ids.length === 0) return byId;
    const rows: Array<{ postmortem_id: string; tag: string }> = await db(
      'postmortem_tags',
    )
      .whereIn('postmortem_id', ids)
      .orderBy('tag');
    for (const row of rows) {
      byId.set(row.postmortem_id, [
        ...(byId.get(row.postmortem_id) ?? []),
        row.tag,
      ]);
    }
    return byId;
  }
}

async function lockPostmortem(
  tx: Knex.Transaction,
  id: string,
): Promise<PostmortemRow | undefined> {
  const query = tx<PostmortemRow>('postmortems').where({ id });
  // SQLite runs one writer at a time already; PostgreSQL needs the row lock
  if (tx.client.config.client === 'pg') query.forUpdate();
  return query.first();
}

async function writeTags(tx: Knex.Transaction, id: string, tags: string[]) {
  const unique = [...new Set(tags)];
  if (unique.length === 0) return;
  await tx('postmortem_tags').insert(
    unique.map(tag => ({ postmortem_id: id, tag })),
  );
}

/** Recomputes the lowercased text that full-text search matches, inside the writer's transaction. */
async function refreshSearchText(tx: Knex.Transaction, id: string) {
  const row = await tx<PostmortemRow>('postmortems').where({ id }).first();
  if (!row) return;
  const sections: SectionRow[] = await tx('postmortem_sections')
    .where({ postmortem_id: id })
    .orderBy('position');
  const tags: Array<{ tag: string }> = await tx('postmortem_tags')
    .where({ postmortem_id: id })
    .select('tag');
  const text = [
    row.title,
    row.cause_category ?? '',
    row.root_cause_entity_ref ?? '',
    row.entity_ref,
    ...tags.map(t => t.tag),
    ...sections.map(s => `${s.title}\n${s.body}`),
  ]
    .join('\n')
    .toLocaleLowerCase('en-US');
  await tx('postmortems').where({ id }).update({ search_text: text });
}
