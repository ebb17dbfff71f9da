import { Knex } from 'knex';
import {
  Incident,
  IncidentRole,
  IncidentSource,
  IncidentStatus,
  isOpenStatus,
  Severity,
  TimelineEvent,
  TimelineEventType,
} from '@lookout/plugin-incidents-common';
import { Timestamp, toDate, toIso } from '../database/timestamps';
import { newestFirstPage } from '../lib/keysetPage';
import { escapeLike } from '../lib/sql';
import { applyCondition } from '../permissions/conditions';
import { formatIncidentId } from './incidentIds';
import {
  IncidentCursor,
  IncidentFilter,
  IncidentsStore,
  IncidentUpdate,
  NewIncident,
  NewTimelineEvent,
} from './IncidentsStore';

interface IncidentRow {
  seq: number;
  title: string;
  description: string;
  severity: string;
  status: string;
  entity_ref: string;
  impacted_entity_refs: string;
  owner_ref: string | null;
  source: string;
  customer_impact: string;
  labels: string;
  links: string;
  commander_ref: string | null;
  communications_ref: string | null;
  scribe_ref: string | null;
  merged_into: number | null;
  created_by: string;
  version: number;
  declared_at: Timestamp;
  updated_at: Timestamp;
}

interface EventRow {
  id: number | string;
  incident_seq: number;
  type: string;
  status: string | null;
  actor: string;
  at: Timestamp;
  data: string;
}

/** Events per INSERT, well under every engine's parameter limit. */
const EVENT_CHUNK = 500;

/** Times derived from the timeline; never stored on the incident itself. */
interface DerivedTimes {
  incident_seq: number;
  acknowledged_at: Timestamp | null;
  /** Event ids order a timeline even where events share a timestamp. */
  last_acknowledged_id: number | string | null;
  last_resolved_id: number | string | null;
  mitigated_at: Timestamp | null;
  resolved_at: Timestamp | null;
  closed_at: Timestamp | null;
}

/** Incident fields an update may set, and their columns; objects are stored as JSON. */
const CHANGE_COLUMNS = {
  entityRef: 'entity_ref',
  ownerRef: 'owner_ref',
  title: 'title',
  description: 'description',
  severity: 'severity',
  status: 'status',
  customerImpact: 'customer_impact',
  labels: 'labels',
  links: 'links',
  impactedEntityRefs: 'impacted_entity_refs',
  mergedInto: 'merged_into',
} as const;

const ROLE_COLUMNS: Record<IncidentRole, keyof IncidentRow> = {
  commander: 'commander_ref',
  communications: 'communications_ref',
  scribe: 'scribe_ref',
};

/** The knex implementation of {@link IncidentsStore}, on SQLite and PostgreSQL alike. */
export class DatabaseIncidentsStore implements IncidentsStore {
  static create(options: { knex: Knex }): DatabaseIncidentsStore {
    return new DatabaseIncidentsStore(options.knex);
  }

  private constructor(private readonly db: Knex) {}

  /**
   * The same store acting inside `tx`, so that an alert and the incident it opens or changes
   * commit together. Its own transactions become savepoints of `tx`.
   */
  inTransaction(tx: Knex.Transaction): DatabaseIncidentsStore {
    return new DatabaseIncidentsStore(tx);
  }

  async createIncident(
    incident: NewIncident,
    events: NewTimelineEvent[],
  ): Promise<Incident> {
    const seq = await this.db.transaction(async tx => {
      const declaredAt = toDate(incident.declaredAt)!;
      const [inserted] = await tx('incidents')
        .insert({
          title: incident.title,
          description: incident.description,
          severity: incident.severity,
          status: incident.status,
          entity_ref: incident.entityRef,
          impacted_entity_refs: JSON.stringify(incident.impactedEntityRefs),
          owner_ref: incident.ownerRef,
          source: incident.source,
          customer_impact: incident.customerImpact ?? '',
          labels: JSON.stringify(incident.labels ?? {}),
          links: JSON.stringify(incident.links ?? []),
          commander_ref: incident.roles?.commander ?? null,
          communications_ref: incident.roles?.communications ?? null,
          scribe_ref: incident.roles?.scribe ?? null,
          created_by: incident.createdBy,
          version: 1,
          declared_at: declaredAt,
          updated_at: declaredAt,
        })
        .returning('seq');
      const newSeq: number =
        typeof inserted === 'object' ? inserted.seq : inserted;
      await this.writeEntityIndex(
        tx,
        newSeq,
        incident.entityRef,
        incident.impactedEntityRefs,
        declaredAt,
      );
      await insertEvents(tx, newSeq, events);
      return newSeq;
    });
    return (await this.getIncident(seq))!;
  }

