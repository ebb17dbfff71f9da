import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import {
  Incident,
  MaintenanceStatus,
  PublicImpact,
  PublicIncident,
  PublicIncidentStatus,
  StatusUpdateTemplate,
} from '@lookout/plugin-incidents-common';
import { actorRef } from '../incidents/actors';
import { formatIncidentId, parseIncidentId } from '../incidents/incidentIds';
import { IncidentsStore } from '../incidents/IncidentsStore';
import { impactForStatus, SEVERITY_IMPACT, worstStatus } from './impact';
import { publicId } from './publicId';
import { StatusComponentsService } from './StatusComponentsService';
import { StatusPageAccess } from './StatusPageAccess';
import { StatusPageSettings } from './settings';
import {
  StatusIncidentRecord,
  StatusPageStore,
  UpdateRecord,
} from './StatusPageStore';
import { SubscribersService } from './subscribers/SubscribersService';
import { statusUpdateTemplates } from './templates';

export interface PublishRequest {
  incidentId?: string;
  name: string;
  status: PublicIncidentStatus;
  impact?: PublicImpact;
  body: string;
  componentIds: string[];
}

export interface UpdateRequest {
  status: PublicIncidentStatus | MaintenanceStatus;
  body: string;
  name?: string;
  impact?: PublicImpact;
  componentIds?: string[];
}

export interface MaintenanceRequest {
  name: string;
  body: string;
  scheduledFor: string;
  scheduledUntil: string;
  componentIds: string[];
  impact?: PublicImpact;
}

/**
 * The public incidents and maintenances, published by choice: each with its updates, each
 * update delivered to the subscribers of its components and, for an incident published from
 * an internal one, recorded on that incident's timeline.
 */
export class PublicIncidentsService {
  constructor(
    private readonly options: {
      store: StatusPageStore;
      components: Pick<
        StatusComponentsService,
        'components' | 'checkedComponents'
      >;
      subscribers: Pick<SubscribersService, 'scheduleDeliveries'>;
      access: StatusPageAccess;
      incidents: Pick<IncidentsStore, 'appendEvents'>;
      /** Runs the worker soon, after work due now was enqueued. */
      poke: () => void;
      settings: StatusPageSettings;
      /** Called after every change to what the page shows, for this replica's cache. */
      onPageChange?: () => void;
      clock?: () => Date;
    },
  ) {}

  async listPublicIncidents(filter: {
    kind?: 'incident' | 'maintenance';
    limit?: number;
  }): Promise<StatusIncidentRecord[]> {
    return this.options.store.listIncidents({
      kind: filter.kind,
      limit: filter.limit ?? 50,
    });
  }

  async incidentsSince(from: string): Promise<StatusIncidentRecord[]> {
    return this.options.store.listIncidentsSince(from);
  }

  /** The admin view of a public incident, with its internal link. */
  toAdmin(record: StatusIncidentRecord): PublicIncident {
    return {
      id: record.id,
      kind: record.kind,
      incidentId:
        record.incidentSeq === null
          ? null
          : formatIncidentId(record.incidentSeq),
      name: record.name,
      status: record.status,
      impact: record.impact,
      componentIds: record.componentIds,
      scheduledFor: record.scheduledFor,
      scheduledUntil: record.scheduledUntil,
      startedAt: record.startedAt,
      resolvedAt: record.resolvedAt,
      createdAt: record.createdAt,
      updatedAt: record.updatedAt,
      updates: record.updates.map(u => ({
        id: u.id,
        status: u.status,
        body: u.body,
        createdBy: u.createdBy,
        createdAt: u.createdAt,
      })),
    };
  }

  async adminIncidents(
    credentials: BackstageCredentials,
    query: { incidentId?: string } = {},
  ): Promise<PublicIncident[]> {
    await this.options.access.requireManageOrRead(
      credentials,
      query.incidentId,
    );
    const records = await this.options.store.listIncidents({
      incidentSeq:
        query.incidentId === undefined
          ? undefined
          : parseIncidentId(query.incidentId),
      limit: 200,
    });
    return records.map(r => this.toAdmin(r));
  }

  /** Publishes a new public incident, from an internal one or on its own, with its first update. */
  async publish(
    request: PublishRequest,
    credentials: BackstageCredentials,
  ): Promise<PublicIncident> {
    await this.options.access.requireManage(credentials);
    const internal = request.incidentId
      ? await this.options.access.internalIncident(
          request.incidentId,
          credentials,
        )
      : undefined;
    if (internal) {
      const [existing] = await this.options.store.listIncidents({
        incidentSeq: parseIncidentId(internal.id),
        limit: 1,
      });
      if (existing && existing.status !== 'resolved') {
        throw new ConflictError(
          `${internal.id} is published already as ${existing.id}; post an update to it instead`,
        );
      }
    }
    const componentIds = await this.options.components.checkedComponents(
      request.componentIds,
    );
    const now = this.now().toISOString();
    const id = publicId();
    const update = newUpdate(id, request, credentials, now);
    const record: StatusIncidentRecord = {
      id,
      kind: 'incident',
      incidentSeq: internal ? parseIncidentId(internal.id) : null,
      name: request.name,
      status: request.status,
      impact:
        request.impact ??
        (internal
          ? SEVERITY_IMPACT[internal.severity]
          : await this.impactOf(componentIds)),
      componentIds,
      scheduledFor: null,
      scheduledUntil: null,
      startedAt: now,
      monitoringAt: request.status === 'monitoring' ? now : null,
      resolvedAt: request.status === 'resolved' ? now : null,
      createdAt: now,
      updatedAt: now,
      updates: [update],
    };
    await this.options.store.createIncident(record, trx =>
      this.options.subscribers.scheduleDeliveries(update, componentIds, trx),
    );
    await this.afterPublish(record, update, internal, credentials);
    return this.toAdmin((await this.options.store.getIncident(id))!);
  }

