import {
  BackstageCredentials,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError, NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  DeclareIncidentRequest,
  Incident,
  ListIncidentsQuery,
  Page,
  TimelineEvent,
} from '@lookout/plugin-incidents-common';
import { IncidentNotifier } from '@lookout/plugin-incidents-node';
import { actorRef } from './actors';
import { decodeCursor, encodeCursor } from './cursor';
import { parseIncidentId } from './incidentIds';
import { IncidentsStore } from './IncidentsStore';

export const DEFAULT_PAGE_SIZE = 50;

/** The rules of the incident domain: no HTTP and no SQL here. */
export class IncidentsService {
  constructor(
    private readonly options: {
      store: IncidentsStore;
      catalog: CatalogService;
      notifiers: IncidentNotifier[];
      logger: LoggerService;
      clock?: () => Date;
    },
  ) {}

  async declare(
    request: DeclareIncidentRequest,
    credentials: BackstageCredentials,
  ): Promise<Incident> {
    const entityRef = normalizeRef(request.entityRef, 'entityRef');
    const impacted = [
      ...new Set(
        (request.impactedEntityRefs ?? []).map(ref =>
          normalizeRef(ref, 'impactedEntityRefs'),
        ),
      ),
    ].filter(ref => ref !== entityRef);
    await this.requireInCatalog([entityRef, ...impacted], credentials);

    const now = this.now();
    const actor = actorRef(credentials);
    const incident = await this.options.store.createIncident(
      {
        title: request.title,
        description: request.description ?? '',
        severity: request.severity,
        status: 'triage',
        entityRef,
        impactedEntityRefs: impacted,
        source: 'manual',
        createdBy: actor,
        declaredAt: now,
      },
      [
        {
          type: 'declared',
          actor,
          at: now,
          data: {
            title: request.title,
            severity: request.severity,
            entityRef,
            impactedEntityRefs: impacted,
          },
        },
      ],
    );
    await this.notifyDeclared(incident);
    return incident;
  }

  async get(id: string): Promise<Incident> {
    const incident = await this.options.store.getIncident(parseIncidentId(id));
    if (!incident) {
      throw new NotFoundError(`No incident ${id}`);
    }
    return incident;
  }

  async list(query: ListIncidentsQuery): Promise<Page<Incident>> {
    const { items, last } = await this.options.store.listIncidents({
      entityRef: query.entityRef && normalizeRef(query.entityRef, 'entityRef'),
      status: query.status,
      severity: query.severity,
      after: query.cursor ? decodeCursor(query.cursor) : undefined,
      limit: query.limit ?? DEFAULT_PAGE_SIZE,
    });
    return { items, nextCursor: last && encodeCursor(last) };
  }

  async timeline(id: string): Promise<TimelineEvent[]> {
    const incident = await this.get(id);
    return this.options.store.listTimeline(parseIncidentId(incident.id));
  }

  /** One catalog request for all refs; each missing one is named in the error. */
  private async requireInCatalog(
    refs: string[],
    credentials: BackstageCredentials,
  ): Promise<void> {
    const { items } = await this.options.catalog.getEntitiesByRefs(
      {
        entityRefs: refs,
        fields: ['kind', 'metadata.namespace', 'metadata.name'],
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
  }

  private async notifyDeclared(incident: Incident): Promise<void> {
    for (const notifier of this.options.notifiers) {
      try {
        await notifier.onIncidentDeclared(incident);
      } catch (error) {
        this.options.logger.warn(
          `Notifier ${notifier.name} failed for ${incident.id}: ${error}`,
        );
      }
    }
  }

  private now(): string {
    return (this.options.clock?.() ?? new Date()).toISOString();
  }
}

/** Full, lowercased entity ref; the kind must be explicit because nothing here can default it. */
export function normalizeRef(ref: string, field: string): string {
  try {
    return stringifyEntityRef(parseEntityRef(ref)).toLocaleLowerCase('en-US');
  } catch {
    throw new InputError(
      `${field}: '${ref}' is not an entity ref; expected kind:namespace/name, ` +
        `for example component:default/checkout-service`,
    );
  }
}
