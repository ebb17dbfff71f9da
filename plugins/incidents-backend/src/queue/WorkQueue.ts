import { JsonObject } from '@backstage/types';
import { Knex } from 'knex';
import { escapeLike } from '../lib/sql';

/** One unit of due work, as a handler receives it. */
export interface WorkItem {
  id: string;
  kind: string;
  /** The side effect this item performs; unique across the queue. */
  key: string;
  payload: JsonObject;
  dueAt: Date;
  /** Claims so far, this one included. */
  attempts: number;
}

export interface NewWorkItem {
  kind: string;
  key: string;
  payload: JsonObject;
  /** When it is due; defaults to now. */
  dueAt?: Date;
  /** Due this long after the database's now; wins over `dueAt`. */
  delayMs?: number;
}

interface WorkItemRow {
  id: string | number;
  kind: string;
  key: string;
  payload: string;
  due_at: string | number;
  attempts: number;
}

const DEFAULT_LEASE_MS = 30_000;
const DEFAULT_MAX_ATTEMPTS = 10;

/**
 * Due work shared by every backend replica: rows with a due time, claimed under a lease
 * measured on the database clock (replicas' own clocks never decide who runs what), with
 * `FOR UPDATE SKIP LOCKED` on PostgreSQL so replicas never wait on each other's claims.
 * Each item's key is unique, so a side effect is scheduled once however often it is asked for;
 * a replica that dies mid-item loses its lease and another claims the item when it expires.
 */
export class WorkQueue {
  static create(options: {
    knex: Knex;
    leaseMs?: number;
    maxAttempts?: number;
  }): WorkQueue {
    return new WorkQueue(
      options.knex,
      options.leaseMs ?? DEFAULT_LEASE_MS,
      options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
    );
  }

  private readonly isPostgres: boolean;

  private constructor(
    private readonly db: Knex,
    readonly leaseMs: number,
    private readonly maxAttempts: number,
  ) {
    this.isPostgres = db.client.config.client === 'pg';
  }

  /**
   * Inserts items; one whose key exists already is ignored. Returns how many were new.
   * Pass `trx` to schedule work in the same transaction as the change that causes it.
   */
  async enqueue(items: NewWorkItem[], trx?: Knex.Transaction): Promise<number> {
    if (items.length === 0) return 0;
    const db = trx ?? this.db;
    const now = this.nowSql();
    const dueAt = (item: NewWorkItem) => {
      if (item.delayMs !== undefined) {
        return db.raw(`${now} + ?`, [Math.max(0, Math.round(item.delayMs))]);
      }
      return item.dueAt ? item.dueAt.getTime() : db.raw(now);
    };
    const rows = items.map(item => ({
      kind: item.kind,
      key: item.key,
      payload: JSON.stringify(item.payload),
      due_at: dueAt(item),
      created_at: db.raw(now),
    }));
    const inserted = await db('work_items')
      .insert(rows)
      .onConflict('key')
      .ignore()
      .returning('id');
    return inserted.length;
  }