  async getIncident(seq: number): Promise<Incident | undefined> {
    const [incident] = await this.getIncidents([seq]);
    return incident;
  }

  async getIncidents(seqs: number[]): Promise<Incident[]> {
    if (seqs.length === 0) return [];
    const rows = await this.db<IncidentRow>('incidents').whereIn('seq', seqs);
    const bySeq = new Map(rows.map(row => [row.seq, row]));
    const found = seqs.flatMap(seq => bySeq.get(seq) ?? []);
    return withDerivedTimes(this.db, found);
  }

  async updateIncident(
    seq: number,
    compute: (current: Incident) => IncidentUpdate,
  ): Promise<Incident | undefined> {
    return this.db.transaction(async tx => {
      const locked = tx<IncidentRow>('incidents').where({ seq });
      // SQLite runs one writer at a time already; PostgreSQL needs the row lock
      if (tx.client.config.client === 'pg') locked.forUpdate();
      const row = await locked.first();
      if (!row) return undefined;
      const [current] = await withDerivedTimes(tx, [row]);
      const { changes, events } = compute(current);

      const columns: Record<string, unknown> = {
        version: row.version + 1,
        updated_at: toDate(events[0]?.at ?? new Date().toISOString()),
      };
      for (const [field, column] of Object.entries(CHANGE_COLUMNS)) {
        const value = changes[field as keyof typeof CHANGE_COLUMNS];
        if (value !== undefined) {
          columns[column] =
            value !== null && typeof value === 'object'
              ? JSON.stringify(value)
              : value;
        }
      }
      for (const [role, ref] of Object.entries(changes.roles ?? {})) {
        columns[ROLE_COLUMNS[role as IncidentRole]] = ref;
      }
      await tx('incidents').where({ seq }).update(columns);

      if (
        changes.impactedEntityRefs !== undefined ||
        changes.entityRef !== undefined
      ) {
        await tx('incident_entities').where({ incident_seq: seq }).delete();
        await this.writeEntityIndex(
          tx,
          seq,
          changes.entityRef ?? row.entity_ref,
          changes.impactedEntityRefs ?? JSON.parse(row.impacted_entity_refs),
          toDate(toIso(row.declared_at))!,
        );
      }
      await insertEvents(tx, seq, events);
      const updated = await tx<IncidentRow>('incidents').where({ seq }).first();
      const [incident] = await withDerivedTimes(tx, [updated!]);
      return incident;
    });
  }

  async appendEvents(
    seq: number,
    events: NewTimelineEvent[],
  ): Promise<TimelineEvent[]> {
    // one INSERT … RETURNING is atomic on its own: no savepoint and no second read
    const rows = await insertEventRows(
      this.db,
      events.map(event => ({ seq, event })),
    );
    return rows.map(mapEvent);
  }

  async appendEventsToMany(
    entries: Array<{ seq: number; event: NewTimelineEvent }>,
  ): Promise<void> {
    for (let i = 0; i < entries.length; i += EVENT_CHUNK) {
      await insertEventRows(this.db, entries.slice(i, i + EVENT_CHUNK));
    }
  }