  async addUpdate(
    id: string,
    request: UpdateRequest,
    credentials: BackstageCredentials,
  ): Promise<PublicIncident> {
    await this.options.access.requireManage(credentials);
    const current = await this.options.store.getIncident(id);
    if (!current) throw new NotFoundError(`No public incident ${id}`);
    const statuses: readonly string[] =
      current.kind === 'maintenance'
        ? ['scheduled', 'in_progress', 'verifying', 'completed']
        : ['investigating', 'identified', 'monitoring', 'resolved'];
    if (!statuses.includes(request.status)) {
      throw new InputError(
        `status of a ${current.kind} must be one of ${statuses.join(', ')}`,
      );
    }
    const internal =
      current.incidentSeq === null
        ? undefined
        : await this.options.access.internalIncident(
            formatIncidentId(current.incidentSeq),
            credentials,
          );
    const componentIds = request.componentIds
      ? await this.options.components.checkedComponents(request.componentIds)
      : current.componentIds;
    const now = this.now().toISOString();
    const update = newUpdate(id, request, credentials, now);
    const ended =
      request.status === 'resolved' || request.status === 'completed';
    await this.options.store.addUpdate(
      id,
      {
        update,
        incident: {
          name: request.name,
          status: request.status,
          impact: request.impact ?? current.impact,
          componentIds,
          monitoringAt:
            request.status === 'monitoring' && !current.monitoringAt
              ? now
              : current.monitoringAt,
          resolvedAt: ended ? current.resolvedAt ?? now : null,
          updatedAt: now,
        },
      },
      trx =>
        this.options.subscribers.scheduleDeliveries(update, componentIds, trx),
    );
    const updated = (await this.options.store.getIncident(id))!;
    await this.afterPublish(updated, update, internal, credentials);
    return this.toAdmin(updated);
  }

  async scheduleMaintenance(
    request: MaintenanceRequest,
    credentials: BackstageCredentials,
  ): Promise<PublicIncident> {
    await this.options.access.requireManage(credentials);
    const from = new Date(request.scheduledFor);
    const until = new Date(request.scheduledUntil);
    if (until <= from) {
      throw new InputError('scheduledUntil must be after scheduledFor');
    }
    const componentIds = await this.options.components.checkedComponents(
      request.componentIds,
    );
    const now = this.now().toISOString();
    const id = publicId();
    const update = newUpdate(
      id,
      { status: 'scheduled', body: request.body },
      credentials,
      now,
    );
    const record: StatusIncidentRecord = {
      id,
      kind: 'maintenance',
      incidentSeq: null,
      name: request.name,
      status: 'scheduled',
      impact: request.impact ?? 'none',
      componentIds,
      scheduledFor: from.toISOString(),
      scheduledUntil: until.toISOString(),
      startedAt: from.toISOString(),
      monitoringAt: null,
      resolvedAt: null,
      createdAt: now,
      updatedAt: now,
      updates: [update],
    };
    await this.options.store.createIncident(record, trx =>
      this.options.subscribers.scheduleDeliveries(update, componentIds, trx),
    );
    this.options.onPageChange?.();
    this.options.poke();
    return this.toAdmin((await this.options.store.getIncident(id))!);
  }

  async deletePublicIncident(
    id: string,
    credentials: BackstageCredentials,
  ): Promise<void> {
    await this.options.access.requireManage(credentials);
    if (!(await this.options.store.deleteIncident(id))) {
      throw new NotFoundError(`No public incident ${id}`);
    }
    this.options.onPageChange?.();
  }

  /** The update templates, with the bodies `incidents.statusPage.templates` replaces. */
  templates(): StatusUpdateTemplate[] {
    return statusUpdateTemplates(this.options.settings.templates);
  }

  private async afterPublish(
    record: StatusIncidentRecord,
    update: UpdateRecord,
    internal: Incident | undefined,
    credentials: BackstageCredentials,
  ) {
    this.options.onPageChange?.();
    this.options.poke();
    if (!internal) return;
    await this.options.incidents.appendEvents(parseIncidentId(internal.id), [
      {
        type: 'status_update_published',
        actor: actorRef(credentials),
        at: update.createdAt,
        data: {
          statusIncidentId: record.id,
          updateId: update.id,
          status: update.status,
          name: record.name,
          body: update.body,
          componentIds: record.componentIds,
        },
      },
    ]);
  }

  /** Without a word from the author, the impact the affected components' status implies. */
  private async impactOf(componentIds: string[]): Promise<PublicImpact> {
    const wanted = new Set(componentIds);
    const components = await this.options.components.components();
    const impact = impactForStatus(
      worstStatus(components.filter(c => wanted.has(c.id)).map(c => c.status)),
    );
    return impact === 'none' ? 'minor' : impact;
  }

  private now(): Date {
    return this.options.clock?.() ?? new Date();
  }
}

/** An update of a public incident, posted now by the caller. */
function newUpdate(
  statusIncidentId: string,
  { status, body }: Pick<UpdateRecord, 'status' | 'body'>,
  credentials: BackstageCredentials,
  now: string,
): UpdateRecord {
  return {
    id: publicId(),
    statusIncidentId,
    status,
    body,
    createdBy: actorRef(credentials),
    createdAt: now,
  };
}
