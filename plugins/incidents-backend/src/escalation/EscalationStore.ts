import { EscalationState } from '@lookout/plugin-incidents-common';
import { Knex } from 'knex';
import { FrozenPolicy, Step } from './policy';

/** An escalation as stored: one per incident. */
export interface EscalationRecord extends Step {
  incidentSeq: number;
  groupRef: string;
  policyId: string;
  policy: FrozenPolicy;
  state: EscalationState;
  /** Bumped by a manual escalation and by a restart, so timers scheduled before do nothing. */
  epoch: number;
  /** 1 for the first start; one more each time a reopened incident starts it again. */
  run: number;
  startedAt: Date;
  stoppedAt: Date | null;
}

/** Escalations: one per incident, its run of the policy and where it stands. */
export interface EscalationStore {
  /** Runs `fn` in one transaction; every method below, and the paging store's writes, take it as `trx`. */
  transaction<T>(fn: (trx: Knex.Transaction) => Promise<T>): Promise<T>;
  /** Inserts the escalation unless the incident has one; true when it was new. */
  createEscalation(
    escalation: EscalationRecord,
    trx: Knex.Transaction,
  ): Promise<boolean>;
  getEscalation(
    seq: number,
    trx?: Knex.Transaction,
  ): Promise<EscalationRecord | undefined>;
  /** Several incidents' escalations at once; those that have none are left out. */
  getEscalations(seqs: number[]): Promise<EscalationRecord[]>;
  /** Reads the escalation and locks its row until `trx` ends (PostgreSQL). */
  lockEscalation(
    seq: number,
    trx: Knex.Transaction,
  ): Promise<EscalationRecord | undefined>;
  /**
   * Reads several escalations and locks their rows until `trx` ends, in incident order, so
   * two batches that share incidents wait for each other instead of deadlocking.
   */
  lockEscalations(
    seqs: number[],
    trx: Knex.Transaction,
  ): Promise<EscalationRecord[]>;
  /** Overwrites the incident's escalation with a new run of it. */
  restartEscalation(
    escalation: EscalationRecord,
    trx: Knex.Transaction,
  ): Promise<void>;
  updateEscalation(
    seq: number,
    changes: Partial<
      Pick<
        EscalationRecord,
        'state' | 'level' | 'round' | 'epoch' | 'stoppedAt'
      >
    >,
    trx: Knex.Transaction,
  ): Promise<void>;
  /** Applies each incident's changes; incidents with the same changes share one statement. */
  updateEscalations(
    updates: Array<{
      seq: number;
      changes: Parameters<EscalationStore['updateEscalation']>[1];
    }>,
    trx: Knex.Transaction,
  ): Promise<void>;
  /** Whether the incident exists and is open, as `trx` sees it now. */
  isIncidentOpen(seq: number, trx: Knex.Transaction): Promise<boolean>;
}