  async listIncidents(
    filter: IncidentFilter,
  ): Promise<{ items: Incident[]; last?: IncidentCursor }> {
    // An entity's incidents come from the entity index, whose rows carry the sort key, so the
    // page is an index range scan rather than a scan of every incident.
    const byEntity = Boolean(filter.entityRef);
    const query = byEntity
      ? this.db('incident_entities as e')
          .join('incidents as i', 'i.seq', 'e.incident_seq')
          .where('e.entity_ref', filter.entityRef!)
      : this.db('incidents as i');
    const sortTable = byEntity ? 'e' : 'i';
    const seqColumn = byEntity ? 'e.incident_seq' : 'i.seq';

    if (filter.entityRefs) {
      query.whereIn(
        'i.seq',
        this.db('incident_entities')
          .select('incident_seq')
          .whereIn('entity_ref', filter.entityRefs),
      );
    }
    if (filter.status?.length) {
      query.whereIn('i.status', filter.status);
    }
    if (filter.severity?.length) {
      query.whereIn('i.severity', filter.severity);
    }
    if (filter.from) {
      query.where(`${sortTable}.declared_at`, '>=', toDate(filter.from)!);
    }
    if (filter.to) {
      query.where(`${sortTable}.declared_at`, '<', toDate(filter.to)!);
    }
    if (filter.text) {
      const pattern = `%${escapeLike(filter.text.toLocaleLowerCase('en-US'))}%`;
      query.where(text =>
        text
          .whereRaw(`lower(i.title) like ? escape '\\'`, [pattern])
          .orWhereRaw(`lower(i.description) like ? escape '\\'`, [pattern]),
      );
    }
    if (filter.condition) {
      applyCondition(query, filter.condition);
    }
    const { rows, last } = await newestFirstPage(
      query.select('i.*'),
      { time: `${sortTable}.declared_at`, id: seqColumn },
      filter,
      (row: IncidentRow) => ({ at: toIso(row.declared_at), id: row.seq }),
    );
    return { items: await withDerivedTimes(this.db, rows), last };
  }

  async listTimeline(seq: number): Promise<TimelineEvent[]> {
    // Merged duplicates join their primary's timeline, however deep the chain of merges.
    const seqs = [seq];
    let frontier = [seq];
    while (frontier.length > 0) {
      const merged = await this.db('incidents')
        .whereIn('merged_into', frontier)
        .pluck('seq');
      frontier = merged.filter((s: number) => !seqs.includes(s));
      seqs.push(...frontier);
    }
    const rows = await this.db<EventRow>('incident_events')
      .whereIn('incident_seq', seqs)
      .orderBy([
        { column: 'at', order: 'asc' },
        { column: 'id', order: 'asc' },
      ]);
    return rows.map(mapEvent);
  }

  async deleteIncident(seq: number): Promise<boolean> {
    return this.db.transaction(async tx => {
      await tx('incident_events').where({ incident_seq: seq }).delete();
      await tx('incident_entities').where({ incident_seq: seq }).delete();
      await tx('incidents').where({ merged_into: seq }).update({
        merged_into: null,
      });
      return (await tx('incidents').where({ seq }).delete()) > 0;
    });
  }

  async countIncidents(): Promise<number> {
    const [{ count }] = await this.db('incidents').count({ count: '*' });
    return Number(count);
  }

  private async writeEntityIndex(
    tx: Knex.Transaction,
    seq: number,
    origin: string,
    impacted: string[],
    declaredAt: Date,
  ) {
    const rows = [
      { entity_ref: origin, role: 'origin' },
      ...impacted
        .filter(ref => ref !== origin)
        .map(ref => ({ entity_ref: ref, role: 'impacted' })),
    ].map(row => ({ ...row, incident_seq: seq, declared_at: declaredAt }));
    await tx('incident_entities').insert(rows);
  }
}

/** One grouped query over the page's events gives every derived time. */
async function withDerivedTimes(
  db: Knex,
  rows: IncidentRow[],
): Promise<Incident[]> {
  if (rows.length === 0) return [];
  const times: DerivedTimes[] = await db('incident_events')
    .select(
      'incident_seq',
      db.raw(
        `min(case when type = 'acknowledged' then at end) as acknowledged_at,
         max(case when type = 'acknowledged' then id end) as last_acknowledged_id,
         max(case when status = 'resolved' then id end) as last_resolved_id,
         min(case when status in ('monitoring', 'resolved') then at end) as mitigated_at,
         max(case when status = 'resolved' then at end) as resolved_at,
         max(case when status = 'closed' then at end) as closed_at`,
      ),
    )
    .whereIn(
      'incident_seq',
      rows.map(r => r.seq),
    )
    // only milestones count, and the partial index holds exactly them (see the
    // incident_milestones migration): a storm's thousands of alert events are never read.
    // Literal, not bound: the planner matches an index predicate only against constants.
    .andWhereRaw("(type = 'acknowledged' or status is not null)")
    .groupBy('incident_seq');
  const bySeq = new Map(times.map(t => [Number(t.incident_seq), t]));
  return rows.map(row => mapIncident(row, bySeq.get(row.seq)));
}

