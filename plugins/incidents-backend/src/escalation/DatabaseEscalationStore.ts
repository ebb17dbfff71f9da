import { IncidentStatus, isOpenStatus } from '@lookout/plugin-incidents-common';
import { Knex } from 'knex';
import { EscalationRecord, EscalationStore } from './EscalationStore';
import { Timestamp } from '../database/timestamps';

interface EscalationRow {
  incident_seq: number;
  group_ref: string;
  policy_id: string;
  policy: string;
  state: string;
  level: number;
  round: number;
  epoch: number;
  run: number;
  started_at: Timestamp;
  stopped_at: Timestamp | null;
}

/** The knex implementation of {@link EscalationStore}, on SQLite and PostgreSQL alike. */
export class DatabaseEscalationStore implements EscalationStore {
  static create(options: { knex: Knex }): DatabaseEscalationStore {
    return new DatabaseEscalationStore(options.knex);
  }

  private readonly isPostgres: boolean;

  private constructor(private readonly db: Knex) {
    this.isPostgres = String(db.client.config.client).startsWith('p');
  }

  transaction<T>(fn: (trx: Knex.Transaction) => Promise<T>): Promise<T> {
    return this.db.transaction(fn);
  }

  async createEscalation(
    escalation: EscalationRecord,
    trx: Knex.Transaction,
  ): Promise<boolean> {
    const inserted = await trx('escalations')
      .insert(toEscalationRow(escalation))
      .onConflict('incident_seq')
      .ignore()
      .returning('incident_seq');
    return inserted.length > 0;
  }

  async getEscalation(
    seq: number,
    trx?: Knex.Transaction,
  ): Promise<EscalationRecord | undefined> {
    const row = await (trx ?? this.db)<EscalationRow>('escalations')
      .where({ incident_seq: seq })
      .first();
    return row && mapEscalation(row);
  }

  async getEscalations(seqs: number[]): Promise<EscalationRecord[]> {
    if (seqs.length === 0) return [];
    const rows = await this.db<EscalationRow>('escalations').whereIn(
      'incident_seq',
      seqs,
    );
    return rows.map(mapEscalation);
  }

  async lockEscalations(
    seqs: number[],
    trx: Knex.Transaction,
  ): Promise<EscalationRecord[]> {
    if (seqs.length === 0) return [];
    const query = trx<EscalationRow>('escalations')
      .whereIn('incident_seq', seqs)
      .orderBy('incident_seq');
    if (this.isPostgres) query.forUpdate();
    return (await query).map(mapEscalation);
  }

  async lockEscalation(
    seq: number,
    trx: Knex.Transaction,
  ): Promise<EscalationRecord | undefined> {
    const query = trx<EscalationRow>('escalations').where({
      incident_seq: seq,
    });
    // SQLite has one writer at a time, so its transaction is the lock already
    if (this.isPostgres) query.forUpdate();
    const row = await query.first();
    return row && mapEscalation(row);
  }

  async restartEscalation(
    escalation: EscalationRecord,
    trx: Knex.Transaction,
  ): Promise<void> {
    await trx('escalations')
      .where({ incident_seq: escalation.incidentSeq })
      .update(toEscalationRow(escalation));
  }

  async updateEscalation(
    seq: number,
    changes: EscalationChanges,
    trx: Knex.Transaction,
  ): Promise<void> {
    await trx('escalations')
      .where({ incident_seq: seq })
      .update(toChangedColumns(changes));
  }

  async updateEscalations(
    updates: Array<{ seq: number; changes: EscalationChanges }>,
    trx: Knex.Transaction,
  ): Promise<void> {
    // a batch of steps mostly makes the same change (the same level fired), so group them
    const groups = new Map<
      string,
      { row: Partial<EscalationRow>; seqs: number[] }
    >();
    for (const { seq, changes } of updates) {
      const row = toChangedColumns(changes);
      const key = JSON.stringify(row);
      const group = groups.get(key) ?? { row, seqs: [] };
      group.seqs.push(seq);
      groups.set(key, group);
    }
    for (const { row, seqs } of groups.values()) {
      await trx('escalations').whereIn('incident_seq', seqs).update(row);
    }
  }

  async isIncidentOpen(seq: number, trx: Knex.Transaction): Promise<boolean> {
    const row = await trx('incidents').where({ seq }).first('status');
    return !!row && isOpenStatus(row.status as IncidentStatus);
  }
}

type EscalationChanges = Partial<
  Pick<EscalationRecord, 'state' | 'level' | 'round' | 'epoch' | 'stoppedAt'>
>;

function toChangedColumns(changes: EscalationChanges): Partial<EscalationRow> {
  const row: Partial<EscalationRow> = {};
  if (changes.state !== undefined) row.state = changes.state;
  if (changes.level !== undefined) row.level = changes.level;
  if (changes.round !== undefined) row.round = changes.round;
  if (changes.epoch !== undefined) row.epoch = changes.epoch;
  if (changes.stoppedAt !== undefined) row.stopped_at = changes.stoppedAt;
  return row;
}

function toEscalationRow(escalation: EscalationRecord): EscalationRow {
  return {
    incident_seq: escalation.incidentSeq,
    group_ref: escalation.groupRef,
    policy_id: escalation.policyId,
    policy: JSON.stringify(escalation.policy),
    state: escalation.state,
    level: escalation.level,
    round: escalation.round,
    epoch: escalation.epoch,
    run: escalation.run,
    started_at: escalation.startedAt,
    stopped_at: escalation.stoppedAt,
  };
}

function mapEscalation(row: EscalationRow): EscalationRecord {
  return {
    incidentSeq: row.incident_seq,
    groupRef: row.group_ref,
    policyId: row.policy_id,
    policy: JSON.parse(row.policy),
    state: row.state as EscalationRecord['state'],
    level: row.level,
    round: row.round,
    epoch: row.epoch,
    run: row.run,
    startedAt: new Date(row.started_at),
    stoppedAt: row.stopped_at ? new Date(row.stopped_at) : null,
  };
}
