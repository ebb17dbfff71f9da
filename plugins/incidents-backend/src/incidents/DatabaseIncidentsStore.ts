import { Knex } from 'knex';
import {
  Incident,
  IncidentSource,
  IncidentStatus,
  Page,
  Severity,
  TimelineEvent,
  TimelineEventType,
} from '@lookout/plugin-incidents-common';
import { toDate, toIso } from '../database/timestamps';
import { formatIncidentId } from './incidentIds';
import {
  IncidentCursor,
  IncidentFilter,
  IncidentsStore,
  NewIncident,
  NewTimelineEvent,
} from './IncidentsStore';

type Timestamp = Date | number | string;

interface IncidentRow {
  seq: number;
  title: string;
  description: string;
  severity: string;
  status: string;
  entity_ref: string;
  impacted_entity_refs: string;
  source: string;
  created_by: string;
  version: number;
  declared_at: Timestamp;
  acknowledged_at: Timestamp | null;
  mitigated_at: Timestamp | null;
  resolved_at: Timestamp | null;
  closed_at: Timestamp | null;
  updated_at: Timestamp;
}

interface EventRow {
  id: number | string;
  incident_seq: number;
  type: string;
  actor: string;
  at: Timestamp;
  data: string;
}

/** The knex implementation of {@link IncidentsStore}, on SQLite and PostgreSQL alike. */
export class DatabaseIncidentsStore implements IncidentsStore {
  static create(options: { knex: Knex }): DatabaseIncidentsStore {
    return new DatabaseIncidentsStore(options.knex);
  }

  private constructor(private readonly db: Knex) {}

  async createIncident(
    incident: NewIncident,
    events: NewTimelineEvent[],
  ): Promise<Incident> {
    return this.db.transaction(async tx => {
      const declaredAt = toDate(incident.declaredAt)!;
      const [inserted] = await tx('incidents')
        .insert({
          title: incident.title,
          description: incident.description,
          severity: incident.severity,
          status: incident.status,
          entity_ref: incident.entityRef,
          impacted_entity_refs: JSON.stringify(incident.impactedEntityRefs),
          source: incident.source,
          created_by: incident.createdBy,
          version: 1,
          declared_at: declaredAt,
          acknowledged_at: toDate(incident.acknowledgedAt),
          mitigated_at: toDate(incident.mitigatedAt),
          resolved_at: toDate(incident.resolvedAt),
          closed_at: toDate(incident.closedAt),
          updated_at: declaredAt,
        })
        .returning('seq');
      const seq = typeof inserted === 'object' ? inserted.seq : inserted;

      const entityRows = [
        { entity_ref: incident.entityRef, role: 'origin' },
        ...incident.impactedEntityRefs
          .filter(ref => ref !== incident.entityRef)
          .map(ref => ({ entity_ref: ref, role: 'impacted' })),
      ].map(row => ({ ...row, incident_seq: seq, declared_at: declaredAt }));
      await tx('incident_entities').insert(entityRows);

      if (events.length > 0) {
        await tx('incident_events').insert(
          events.map(event => ({
            incident_seq: seq,
            type: event.type,
            actor: event.actor,
            at: toDate(event.at),
            data: JSON.stringify(event.data ?? {}),
          })),
        );
      }

      const row = await tx<IncidentRow>('incidents').where({ seq }).first();
      return mapIncident(row!);
    });
  }

  async getIncident(seq: number): Promise<Incident | undefined> {
    const row = await this.db<IncidentRow>('incidents').where({ seq }).first();
    return row && mapIncident(row);
  }

  async listIncidents(
    filter: IncidentFilter,
  ): Promise<Page<Incident> & { last?: IncidentCursor }> {
    // An entity's incidents come from the entity index, whose rows carry the sort key, so the
    // page is an index range scan rather than a scan of every incident.
    const query = filter.entityRef
      ? this.db('incident_entities as e')
          .join('incidents as i', 'i.seq', 'e.incident_seq')
          .where('e.entity_ref', filter.entityRef)
      : this.db('incidents as i');
    const sortTable = filter.entityRef ? 'e' : 'i';
    const seqColumn = filter.entityRef ? 'e.incident_seq' : 'i.seq';

    if (filter.status?.length) {
      query.whereIn('i.status', filter.status);
    }
    if (filter.severity?.length) {
      query.whereIn('i.severity', filter.severity);
    }
    if (filter.after) {
      const at = toDate(filter.after.declaredAt);
      const seq = filter.after.seq;
      query.where(inner =>
        inner
          .where(`${sortTable}.declared_at`, '<', at!)
          .orWhere(same =>
            same
              .where(`${sortTable}.declared_at`, '=', at!)
              .andWhere(seqColumn, '<', seq),
          ),
      );
    }

    const rows: IncidentRow[] = await query
      .select('i.*')
      .orderBy([
        { column: `${sortTable}.declared_at`, order: 'desc' },
        { column: seqColumn, order: 'desc' },
      ])
      .limit(filter.limit + 1);

    const items = rows.slice(0, filter.limit).map(mapIncident);
    const hasMore = rows.length > filter.limit;
    const lastRow = rows[filter.limit - 1];
    return {
      items,
      last: hasMore
        ? { declaredAt: toIso(lastRow.declared_at), seq: lastRow.seq }
        : undefined,
    };
  }

  async listTimeline(seq: number): Promise<TimelineEvent[]> {
    const rows = await this.db<EventRow>('incident_events')
      .where({ incident_seq: seq })
      .orderBy('id', 'asc');
    return rows.map(mapEvent);
  }

  async countIncidents(): Promise<number> {
    const [{ count }] = await this.db('incidents').count({ count: '*' });
    return Number(count);
  }
}

function mapIncident(row: IncidentRow): Incident {
  return {
    id: formatIncidentId(row.seq),
    title: row.title,
    description: row.description,
    severity: row.severity as Severity,
    status: row.status as IncidentStatus,
    entityRef: row.entity_ref,
    impactedEntityRefs: JSON.parse(row.impacted_entity_refs),
    source: row.source as IncidentSource,
    createdBy: row.created_by,
    version: row.version,
    declaredAt: toIso(row.declared_at),
    acknowledgedAt: toIso(row.acknowledged_at),
    mitigatedAt: toIso(row.mitigated_at),
    resolvedAt: toIso(row.resolved_at),
    closedAt: toIso(row.closed_at),
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
