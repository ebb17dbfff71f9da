import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  Alert,
  BlastRadius,
  ChangeEvent,
  Incident,
  TimelineEvent,
} from '@lookout/plugin-incidents-common';
import { entitiesByRef, ENTITY_FIELDS } from '../catalog/entitiesByRef';
import { parseIncidentId } from '../incidents/incidentIds';
import { IncidentsStore } from '../incidents/IncidentsStore';
import { Gaps } from './gaps';
import { TriageInputs } from './sources';

/** What triage reads of a change event: its entity, summary and time. */
export type ChangeSeen = Pick<ChangeEvent, 'entityRef' | 'summary' | 'at'>;

/** What the other domains know about an incident, read once at the start of a triage. */
export interface Evidence {
  timeline: TimelineEvent[];
  /** The incident's own alerts. */
  alerts: Alert[];
  /** What the origin reaches: who is hurt. */
  downstream: BlastRadius;
  /** What the origin depends on: where the cause may be. */
  upstream: BlastRadius;
  changes: ChangeSeen[];
  /** The entities upstream that may be a cause (an API is only the way to one). */
  upstreamRefs: string[];
  /** The catalog entities of the origin, downstream and upstream, by ref. */
  entities: Map<string, Entity>;
}

/** Reads the incident's timeline, alerts, both walks of the graph, changes and entities. */
export async function gatherEvidence(
  deps: {
    incidents: Pick<IncidentsStore, 'listTimeline'>;
    inputs: TriageInputs;
    catalog: CatalogService;
  },
  incident: Incident,
  credentials: BackstageCredentials,
  gaps: Gaps,
): Promise<Evidence> {
  const { inputs } = deps;
  const walk = (direction: 'upstream' | 'downstream') =>
    inputs.graph.blastRadius(
      { entityRef: incident.entityRef, direction },
      credentials,
    );
  const [timeline, alerts, downstream, upstream, changes] = await Promise.all([
    deps.incidents.listTimeline(parseIncidentId(incident.id)),
    gaps.soft(
      'alerts',
      inputs.alerts
        .listForIncident(incident.id, { limit: 100 }, credentials)
        .then(p => p.items),
      [] as Alert[],
    ),
    gaps.soft(
      'blast radius',
      walk('downstream'),
      noRadius(incident, 'downstream'),
    ),
    gaps.soft(
      'upstream walk',
      walk('upstream'),
      noRadius(incident, 'upstream'),
    ),
    gaps.soft(
      'change events',
      inputs.changes.forIncident(incident.id, credentials).then(c => c.items),
      [] as ChangeSeen[],
    ),
  ]);
  const upstreamRefs = upstream.impacted
    .filter(e => e.kind !== 'api')
    .map(e => e.entityRef);
  const entities = await gaps.soft(
    'catalog',
    entitiesByRef(
      deps.catalog,
      [
        ...new Set([
          incident.entityRef,
          ...downstream.impacted.map(e => e.entityRef),
          ...upstreamRefs,
        ]),
      ].slice(0, 1000),
      ENTITY_FIELDS,
      credentials,
    ),
    new Map<string, Entity>(),
  );
  return {
    timeline,
    alerts,
    downstream,
    upstream,
    changes,
    upstreamRefs,
    entities,
  };
}

/** A walk of the graph that could not be made: nothing reached. */
function noRadius(
  incident: Incident,
  direction: 'upstream' | 'downstream',
): BlastRadius {
  return {
    entityRef: incident.entityRef,
    direction,
    maxDepth: 0,
    limit: 0,
    impacted: [],
    through: [],
    total: 0,
    hidden: 0,
    systems: [],
    domains: [],
    owners: [],
    customerFacing: [],
    missing: [],
    cutoff: false,
  };
}
