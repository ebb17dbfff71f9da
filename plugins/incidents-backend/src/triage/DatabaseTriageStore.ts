import {
  TriageSuggestionKind,
  TriageVerdict,
} from '@lookout/plugin-incidents-common';
import { Knex } from 'knex';
import { toDate } from '../database/timestamps';
import {
  NewVerdict,
  StoredTriage,
  TriageStore,
  VerdictCounts,
} from './TriageStore';

/** Bulk reads are split so no statement exceeds SQLite's bound-parameter limit. */
const CHUNK = 500;

interface ResultRow {
  incident_seq: number;
  result: string;
  trigger: string;
  computed_at: Date | string | number;
}

/** The knex implementation of {@link TriageStore}, on SQLite and PostgreSQL alike. */
export class DatabaseTriageStore implements TriageStore {
  static create(options: { knex: Knex }): DatabaseTriageStore {
    return new DatabaseTriageStore(options.knex);
  }

  private constructor(private readonly db: Knex) {}

  async saveTriage(incidentSeq: number, triage: StoredTriage): Promise<void> {
    await this.db('triage_results')
      .insert({
        incident_seq: incidentSeq,
        result: JSON.stringify(triage),
        trigger: triage.trigger,
        computed_at: toDate(triage.computedAt),
      })
      .onConflict('incident_seq')
      .merge(['result', 'trigger', 'computed_at']);
  }

  async getTriage(incidentSeq: number): Promise<StoredTriage | undefined> {
    const row = await this.db<ResultRow>('triage_results')
      .where({ incident_seq: incidentSeq })
      .first();
    return row ? (JSON.parse(row.result) as StoredTriage) : undefined;
  }

  async recordVerdict(verdict: NewVerdict): Promise<void> {
    await this.db('triage_feedback')
      .insert({
        incident_seq: verdict.incidentSeq,
        suggestion_id: verdict.suggestionId,
        kind: verdict.kind,
        target: verdict.target,
        verdict: verdict.verdict,
        actor: verdict.actor,
        at: toDate(verdict.at),
      })
      .onConflict(['incident_seq', 'suggestion_id', 'actor'])
      .merge(['verdict', 'at', 'kind', 'target']);
  }

  async verdictsOf(
    incidentSeq: number,
    actor: string,
  ): Promise<Record<string, TriageVerdict>> {
    const rows = await this.db('triage_feedback')
      .select('suggestion_id', 'verdict')
      .where({ incident_seq: incidentSeq, actor });
    return Object.fromEntries(
      rows.map(row => [row.suggestion_id, row.verdict as TriageVerdict]),
    );
  }

  async countVerdicts(): Promise<VerdictCounts> {
    const rows: Array<{
      kind: string;
      verdict: string;
      count: string | number;
    }> = await this.db('triage_feedback')
      .select('kind', 'verdict')
      .count({ count: '*' })
      .groupBy('kind', 'verdict');
    return rows.map(row => ({
      kind: row.kind as TriageSuggestionKind,
      verdict: row.verdict as TriageVerdict,
      count: Number(row.count),
    }));
  }

  async confirmedCauses(
    incidentSeqs: number[],
  ): Promise<Map<number, string[]>> {
    const confirmed = new Map<number, string[]>();
    for (let i = 0; i < incidentSeqs.length; i += CHUNK) {
      const rows = await this.db('triage_feedback')
        .select('incident_seq', 'target')
        .select(
          this.db.raw(
            "sum(case when verdict = 'right' then 1 else -1 end) as balance",
          ),
        )
        .where('kind', 'cause')
        .whereIn('incident_seq', incidentSeqs.slice(i, i + CHUNK))
        .groupBy('incident_seq', 'target');
      for (const row of rows) {
        if (Number(row.balance) <= 0) continue;
        const seq = Number(row.incident_seq);
        confirmed.set(seq, [...(confirmed.get(seq) ?? []), row.target]);
      }
    }
    return confirmed;
  }
}