/** An incident's timeline event as its row is written. */
function eventRow(seq: number, event: NewTimelineEvent) {
  return {
    incident_seq: seq,
    type: event.type,
    status: event.status ?? null,
    actor: event.actor,
    at: toDate(event.at),
    data: JSON.stringify(event.data ?? {}),
  };
}

async function insertEvents(
  tx: Knex.Transaction,
  seq: number,
  events: NewTimelineEvent[],
): Promise<number[]> {
  if (events.length === 0) return [];
  const inserted = await tx('incident_events')
    .insert(events.map(event => eventRow(seq, event)))
    .returning('id');
  return inserted.map((r: { id: number } | number) =>
    typeof r === 'object' ? Number(r.id) : Number(r),
  );
}

/** Inserts events in the order given, answering the rows as written, in id order. */
async function insertEventRows(
  db: Knex,
  entries: Array<{ seq: number; event: NewTimelineEvent }>,
): Promise<EventRow[]> {
  if (entries.length === 0) return [];
  const rows: EventRow[] = await db('incident_events')
    .insert(entries.map(({ seq, event }) => eventRow(seq, event)))
    .returning('*');
  return rows.sort((a, b) => Number(a.id) - Number(b.id));
}

/**
 * A reopened incident is not resolved any more, whatever its timeline once said, and it waits
 * for a new acknowledgement: the one it had answered the pages sent before it was resolved.
 * Once acknowledged again it shows its first acknowledgement, which MTTA measures.
 */
function mapIncident(row: IncidentRow, times?: DerivedTimes): Incident {
  const status = row.status as IncidentStatus;
  const resolved = status === 'resolved' || status === 'closed';
  const lastResolved = times?.last_resolved_id ?? null;
  const lastAcknowledged = times?.last_acknowledged_id ?? null;
  const reopenedSinceAcknowledged =
    isOpenStatus(status) &&
    lastResolved !== null &&
    lastAcknowledged !== null &&
    Number(lastAcknowledged) < Number(lastResolved);
  const roles: Incident['roles'] = {};
  for (const [role, column] of Object.entries(ROLE_COLUMNS)) {
    const ref = row[column] as string | null;
    if (ref) roles[role as IncidentRole] = ref;
  }
  return {
    id: formatIncidentId(row.seq),
    title: row.title,
    description: row.description,
    severity: row.severity as Severity,
    status,
    entityRef: row.entity_ref,
    impactedEntityRefs: JSON.parse(row.impacted_entity_refs),
    source: row.source as IncidentSource,
    customerImpact: row.customer_impact,
    labels: JSON.parse(row.labels),
    links: JSON.parse(row.links),
    roles,
    ownerRef: row.owner_ref,
    mergedInto: row.merged_into ? formatIncidentId(row.merged_into) : null,
    createdBy: row.created_by,
    version: row.version,
    declaredAt: toIso(row.declared_at),
    acknowledgedAt: reopenedSinceAcknowledged
      ? null
      : toIso(times?.acknowledged_at),
    mitigatedAt: toIso(times?.mitigated_at),
    resolvedAt: resolved ? toIso(times?.resolved_at) : null,
    closedAt: status === 'closed' ? toIso(times?.closed_at) : null,
    updatedAt: toIso(row.updated_at),
  };
}

function mapEvent(row: EventRow): TimelineEvent {
  return {
    id: String(row.id),
    incidentId: formatIncidentId(row.incident_seq),
    type: row.type as TimelineEventType,
    actor: row.actor,
    at: toIso(row.at),
    data: JSON.parse(row.data),
  };
}
