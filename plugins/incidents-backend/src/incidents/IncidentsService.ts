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
  DeclareIncidentRequest,
  Incident,
  incidentDeletePermission,
  IncidentMetrics,
  incidentReadPermission,
  incidentResolvePermission,
  IncidentRole,
  IncidentStatus,
  incidentUpdatePermission,
  isOpenStatus,
  ListIncidentsQuery,
  Page,
  TimelineEvent,
  TransitionIncidentRequest,
  UpdateIncidentRequest,
} from '@lookout/plugin-incidents-common';
import { decodeCursor, encodeCursor } from '../lib/cursor';
import { normalizeRef, ownerOf } from '../lib/entityRefs';
import { IncidentsAuthorizer } from '../permissions/IncidentsAuthorizer';
import { actorRef } from './actors';
import { BlastRadiusOf, IncidentAnnouncer } from './IncidentAnnouncer';
import { IncidentChange, IncidentChangeStream } from './IncidentChangeStream';
import { IncidentListFilter } from './IncidentListFilter';
import { fieldUpdate } from './fieldUpdate';
import { parseIncidentId } from './incidentIds';
import { IncidentsStore, IncidentUpdate } from './IncidentsStore';
import { normalizeImpacted, requireInCatalog } from './incidentRefs';
import { measureResponseTimes } from './responseTimes';

export const DEFAULT_PAGE_SIZE = 50;
const DAY_MS = 86_400_000;
/** Moves that end an incident need `incident.resolve`; the rest need `incident.update`. */
const ENDING_STATUSES: ReadonlySet<IncidentStatus> = new Set([
  'resolved',
  'closed',
  'declined',
  'merged',
]);

/**
 * The rules of the incident domain for people and the services that act for them: declaring,
 * reading, editing, moving through statuses, merging. Alert ingestion opens and changes
 * incidents through AlertIncidentWriter instead. No HTTP and no SQL here.
 */
export class IncidentsService {
  private readonly listFilter: IncidentListFilter;
  private readonly announcer: IncidentAnnouncer;

  constructor(
    private readonly options: {
      store: IncidentsStore;
      catalog: CatalogService;
      authorizer: IncidentsAuthorizer;
      logger: LoggerService;
      /** Where every committed change is published (signals, paging, triage, notifiers). */
      incidentChanges: IncidentChangeStream;
      /** What an incident on the entity hurts, as the caller may see it; recorded on the timeline. */
      blastRadius?: BlastRadiusOf;
      clock?: () => Date;
    },
  ) {
    this.listFilter = new IncidentListFilter(
      options.authorizer,
      options.catalog,
    );
    this.announcer = new IncidentAnnouncer(options);
  }

  async declare(
    request: DeclareIncidentRequest,
    credentials: BackstageCredentials,
  ): Promise<Incident> {
    await this.options.authorizer.requireCreate(credentials);
    const entityRef = normalizeRef(request.entityRef, 'entityRef');
    const impacted = normalizeImpacted(request.impactedEntityRefs, entityRef);
    const [origin] = await requireInCatalog(
      this.options.catalog,
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
    await this.announcer.recordBlastRadius(incident, credentials);
    await this.changed({ type: 'declared', incident });
    return incident;
  }

  get(id: string, credentials: BackstageCredentials): Promise<Incident> {
    return this.loadFor(id, incidentReadPermission, credentials);
  }

  async list(
    query: ListIncidentsQuery,
    credentials: BackstageCredentials,
  ): Promise<Page<Incident>> {
    const filter = await this.listFilter.build(query, credentials);
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
    const incident = await this.loadForUpdate(id, credentials);
    const { version, ...requested } = request;
    const actor = actorRef(credentials);
    const at = this.now();
    let movedOrigin: Entity | undefined;
    if (requested.entityRef !== undefined) {
      requested.entityRef = normalizeRef(requested.entityRef, 'entityRef');
      if (requested.entityRef !== incident.entityRef) {
        [movedOrigin] = await requireInCatalog(
          this.options.catalog,
          [requested.entityRef],
          credentials,
        );
      }
    }
    if (requested.impactedEntityRefs !== undefined) {
      const impacted = normalizeImpacted(
        requested.impactedEntityRefs,
        requested.entityRef ?? incident.entityRef,
      );
      await requireInCatalog(this.options.catalog, impacted, credentials);
      requested.impactedEntityRefs = impacted;
    }
    const { changes, events } = fieldUpdate(incident, requested, actor, at);
    // a new origin brings its owner along
    if (movedOrigin) changes.ownerRef = ownerOf(movedOrigin);
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
      await this.announcer.recordBlastRadius(updated, credentials);
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
    const incident = await this.loadForUpdate(id, credentials);
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
    const incident = await this.loadForUpdate(id, credentials);
    let userRef: string | null = null;
    if (request.userRef) {
      userRef = normalizeRef(request.userRef, 'userRef');
      if (parseEntityRef(userRef).kind !== 'user') {
        throw new InputError(
          `userRef: roles are held by User entities, not ${userRef}`,
        );
      }
      await requireInCatalog(this.options.catalog, [userRef], credentials);
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
    const incident = await this.loadForUpdate(id, credentials);
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
    const filter = await this.listFilter.build(
      { ...query, from, to },
      credentials,
    );
    return {
      from,
      to,
      ...(await measureResponseTimes(this.options.store, filter)),
    };
  }

  /**
   * Publishes a change that another domain committed on an incident's timeline (a runbook
   * step, which open incident pages refetch like a note). Alert ingestion announces through
   * AlertIncidentWriter.
   */
  async announce(
    change: IncidentChange,
    credentials: BackstageCredentials,
  ): Promise<void> {
    await this.announcer.announce(change, credentials);
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
  /** The incident, when the caller may change it. */
  private loadForUpdate(
    id: string,
    credentials: BackstageCredentials,
  ): Promise<Incident> {
    return this.loadFor(id, incidentUpdatePermission, credentials);
  }

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

  /** A subscriber's failure is logged by the stream: it never undoes or fails the change. */
  private async changed(change: IncidentChange) {
    await this.announcer.publish(change);
  }

  private now(): string {
    return (this.options.clock?.() ?? new Date()).toISOString();
  }
}
