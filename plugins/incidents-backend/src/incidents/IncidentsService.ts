import {
  BackstageCredentials,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { Entity, parseEntityRef } from '@backstage/catalog-model';
import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { ResourcePermission } from '@backstage/plugin-permission-common';
import {
  allowedTransitions,
  BlastRadiusSummary,
  DeclareIncidentRequest,
  Incident,
  incidentDeletePermission,
  IncidentLink,
  IncidentMetrics,
  incidentReadPermission,
  incidentResolvePermission,
  IncidentRole,
  IncidentStatus,
  incidentUpdatePermission,
  isOpenStatus,
  ListIncidentsQuery,
  Page,
  ResponseTimes,
  SEVERITIES,
  Severity,
  TimelineEvent,
  TransitionIncidentRequest,
  UpdateIncidentRequest,
} from '@lookout/plugin-incidents-common';
import { normalizeRef, ownerOf } from '../lib/entityRefs';
import { IncidentsAuthorizer } from '../permissions/IncidentsAuthorizer';
import { actorRef } from './actors';
import { CatalogScopes } from './CatalogScopes';
import { IncidentChange, IncidentChangeStream } from './IncidentChangeStream';
import { decodeCursor, encodeCursor } from './cursor';
import { parseIncidentId } from './incidentIds';
import {
  IncidentFieldChanges,
  IncidentFilter,
  IncidentsStore,
  IncidentUpdate,
  NewTimelineEvent,
} from './IncidentsStore';

export const DEFAULT_PAGE_SIZE = 50;
const DAY_MS = 86_400_000;
/** Moves that end an incident need `incident.resolve`; the rest need `incident.update`. */
const ENDING_STATUSES: ReadonlySet<IncidentStatus> = new Set([
  'resolved',
  'closed',
  'declined',
  'merged',
]);

/** What alert ingestion hands over to open an incident for an alert group. */
export interface AlertIncidentRequest {
  title: string;
  description: string;
  severity: Severity;
  entityRef: string;
  ownerRef: string | null;
  links: IncidentLink[];
  /** The integration that delivered the alert, as the timeline's actor. */
  actor: string;
  /** The alert that opened the incident, as its `alert_attached` event records it. */
  alert: Record<string, unknown>;
}

/** Thrown inside a store update to leave the incident as it is; see updateIfStill. */
class Unchanged extends Error {}

/** The rules of the incident domain: no HTTP and no SQL here. */
export class IncidentsService {
  private readonly scopes: CatalogScopes;

  constructor(
    private readonly options: {
      store: IncidentsStore;
      catalog: CatalogService;
      authorizer: IncidentsAuthorizer;
      logger: LoggerService;
      /** Where every committed change is published (signals, paging, triage, notifiers). */
      incidentChanges: IncidentChangeStream;
      /** What an incident on the entity hurts, as the caller may see it; recorded on the timeline. */
      blastRadius?: (
        entityRef: string,
        credentials: BackstageCredentials,
      ) => Promise<BlastRadiusSummary>;
      clock?: () => Date;
    },
  ) {
    this.scopes = new CatalogScopes(options.catalog);
  }

  async declare(
    request: DeclareIncidentRequest,
    credentials: BackstageCredentials,
  ): Promise<Incident> {
    await this.options.authorizer.requireCreate(credentials);
    const entityRef = normalizeRef(request.entityRef, 'entityRef');
    const impacted = this.normalizeImpacted(
      request.impactedEntityRefs,
      entityRef,
    );
    const [origin] = await this.requireInCatalog(
      [entityRef, ...impacted],
      credentials,
    );

    const now = this.now();
    const actor = actorRef(credentials);
    // whoever declares leads until someone else is assigned
    const commander = actor.startsWith('user:') ? actor : undefined;
    const incident = await this.options.store.createIncident(
      {
        title: request.title,
        description: request.description ?? '',
        severity: request.severity,
        status: 'triage',
        entityRef,
        impactedEntityRefs: impacted,
        ownerRef: ownerOf(origin),
        source: 'manual',
        roles: commander ? { commander } : {},
        createdBy: actor,
        declaredAt: now,
      },
      [
        {
          type: 'declared',
          actor,
          at: now,
          status: 'triage',
          data: {
            title: request.title,
            severity: request.severity,
            entityRef,
            impactedEntityRefs: impacted,
          },
        },
      ],
    );
    await this.recordBlastRadius(incident, credentials);
    await this.changed({ type: 'declared', incident });
    return incident;
  }

  async get(id: string, credentials: BackstageCredentials): Promise<Incident> {
    const incident = await this.loadFor(
      id,
      incidentReadPermission,
      credentials,
    );
    return incident;
  }

  async list(
    query: ListIncidentsQuery,
    credentials: BackstageCredentials,
  ): Promise<Page<Incident>> {
    const filter = await this.toFilter(query, credentials);
    const { items, last } = await this.options.store.listIncidents({
      ...filter,
      after: query.cursor ? decodeCursor(query.cursor) : undefined,
      limit: query.limit ?? DEFAULT_PAGE_SIZE,
    });
    return { items, nextCursor: last && encodeCursor(last) };
  }

  async update(
    id: string,
    request: UpdateIncidentRequest,
    credentials: BackstageCredentials,
  ): Promise<Incident> {
    const incident = await this.loadFor(
      id,
      incidentUpdatePermission,
      credentials,
    );
    const { version, ...requested } = request;
    const changes: IncidentFieldChanges = {};
    const fields: string[] = [];
    const events: NewTimelineEvent[] = [];
    const actor = actorRef(credentials);
    const at = this.now();

    let movedOrigin: Entity | undefined;
    if (requested.entityRef !== undefined) {
      requested.entityRef = normalizeRef(requested.entityRef, 'entityRef');
      if (requested.entityRef !== incident.entityRef) {
        [movedOrigin] = await this.requireInCatalog(
          [requested.entityRef],
          credentials,
        );
        changes.ownerRef = ownerOf(movedOrigin);
      }
    }
    if (requested.impactedEntityRefs !== undefined) {
      const impacted = this.normalizeImpacted(
        requested.impactedEntityRefs,
        requested.entityRef ?? incident.entityRef,
      );
      await this.requireInCatalog(impacted, credentials);
      requested.impactedEntityRefs = impacted;
    }
    for (const [field, value] of Object.entries(requested)) {
      const current = incident[field as keyof Incident];
      if (value === undefined || sameValue(current, value)) continue;
      (changes as Record<string, unknown>)[field] = value;
      if (field === 'severity') {
        events.push({
          type: 'severity_changed',
          actor,
          at,
          data: { from: incident.severity, to: value },
        });
      } else {
        fields.push(field);
      }
    }
    if (fields.length > 0) {
      events.push({ type: 'updated', actor, at, data: { fields } });
    }
    if (events.length === 0) {
      this.requireVersion(incident, version);
      return incident;
    }
    const updated = await this.write(
      incident,
      version,
      () => ({ changes, events }),
      'updated',
    );
    if (movedOrigin) {
      await this.recordBlastRadius(updated, credentials);
    }
    return updated;
  }

  async transition(
    id: string,
    request: TransitionIncidentRequest,
    credentials: BackstageCredentials,
  ): Promise<Incident> {
    const { to, note } = request;
    if (to === 'merged') {
      throw new InputError(
        'Merge with POST /incidents/:id/merge, which names the primary incident',
      );
    }
    const incident = await this.loadFor(
      id,
      ENDING_STATUSES.has(to)
        ? incidentResolvePermission
        : incidentUpdatePermission,
      credentials,
    );
    const actor = actorRef(credentials);
    return this.write(
      incident,
      request.version,
      current => {
        const allowed = allowedTransitions(current.status);
        if (!allowed.includes(to)) {
          const options = allowed.length
            ? `allowed: ${allowed.join(', ')}`
            : `${current.status} is final`;
          throw new ConflictError(
            `${current.id} cannot move from ${current.status} to ${to}; ${options}`,
          );
        }
        return {
          changes: { status: to },
          events: [
            {
              type: 'status_changed',
              actor,
              at: this.now(),
              status: to,
              data: { from: current.status, to, ...(note ? { note } : {}) },
            },
          ],
        };
      },
      'transitioned',
    );
  }

  /** Stops escalation. Acknowledging twice changes nothing the second time. */
  async acknowledge(
    id: string,
    credentials: BackstageCredentials,
  ): Promise<Incident> {
    const incident = await this.loadFor(
      id,
      incidentUpdatePermission,
      credentials,
    );
    if (incident.acknowledgedAt) {
      return incident;
    }
    if (!isOpenStatus(incident.status)) {
      throw new ConflictError(
        `${incident.id} is ${incident.status}; only an open incident can be acknowledged`,
      );
    }
    const actor = actorRef(credentials);
    return this.write(
      incident,
      undefined,
      () => ({
        changes: {},
        events: [{ type: 'acknowledged', actor, at: this.now() }],
      }),
      'acknowledged',
    );
  }

  async assignRole(
    id: string,
    request: { role: IncidentRole; userRef: string | null; version?: number },
    credentials: BackstageCredentials,
  ): Promise<Incident> {
    const incident = await this.loadFor(
      id,
      incidentUpdatePermission,
      credentials,
    );
    let userRef: string | null = null;
    if (request.userRef) {
      userRef = normalizeRef(request.userRef, 'userRef');
      if (parseEntityRef(userRef).kind !== 'user') {
        throw new InputError(
          `userRef: roles are held by User entities, not ${userRef}`,
        );
      }
      await this.requireInCatalog([userRef], credentials);
    }
    const actor = actorRef(credentials);
    return this.write(
      incident,
      request.version,
      current => ({
        changes: { roles: { [request.role]: userRef } },
        events: [
          {
            type: 'role_assigned',
            actor,
            at: this.now(),
            data: {
              role: request.role,
              userRef,
              previous: current.roles[request.role] ?? null,
            },
          },
        ],
      }),
      'updated',
    );
  }

  async addNote(
    id: string,
    markdown: string,
    credentials: BackstageCredentials,
  ): Promise<TimelineEvent> {
    const incident = await this.loadFor(
      id,
      incidentUpdatePermission,
      credentials,
    );
    const [event] = await this.options.store.appendEvents(
      parseIncidentId(incident.id),
      [
        {
          type: 'note',
          actor: actorRef(credentials),
          at: this.now(),
          data: { markdown },
        },
      ],
    );
    await this.changed({ type: 'note', incident });
    return event;
  }

  /** Marks `id` a duplicate of `into`; the primary's timeline then shows both. */
  async merge(
    id: string,
    into: string,
    credentials: BackstageCredentials,
  ): Promise<Incident> {
    const duplicate = await this.load(id);
    const primary = await this.load(into);
    if (duplicate.id === primary.id) {
      throw new InputError('An incident cannot be merged into itself');
    }
    if (primary.status === 'merged') {
      throw new ConflictError(
        `${primary.id} was itself merged into ${primary.mergedInto}; merge into that one`,
      );
    }
    await this.options.authorizer.require(
      incidentResolvePermission,
      duplicate,
      credentials,
    );
    await this.options.authorizer.require(
      incidentUpdatePermission,
      primary,
      credentials,
    );
    const actor = actorRef(credentials);
    const merged = await this.write(
      duplicate,
      undefined,
      current => {
        if (!allowedTransitions(current.status).includes('merged')) {
          throw new ConflictError(
            `${current.id} is ${current.status} and can no longer be merged`,
          );
        }
        return {
          changes: {
            status: 'merged',
            mergedInto: parseIncidentId(primary.id),
          },
          events: [
            {
              type: 'merged',
              actor,
              at: this.now(),
              status: 'merged',
              data: { into: primary.id },
            },
          ],
        };
      },
      'merged',
    );
    await this.options.store.appendEvents(parseIncidentId(primary.id), [
      { type: 'merged', actor, at: this.now(), data: { from: duplicate.id } },
    ]);
    await this.changed({ type: 'merged', incident: primary });
    return merged;
  }

  async delete(id: string, credentials: BackstageCredentials): Promise<void> {
    const incident = await this.loadFor(
      id,
      incidentDeletePermission,
      credentials,
    );
    await this.options.store.deleteIncident(parseIncidentId(incident.id));
    await this.changed({ type: 'deleted', incident });
  }

  async timeline(
    id: string,
    credentials: BackstageCredentials,
  ): Promise<TimelineEvent[]> {
    const incident = await this.get(id, credentials);
    return this.options.store.listTimeline(parseIncidentId(incident.id));
  }

  /**
   * Mean time to acknowledge and to resolve, overall and per severity, for the incidents
   * declared in a window (the last 30 days unless given). The times come from timelines.
   */
  async metrics(
    query: {
      entityRef?: string;
      ownerRef?: string;
      from?: string;
      to?: string;
    },
    credentials: BackstageCredentials,
  ): Promise<IncidentMetrics> {
    const to = query.to ?? this.now();
    const from =
      query.from ?? new Date(Date.parse(to) - 30 * DAY_MS).toISOString();
    const filter = await this.toFilter({ ...query, from, to }, credentials);
    const incidents: Incident[] = [];
    let after;
    do {
      const page = await this.options.store.listIncidents({
        ...filter,
        after,
        limit: 1000,
      });
      incidents.push(...page.items.filter(i => i.status !== 'merged'));
      after = page.last;
    } while (after);

    const bySeverity = Object.fromEntries(
      SEVERITIES.map(severity => [
        severity,
        responseTimes(incidents.filter(i => i.severity === severity)),
      ]),
    ) as IncidentMetrics['bySeverity'];
    return { from, to, ...responseTimes(incidents), bySeverity };
  }

  // Incidents opened and changed by alerts. These run inside the alert ingestion
  // transaction, on the store bound to it, so an alert and its incident commit together. They
  // take no credentials: the integration key that authenticated the delivery is the authority.
  // Once the transaction has committed, pass what they return to announce().

  /** Opens an incident for an alert group: in triage, from source `alert`, led by nobody yet. */
  async openFromAlert(
    store: IncidentsStore,
    request: AlertIncidentRequest,
  ): Promise<Incident> {
    const at = this.now();
    const { actor } = request;
    return store.createIncident(
      {
        title: request.title,
        description: request.description,
        severity: request.severity,
        status: 'triage',
        entityRef: request.entityRef,
        impactedEntityRefs: [],
        ownerRef: request.ownerRef,
        source: 'alert',
        links: request.links,
        roles: {},
        createdBy: actor,
        declaredAt: at,
      },
      [
        {
          type: 'declared',
          actor,
          at,
          status: 'triage',
          data: {
            title: request.title,
            severity: request.severity,
            entityRef: request.entityRef,
            impactedEntityRefs: [],
            source: 'alert',
          },
        },
        { type: 'alert_attached', actor, at, data: request.alert },
      ],
    );
  }

  /**
   * Attaches an alert to an incident. A resolved incident reopens: the alert fired again
   * within its group's window, and a flapping alert is one incident, not one per flap.
   */
  async attachAlert(
    store: IncidentsStore,
    incident: Incident,
    alert: Record<string, unknown>,
    actor: string,
  ): Promise<IncidentChange> {
    const seq = parseIncidentId(incident.id);
    const at = this.now();
    if (incident.status !== 'resolved') {
      await store.appendEvents(seq, [
        { type: 'alert_attached', actor, at, data: alert },
      ]);
      return { type: 'updated', incident };
    }
    const reopened = await updateIfStill(store, seq, current =>
      current.status === 'resolved'
        ? {
            changes: { status: 'investigating' },
            events: [
              {
                type: 'status_changed',
                actor,
                at,
                status: 'investigating',
                data: {
                  from: 'resolved',
                  to: 'investigating',
                  reason: 'An alert fired again',
                },
              },
              {
                type: 'alert_attached',
                actor,
                at,
                data: { ...alert, reopened: true },
              },
            ],
          }
        : undefined,
    );
    if (reopened) return { type: 'transitioned', incident: reopened };
    await store.appendEvents(seq, [
      { type: 'alert_attached', actor, at, data: alert },
    ]);
    return { type: 'updated', incident };
  }

  /**
   * Attaches the alerts of one delivery to their incidents, with one write for every
   * incident that is not resolved (the common case: alerts joining a live incident). A
   * resolved incident reopens as in attachAlert, and takes the rest of its alerts after that.
   * Answers one change per incident, in the order given.
   */
  async attachAlerts(
    store: IncidentsStore,
    attachments: Array<{
      incident: Incident;
      alerts: Array<Record<string, unknown>>;
    }>,
    actor: string,
  ): Promise<IncidentChange[]> {
    const at = this.now();
    const changes: IncidentChange[] = [];
    const events: Array<{ seq: number; event: NewTimelineEvent }> = [];
    for (const { incident, alerts } of attachments) {
      if (alerts.length === 0) continue;
      const seq = parseIncidentId(incident.id);
      let rest = alerts;
      if (incident.status === 'resolved') {
        changes.push(await this.attachAlert(store, incident, alerts[0], actor));
        rest = alerts.slice(1);
      } else {
        changes.push({ type: 'updated', incident });
      }
      for (const data of rest) {
        events.push({
          seq,
          event: { type: 'alert_attached', actor, at, data },
        });
      }
    }
    await store.appendEventsToMany(events);
    return changes;
  }

  /** Records on the timelines that alerts stopped firing, in one write. */
  async alertsResolved(
    store: IncidentsStore,
    resolved: Array<{ seq: number; alert: Record<string, unknown> }>,
    actor: string,
  ): Promise<void> {
    const at = this.now();
    await store.appendEventsToMany(
      resolved.map(({ seq, alert }) => ({
        seq,
        event: { type: 'alert_resolved', actor, at, data: alert },
      })),
    );
  }

  /** Records on the timeline that one of the incident's alerts stopped firing. */
  async alertResolved(
    store: IncidentsStore,
    seq: number,
    alert: Record<string, unknown>,
    actor: string,
  ): Promise<void> {
    await store.appendEvents(seq, [
      { type: 'alert_resolved', actor, at: this.now(), data: alert },
    ]);
  }

  /**
   * Resolves an incident that alerts opened, once all of its alerts have resolved. Incidents
   * declared by people are theirs to resolve, and one that is no longer open stays as it is.
   */
  async resolveFromAlerts(
    store: IncidentsStore,
    seq: number,
    actor: string,
  ): Promise<IncidentChange | undefined> {
    const at = this.now();
    const resolved = await updateIfStill(store, seq, current =>
      current.source === 'alert' &&
      isOpenStatus(current.status) &&
      allowedTransitions(current.status).includes('resolved')
        ? {
            changes: { status: 'resolved' },
            events: [
              {
                type: 'status_changed',
                actor,
                at,
                status: 'resolved',
                data: {
                  from: current.status,
                  to: 'resolved',
                  reason: 'All of its alerts resolved',
                },
              },
            ],
          }
        : undefined,
    );
    return resolved && { type: 'transitioned', incident: resolved };
  }

  /** A sender acknowledged the alert (PagerDuty `acknowledge`): escalation stops. */
  async acknowledgeFromAlert(
    store: IncidentsStore,
    seq: number,
    actor: string,
  ): Promise<IncidentChange | undefined> {
    const at = this.now();
    const acknowledged = await updateIfStill(store, seq, current =>
      !current.acknowledgedAt && isOpenStatus(current.status)
        ? { changes: {}, events: [{ type: 'acknowledged', actor, at }] }
        : undefined,
    );
    return acknowledged && { type: 'acknowledged', incident: acknowledged };
  }

  /**
   * Publishes a change that the alert transaction committed. A new incident also gets its
   * blast radius, as `credentials` (the plugin's own) see it.
   */
  async announce(
    change: IncidentChange,
    credentials: BackstageCredentials,
  ): Promise<void> {
    if (change.type === 'declared') {
      await this.recordBlastRadius(change.incident, credentials);
    }
    await this.changed(change);
  }

  private async toFilter(
    query: ListIncidentsQuery,
    credentials: BackstageCredentials,
  ): Promise<Omit<IncidentFilter, 'limit'>> {
    const condition = await this.options.authorizer.readCondition(credentials);
    const entityRefs = await this.scopes.within(
      {
        ownerRef: query.ownerRef && normalizeRef(query.ownerRef, 'ownerRef'),
        systemRef:
          query.systemRef && normalizeRef(query.systemRef, 'systemRef'),
      },
      credentials,
    );
    return {
      entityRef: query.entityRef && normalizeRef(query.entityRef, 'entityRef'),
      entityRefs,
      status: query.status,
      severity: query.severity,
      from: query.from,
      to: query.to,
      text: query.q,
      condition,
    };
  }

  /**
   * Applies a change computed from the current incident, under the store's row lock. With
   * the caller's version a change to a newer incident is a 409; without one the change is
   * computed on whatever is current, so concurrent writers never lose a write.
   */
  private async write(
    incident: Incident,
    version: number | undefined,
    compute: (current: Incident) => IncidentUpdate,
    type: IncidentChange['type'],
  ): Promise<Incident> {
    const updated = await this.options.store.updateIncident(
      parseIncidentId(incident.id),
      current => {
        this.requireVersion(current, version);
        return compute(current);
      },
    );
    if (!updated) {
      throw new NotFoundError(`No incident ${incident.id}`);
    }
    await this.changed({ type, incident: updated });
    return updated;
  }

  private requireVersion(incident: Incident, version: number | undefined) {
    if (version !== undefined && version !== incident.version) {
      throw new ConflictError(
        `${incident.id} has changed since version ${version} (now ${incident.version}); ` +
          'reload it and apply your change again',
      );
    }
  }

  /** The incident, if the caller holds `permission` on it. */
  private async loadFor(
    id: string,
    permission: ResourcePermission<'incident'>,
    credentials: BackstageCredentials,
  ): Promise<Incident> {
    const incident = await this.load(id);
    await this.options.authorizer.require(permission, incident, credentials);
    return incident;
  }

  private async load(id: string): Promise<Incident> {
    const incident = await this.options.store.getIncident(parseIncidentId(id));
    if (!incident) {
      throw new NotFoundError(`No incident ${id}`);
    }
    return incident;
  }

  private normalizeImpacted(refs: string[] | undefined, origin: string) {
    return [
      ...new Set(
        (refs ?? []).map(ref => normalizeRef(ref, 'impactedEntityRefs')),
      ),
    ].filter(ref => ref !== origin);
  }

  /** One catalog request for all refs; each missing one is named in the error. */
  private async requireInCatalog(
    refs: string[],
    credentials: BackstageCredentials,
  ): Promise<Entity[]> {
    if (refs.length === 0) return [];
    const { items } = await this.options.catalog.getEntitiesByRefs(
      {
        entityRefs: refs,
        fields: [
          'kind',
          'metadata.namespace',
          'metadata.name',
          'spec.owner',
          'relations',
        ],
      },
      { credentials },
    );
    const missing = refs.filter((_, index) => !items[index]);
    if (missing.length > 0) {
      throw new InputError(
        `Not in the catalog: ${missing.join(
          ', ',
        )}. Use the ref of a catalog entity, ` +
          `for example component:default/checkout-service`,
      );
    }
    return items as Entity[];
  }

  /**
   * Appends what the incident's origin hurts right now, so history shows what was hit at the
   * time. A graph that cannot answer must not fail the declaration; it is logged instead.
   */
  private async recordBlastRadius(
    incident: Incident,
    credentials: BackstageCredentials,
  ) {
    if (!this.options.blastRadius) return;
    try {
      const summary = await this.options.blastRadius(
        incident.entityRef,
        credentials,
      );
      await this.options.store.appendEvents(parseIncidentId(incident.id), [
        {
          type: 'blast_radius',
          actor: actorRef(credentials),
          at: this.now(),
          data: { ...summary },
        },
      ]);
    } catch (error) {
      this.options.logger.warn(
        `Could not record the blast radius of ${incident.id}: ${error}`,
      );
    }
  }

  /** A subscriber's failure is logged by the stream: it never undoes or fails the change. */
  private async changed(change: IncidentChange) {
    await this.options.incidentChanges.publish(change);
  }

  private now(): string {
    return (this.options.clock?.() ?? new Date()).toISOString();
  }
}

function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function responseTimes(incidents: Incident[]): ResponseTimes {
  const mean = (pairs: Array<[string, string | null]>) => {
    const spans = pairs
      .filter((pair): pair is [string, string] => pair[1] !== null)
      .map(([start, end]) => (Date.parse(end) - Date.parse(start)) / 1000);
    return spans.length
      ? Math.round(spans.reduce((sum, s) => sum + s, 0) / spans.length)
      : null;
  };
  return {
    count: incidents.length,
    mttaSeconds: mean(incidents.map(i => [i.declaredAt, i.acknowledgedAt])),
    mttrSeconds: mean(incidents.map(i => [i.declaredAt, i.resolvedAt])),
  };
}

/**
 * Applies `compute` under the incident's row lock, unless it answers undefined because the
 * incident has moved on meanwhile; then nothing is written and undefined is returned. (The
 * store's update always writes, so "nothing" leaves by a throw that rolls back its savepoint.)
 */
async function updateIfStill(
  store: IncidentsStore,
  seq: number,
  compute: (current: Incident) => IncidentUpdate | undefined,
): Promise<Incident | undefined> {
  try {
    return await store.updateIncident(seq, current => {
      const update = compute(current);
      if (!update) throw new Unchanged();
      return update;
    });
  } catch (error) {
    if (error instanceof Unchanged) return undefined;
    throw error;
  }
}