  /**
   * Claims up to `limit` due items of the given kinds for `owner`, oldest due first. An item
   * whose lease expired (its owner died) is due again.
   */
  async claim(options: {
    kinds: string[];
    owner: string;
    limit: number;
  }): Promise<WorkItem[]> {
    if (options.kinds.length === 0) return [];
    const now = this.nowSql();
    const kinds = options.kinds.map(() => '?').join(', ');
    // On SQLite one writer at a time makes the single UPDATE atomic; PostgreSQL needs the lock.
    const lock = this.isPostgres ? 'FOR UPDATE SKIP LOCKED' : '';
    const result = await this.db.raw(
      `UPDATE work_items
          SET lease_owner = ?, lease_expires_at = ${now} + ?, attempts = attempts + 1
        WHERE id IN (
          SELECT id FROM work_items
           WHERE status = 'pending' AND kind IN (${kinds}) AND due_at <= ${now}
             AND (lease_expires_at IS NULL OR lease_expires_at < ${now})
           ORDER BY due_at
           LIMIT ? ${lock})
        RETURNING id, kind, key, payload, due_at, attempts`,
      [options.owner, this.leaseMs, ...options.kinds, options.limit],
    );
    const rows: WorkItemRow[] = this.isPostgres ? result.rows : result;
    return rows
      .map(row => ({
        id: String(row.id),
        kind: row.kind,
        key: row.key,
        payload: JSON.parse(row.payload),
        dueAt: new Date(Number(row.due_at)),
        attempts: Number(row.attempts),
      }))
      .sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime());
  }

  /** Marks an item done; a no-op when the lease passed to someone else meanwhile. */
  async complete(item: WorkItem, owner: string): Promise<void> {
    await this.db('work_items')
      .where({ id: item.id, lease_owner: owner })
      .update({
        status: 'done',
        lease_owner: null,
        lease_expires_at: null,
        finished_at: this.db.raw(this.nowSql()),
      });
  }

  /**
   * Marks a batch of items done in one statement: a batch handler's items; those whose lease
   * passed to someone else meanwhile are left alone.
   */
  async completeMany(items: WorkItem[], owner: string): Promise<void> {
    if (items.length === 0) return;
    await this.db('work_items')
      .whereIn(
        'id',
        items.map(item => item.id),
      )
      .andWhere({ lease_owner: owner })
      .update({
        status: 'done',
        lease_owner: null,
        lease_expires_at: null,
        finished_at: this.db.raw(this.nowSql()),
      });
  }

  /**
   * Marks pending items of a kind done without running them, because what they would do has
   * happened another way (a page's backstop, once the page went out). An item some worker holds
   * right now is left to it. Returns how many were settled.
   */
  async settle(kind: string, keys: string[]): Promise<number> {
    if (keys.length === 0) return 0;
    const now = this.nowSql();
    return this.db('work_items')
      .where({ kind, status: 'pending' })
      .whereIn('key', keys)
      .andWhere(free =>
        free
          .whereNull('lease_expires_at')
          .orWhere('lease_expires_at', '<', this.db.raw(now)),
      )
      .update({ status: 'done', finished_at: this.db.raw(now) });
  }

  /** Puts an item back, due after `delayMs`, or marks it failed once it used its attempts. */
  async retry(
    item: WorkItem,
    owner: string,
    error: string,
    delayMs: number,
  ): Promise<void> {
    const exhausted = item.attempts >= this.maxAttempts;
    const now = this.nowSql();
    await this.db('work_items')
      .where({ id: item.id, lease_owner: owner })
      .update({
        status: exhausted ? 'failed' : 'pending',
        due_at: exhausted
          ? this.db.ref('due_at')
          : this.db.raw(`${now} + ?`, [Math.max(0, Math.round(delayMs))]),
        lease_owner: null,
        lease_expires_at: null,
        last_error: error.slice(0, 4000),
        finished_at: exhausted ? this.db.raw(now) : null,
      });
  }

  /** Cancels pending items of a kind whose key starts with `keyPrefix`; returns how many. */
  async cancel(kind: string, keyPrefix: string): Promise<number> {
    return this.db('work_items')
      .where({ kind, status: 'pending' })
      .andWhereRaw(`key LIKE ? ESCAPE '\\'`, [`${escapeLike(keyPrefix)}%`])
      .update({
        status: 'cancelled',
        finished_at: this.db.raw(this.nowSql()),
      });
  }

  /** Gives up this owner's leases (graceful shutdown): its items are due again at once. */
  async release(owner: string): Promise<void> {
    await this.db('work_items')
      .where({ lease_owner: owner, status: 'pending' })
      .update({
        lease_owner: null,
        lease_expires_at: null,
        // the claim that is given back does not count as an attempt
        attempts: this.db.raw('attempts - 1'),
      });
  }

  /** Milliseconds until the next pending item of these kinds is due, or null when none is. */
  async nextDueIn(kinds: string[]): Promise<number | null> {
    if (kinds.length === 0) return null;
    const row = (await this.db('work_items')
      .where({ status: 'pending' })
      .whereIn('kind', kinds)
      .whereNull('lease_expires_at')
      .min({ due: 'due_at' })
      .select(this.db.raw(`${this.nowSql()} as now`))
      .first()) as { due: unknown; now: unknown } | undefined;
    if (!row || row.due === null || row.due === undefined) return null;
    return Math.max(0, Number(row.due) - Number(row.now));
  }

  /**
   * How far behind the queue is on these kinds: how many pending items are due now (claimed or
   * not) and the due time of the oldest, on the database clock. Several replicas share it, so
   * it tells whether the queue as a whole keeps up, not only this one.
   */
  async backlog(
    kinds: string[],
  ): Promise<{ due: number; oldestDueAt: number | null; now: number }> {
    const row = (await this.db('work_items')
      .where({ status: 'pending' })
      .whereIn('kind', kinds)
      .andWhere('due_at', '<=', this.db.raw(this.nowSql()))
      .count({ due: '*' })
      .min({ oldest: 'due_at' })
      .select(this.db.raw(`${this.nowSql()} as now`))
      .first()) as { due: unknown; oldest: unknown; now: unknown } | undefined;
    const oldest =
      row?.oldest === null || row?.oldest === undefined
        ? null
        : Number(row.oldest);
    return {
      due: Number(row?.due ?? 0),
      oldestDueAt: oldest,
      now: Number(row?.now),
    };
  }

  /** Deletes finished items older than `olderThanMs`; their keys may then be scheduled again. */
  async purgeFinished(olderThanMs: number): Promise<number> {
    return this.db('work_items')
      .whereIn('status', ['done', 'failed', 'cancelled'])
      .andWhere(
        'finished_at',
        '<',
        this.db.raw(`${this.nowSql()} - ?`, [olderThanMs]),
      )
      .delete();
  }

  /** The database clock, epoch milliseconds. */
  async now(): Promise<number> {
    const row = await this.db
      .select(this.db.raw(`${this.nowSql()} as now`))
      .first();
    return Number(row.now);
  }

  private nowSql(): string {
    return this.isPostgres
      ? `(extract(epoch from clock_timestamp()) * 1000)::bigint`
      : `CAST(ROUND((julianday('now') - 2440587.5) * 86400000) AS INTEGER)`;
  }
}
