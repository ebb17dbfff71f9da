import {
  AuthService,
  BackstageCredentials,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  Incident,
  incidentUpdatePermission,
  LiveStatus,
  liveStatusRank,
  MaintenanceStatus,
  PublicImpact,
  PublicIncident,
  PublicIncidentStatus,
  Severity,
  StatusComponent,
  statusPageManagePermission,
  StatusUpdateDraft,
  StatusUpdateTemplate,
  SubscriberCounts,
  UpdateCoverage,
} from '@lookout/plugin-incidents-common';
import { Knex } from 'knex';
import { randomBytes, randomUUID } from 'node:crypto';
import { missingFromCatalog } from '../catalog/entitiesByRef';
import { GraphService } from '../graph/GraphService';
import { actorRef } from '../incidents/actors';
import { formatIncidentId, parseIncidentId } from '../incidents/incidentIds';
import { normalizeRef } from '../lib/entityRefs';
import { IncidentsStore } from '../incidents/IncidentsStore';
import { IncidentsAuthorizer } from '../permissions/IncidentsAuthorizer';
import { NewWorkItem } from '../queue/WorkQueue';
import { AnnotatedEntity, loadAnnotatedEntities } from './annotatedEntities';
import { PublicComponent } from './statuspageJson';
import {
  ComponentRecord,
  StatusIncidentRecord,
  StatusPageStore,
  SubscriberRecord,
  UpdateRecord,
} from './StatusPageStore';
import { StatusPageSettings } from './settings';

/** The work-item kinds of the status page. */
export const DELIVERY_KINDS = {
  email: 'statuspage.email',
  webhook: 'statuspage.webhook',
  confirm: 'statuspage.confirm',
} as const;

const ANNOTATIONS_TTL_MS = 60_000;

/** Statuspage-style public ids: 12 lowercase letters and digits. */
export function publicId(): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  const bytes = randomBytes(12);
  return [...bytes].map(b => alphabet[b % alphabet.length]).join('');
}

const token = () => randomBytes(24).toString('base64url');

const SEVERITY_IMPACT: Record<Severity, PublicImpact> = {
  SEV1: 'critical',
  SEV2: 'major',
  SEV3: 'minor',
  SEV4: 'minor',
};

/** The default update templates; `incidents.statusPage.templates` replaces any of them. */
export const DEFAULT_TEMPLATES: StatusUpdateTemplate[] = [
  {
    id: 'investigating',
    status: 'investigating',
    body: 'We are investigating reports of problems with {{components}}. {{customerImpact}} We will post an update as soon as we know more.',
  },
  {
    id: 'identified',
    status: 'identified',
    body: 'We have identified the cause of the problems with {{components}} and are working on a fix.',
  },
  {
    id: 'monitoring',
    status: 'monitoring',
    body: 'A fix has been put in place for {{components}} and we are monitoring the results.',
  },
  {
    id: 'resolved',
    status: 'resolved',
    body: 'The issue affecting {{components}} has been resolved, and everything is operating normally.',
  },
];

/** Fills `{{placeholder}}`s; unknown ones are left for the author to see. */
export function fillTemplate(
  template: string,
  values: Record<string, string>,
): string {
  return template
    .replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, key: string) =>
      key in values ? values[key] : whole,
    )
    .replace(/[ \t]{2,}/g, ' ')
    .trim();
}

function impactForStatus(status: LiveStatus): PublicImpact {
  switch (status) {
    case 'major_outage':
      return 'critical';
    case 'partial_outage':
      return 'major';
    case 'degraded_performance':
      return 'minor';
    default:
      return 'none';
  }
}

export interface ComponentRequest {
  name: string;
  description?: string | null;
  group?: string | null;
  position?: number;
  entityRefs?: string[];
  override?: { status: LiveStatus; reason?: string | null } | null;
}

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
 * The rules of the public status page: components and their live status (mapped entities'
 * live status, blast radius included, unless the communications lead overrides it), public
 * incidents and maintenances published by choice, and who is told about each update.
 */
export class StatusPageService {
  private annotated?: { at: number; items: AnnotatedEntity[] };

  constructor(
    private readonly options: {
      store: StatusPageStore;
      graph: Pick<GraphService, 'graph' | 'entityStatus'>;
      catalog: Pick<CatalogService, 'queryEntities' | 'getEntitiesByRefs'>;
      auth: AuthService;
      incidents: Pick<IncidentsStore, 'getIncident' | 'appendEvents'>;
      authorizer: Pick<IncidentsAuthorizer, 'requireBasic' | 'require'>;
      enqueue: (
        items: NewWorkItem[],
        trx?: Knex.Transaction,
      ) => Promise<number>;
      /** Runs the worker soon, after work due now was enqueued. */
      poke: () => void;
      settings: StatusPageSettings;
      logger: LoggerService;
      /** Called after every change to what the page shows, for this replica's cache. */
      onPageChange?: () => void;
      clock?: () => Date;
    },
  ) {}

  get settings(): StatusPageSettings {
    return this.options.settings;
  }

  // ---------------------------------------------------------------- components

  /**
   * Every component with its mapped entities and the status the page shows. Components named
   * by annotations but not created yet are created first, so an annotation is all a team
   * needs to put its service on the page.
   */
  async components(): Promise<StatusComponent[]> {
    const annotated = await this.annotatedEntities();
    let records = await this.options.store.listComponents();
    const known = new Set(records.map(c => c.name.toLocaleLowerCase('en-US')));
    const missing = new Map<string, AnnotatedEntity>();
    for (const entity of annotated) {
      const key = entity.component.toLocaleLowerCase('en-US');
      // the first annotation that names a group decides the group of a new component
      if (!known.has(key) && (!missing.has(key) || !missing.get(key)!.group)) {
        missing.set(key, entity);
      }
    }
    if (missing.size > 0) {
      const now = this.now().toISOString();
      const created = await this.options.store.createComponents(
        [...missing.values()].map((entity, i) => ({
          id: publicId(),
          name: entity.component,
          description: null,
          group: entity.group,
          position: records.length + i + 1,
          entityRefs: [],
          overrideStatus: null,
          overrideReason: null,
          createdAt: now,
          updatedAt: now,
        })),
      );
      if (created > 0) this.options.onPageChange?.();
      records = await this.options.store.listComponents();
    }
    return this.withStatus(records, annotated);
  }

  async createComponent(
    request: ComponentRequest,
    credentials: BackstageCredentials,
  ): Promise<StatusComponent> {
    await this.requireManage(credentials);
    const entityRefs = await this.checkedRefs(
      request.entityRefs ?? [],
      credentials,
    );
    const existing = await this.options.store.listComponents();
    const now = this.now().toISOString();
    const record: ComponentRecord = {
      id: publicId(),
      name: request.name,
      description: request.description ?? null,
      group: request.group ?? null,
      position: request.position ?? existing.length + 1,
      entityRefs,
      overrideStatus: request.override?.status ?? null,
      overrideReason: request.override?.reason ?? null,
      createdAt: now,
      updatedAt: now,
    };
    if ((await this.options.store.createComponents([record])) === 0) {
      throw new ConflictError(
        `A component named ${request.name} exists already`,
      );
    }
    this.options.onPageChange?.();
    return this.componentById(record.id);
  }

  async updateComponent(
    id: string,
    request: Partial<ComponentRequest>,
    credentials: BackstageCredentials,
  ): Promise<StatusComponent> {
    await this.requireManage(credentials);
    const changes: Partial<ComponentRecord> = {
      updatedAt: this.now().toISOString(),
    };
    if (request.name !== undefined) changes.name = request.name;
    if (request.description !== undefined) {
      changes.description = request.description;
    }
    if (request.group !== undefined) changes.group = request.group;
    if (request.position !== undefined) changes.position = request.position;
    if (request.entityRefs !== undefined) {
      changes.entityRefs = await this.checkedRefs(
        request.entityRefs,
        credentials,
      );
    }
    if (request.override !== undefined) {
      changes.overrideStatus = request.override?.status ?? null;
      changes.overrideReason = request.override?.reason ?? null;
    }
    let updated;
    try {
      updated = await this.options.store.updateComponent(id, changes);
    } catch (error) {
      if (/unique|duplicate/i.test(String(error))) {
        throw new ConflictError(
          `A component named ${request.name} exists already`,
        );
      }
      throw error;
    }
    if (!updated) throw new NotFoundError(`No status component ${id}`);
    this.options.onPageChange?.();
    return this.componentById(id);
  }

  async deleteComponent(
    id: string,
    credentials: BackstageCredentials,
  ): Promise<void> {
    await this.requireManage(credentials);
    if (!(await this.options.store.deleteComponent(id))) {
      throw new NotFoundError(`No status component ${id}`);
    }
    this.options.onPageChange?.();
  }

  /** The components as the public sees them: status only, no entities, no reasons. */
  async publicComponents(
    activeMaintenance: StatusIncidentRecord[],
  ): Promise<PublicComponent[]> {
    const components = await this.components();
    const underMaintenance = new Set(
      activeMaintenance.flatMap(m => m.componentIds),
    );
    return components.map(c => ({
      id: c.id,
      name: c.name,
      description: c.description,
      group: c.group,
      position: c.position,
      status:
        !c.override &&
        underMaintenance.has(c.id) &&
        liveStatusRank(c.status) < liveStatusRank('under_maintenance')
          ? 'under_maintenance'
          : c.status,
      createdAt: c.createdAt,
      updatedAt: c.updatedAt,
    }));
  }

  // ---------------------------------------------------------------- public incidents

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
    await this.requireManageOrRead(credentials, query.incidentId);
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
    await this.requireManage(credentials);
    const internal = request.incidentId
      ? await this.internalIncident(request.incidentId, credentials)
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
    const componentIds = await this.checkedComponents(request.componentIds);
    const now = this.now().toISOString();
    const id = publicId();
    const update: UpdateRecord = {
      id: publicId(),
      statusIncidentId: id,
      status: request.status,
      body: request.body,
      createdBy: actorRef(credentials),
      createdAt: now,
    };
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
      this.scheduleDeliveries(update, componentIds, trx),
    );
    await this.afterPublish(record, update, internal, credentials);
    return this.toAdmin((await this.options.store.getIncident(id))!);
  }

  async addUpdate(
    id: string,
    request: UpdateRequest,
    credentials: BackstageCredentials,
  ): Promise<PublicIncident> {
    await this.requireManage(credentials);
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
        : await this.internalIncident(
            formatIncidentId(current.incidentSeq),
            credentials,
          );
    const componentIds = request.componentIds
      ? await this.checkedComponents(request.componentIds)
      : current.componentIds;
    const now = this.now().toISOString();
    const update: UpdateRecord = {
      id: publicId(),
      statusIncidentId: id,
      status: request.status,
      body: request.body,
      createdBy: actorRef(credentials),
      createdAt: now,
    };
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
      trx => this.scheduleDeliveries(update, componentIds, trx),
    );
    const updated = (await this.options.store.getIncident(id))!;
    await this.afterPublish(updated, update, internal, credentials);
    return this.toAdmin(updated);
  }

  async scheduleMaintenance(
    request: MaintenanceRequest,
    credentials: BackstageCredentials,
  ): Promise<PublicIncident> {
    await this.requireManage(credentials);
    const from = new Date(request.scheduledFor);
    const until = new Date(request.scheduledUntil);
    if (until <= from) {
      throw new InputError('scheduledUntil must be after scheduledFor');
    }
    const componentIds = await this.checkedComponents(request.componentIds);
    const now = this.now().toISOString();
    const id = publicId();
    const update: UpdateRecord = {
      id: publicId(),
      statusIncidentId: id,
      status: 'scheduled',
      body: request.body,
      createdBy: actorRef(credentials),
      createdAt: now,
    };
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
      this.scheduleDeliveries(update, componentIds, trx),
    );
    this.options.onPageChange?.();
    this.options.poke();
    return this.toAdmin((await this.options.store.getIncident(id))!);
  }

  async deletePublicIncident(
    id: string,
    credentials: BackstageCredentials,
  ): Promise<void> {
    await this.requireManage(credentials);
    if (!(await this.options.store.deleteIncident(id))) {
      throw new NotFoundError(`No public incident ${id}`);
    }
    this.options.onPageChange?.();
  }

  /**
   * A maintenance's status as customers see it: the one last posted, moved on by the clock
   * (scheduled becomes in progress at its start; anything not completed is completed at its end).
   */
  effectiveMaintenance(
    record: StatusIncidentRecord,
    now: number,
  ): StatusIncidentRecord {
    if (record.kind !== 'maintenance' || record.status === 'completed') {
      return record;
    }
    const from = Date.parse(record.scheduledFor!);
    const until = Date.parse(record.scheduledUntil!);
    if (now >= until) {
      return {
        ...record,
        status: 'completed',
        resolvedAt: record.scheduledUntil,
      };
    }
    if (now >= from && record.status === 'scheduled') {
      return { ...record, status: 'in_progress' };
    }
    return record;
  }

  // ---------------------------------------------------------------- drafts and coverage

  templates(): StatusUpdateTemplate[] {
    return DEFAULT_TEMPLATES.map(t => ({
      ...t,
      body: this.options.settings.templates[t.status] ?? t.body,
    }));
  }

  /**
   * A draft prefilled from the internal incident: affected components, status, impact, and the
   * template of the status with its placeholders filled.
   */
  async draft(
    incidentId: string,
    credentials: BackstageCredentials,
    /** The status to draft for; by default the one the incident's own status implies. */
    forStatus?: PublicIncidentStatus,
  ): Promise<StatusUpdateDraft> {
    await this.requireManage(credentials);
    const incident = await this.internalIncident(incidentId, credentials);
    const [published] = await this.options.store.listIncidents({
      incidentSeq: parseIncidentId(incident.id),
      limit: 1,
    });
    const components = await this.components();
    const refs = new Set([incident.entityRef, ...incident.impactedEntityRefs]);
    const affected = components.filter(
      c =>
        [...c.entityRefs, ...c.annotatedEntityRefs].some(ref =>
          refs.has(ref),
        ) || this.reasonsMention(c, incident.id),
    );
    const status = forStatus ?? draftStatus(incident.status);
    const names = affected.map(c => c.name);
    const template = this.templates().find(t => t.status === status)!;
    const listed =
      names.length > 1
        ? `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`
        : names[0];
    const name =
      published?.name ??
      (listed
        ? `${listed} ${
            SEVERITY_IMPACT[incident.severity] === 'critical'
              ? 'unavailable'
              : 'disruption'
          }`
        : 'Service disruption');
    const worst = affected.reduce<LiveStatus>(
      (acc, c) =>
        liveStatusRank(c.liveStatus) > liveStatusRank(acc) ? c.liveStatus : acc,
      'operational',
    );
    const impact =
      worst === 'operational' || worst === 'under_maintenance'
        ? SEVERITY_IMPACT[incident.severity]
        : impactForStatus(worst);
    return {
      incidentId: incident.id,
      publicIncidentId:
        published && published.status !== 'resolved' ? published.id : null,
      name,
      status,
      impact,
      componentIds: affected.map(c => c.id),
      template: template.id,
      body: fillTemplate(template.body, {
        name,
        status,
        impact,
        components: names.length ? names.join(', ') : 'some of our services',
        customerImpact: incident.customerImpact ?? '',
      }),
    };
  }

  /** For each update of the public incident, the share of its audience it reached. */
  async coverage(
    id: string,
    credentials: BackstageCredentials,
  ): Promise<UpdateCoverage[]> {
    await this.requireManageOrRead(credentials);
    const record = await this.options.store.getIncident(id);
    if (!record) throw new NotFoundError(`No public incident ${id}`);
    const counts = await this.options.store.deliveryCounts(
      record.updates.map(u => u.id),
    );
    const byId = new Map(counts.map(c => [c.updateId, c]));
    return record.updates.map(update => {
      const c = byId.get(update.id) ?? {
        updateId: update.id,
        total: 0,
        delivered: 0,
        failed: 0,
        pending: 0,
      };
      return {
        updateId: update.id,
        status: update.status,
        createdAt: update.createdAt,
        total: c.total,
        delivered: c.delivered,
        failed: c.failed,
        pending: c.pending,
        share: c.total === 0 ? 1 : c.delivered / c.total,
      };
    });
  }

  // ---------------------------------------------------------------- subscribers

  /**
   * A public email sign-up. The answer never depends on whether the address is known: a new
   * or unconfirmed address gets a confirmation message, a confirmed one gets nothing.
   */
  async subscribeEmail(request: {
    email: string;
    componentIds?: string[];
  }): Promise<void> {
    if (!this.options.settings.emailEnabled) {
      throw new InputError('Email subscriptions are not enabled on this page');
    }
    const componentIds = await this.checkedComponents(
      request.componentIds ?? [],
    );
    const { subscriber, alreadyConfirmed } =
      await this.options.store.upsertSubscriber({
        id: randomUUID(),
        kind: 'email',
        address: request.email.trim().toLocaleLowerCase('en-US'),
        componentIds,
        confirmedAt: null,
        createdAt: this.now().toISOString(),
        unsubscribeToken: token(),
        confirmToken: token(),
      });
    if (alreadyConfirmed || !subscriber.confirmToken) return;
    await this.options.enqueue([
      {
        kind: DELIVERY_KINDS.confirm,
        key: `statuspage:confirm:${subscriber.id}:${subscriber.confirmToken}`,
        payload: { subscriberId: subscriber.id },
      },
    ]);
    this.options.poke();
  }

  /** The double opt-in's second step; false for an unknown or used token. */
  async confirm(confirmToken: string): Promise<boolean> {
    return Boolean(
      await this.options.store.confirmSubscriber(
        confirmToken,
        this.now().toISOString(),
      ),
    );
  }

  async unsubscribe(unsubscribeToken: string): Promise<boolean> {
    const subscriber = await this.options.store.findByUnsubscribeToken(
      unsubscribeToken,
    );
    if (!subscriber) return false;
    return this.options.store.deleteSubscriber(subscriber.id);
  }

  /** An administrator adds a webhook (or a vouched-for email, confirmed at once). */
  async addSubscriber(
    request: {
      kind: 'email' | 'webhook';
      address: string;
      componentIds?: string[];
    },
    credentials: BackstageCredentials,
  ): Promise<{
    id: string;
    kind: string;
    address: string;
    componentIds: string[];
  }> {
    await this.requireManage(credentials);
    const componentIds = await this.checkedComponents(
      request.componentIds ?? [],
    );
    const { subscriber } = await this.options.store.upsertSubscriber({
      id: randomUUID(),
      kind: request.kind,
      address:
        request.kind === 'email'
          ? request.address.trim().toLocaleLowerCase('en-US')
          : request.address,
      componentIds,
      confirmedAt: this.now().toISOString(),
      createdAt: this.now().toISOString(),
      unsubscribeToken: token(),
      confirmToken: null,
    });
    return {
      id: subscriber.id,
      kind: subscriber.kind,
      address: subscriber.address,
      componentIds: subscriber.componentIds,
    };
  }

  async removeSubscriber(id: string, credentials: BackstageCredentials) {
    await this.requireManage(credentials);
    if (!(await this.options.store.deleteSubscriber(id))) {
      throw new NotFoundError(`No subscriber ${id}`);
    }
  }

  async subscriberCounts(
    credentials: BackstageCredentials,
  ): Promise<SubscriberCounts> {
    await this.requireManage(credentials);
    const all = await this.options.store.listSubscribers();
    const counts: SubscriberCounts = {
      email: { confirmed: 0, pending: 0 },
      webhook: 0,
      wholePage: 0,
      byComponent: {},
    };
    for (const s of all) {
      if (s.kind === 'webhook') counts.webhook++;
      else if (s.confirmedAt) counts.email.confirmed++;
      else counts.email.pending++;
      if (!s.confirmedAt) continue;
      if (s.componentIds.length === 0) counts.wholePage++;
      for (const id of s.componentIds) {
        counts.byComponent[id] = (counts.byComponent[id] ?? 0) + 1;
      }
    }
    return counts;
  }

  /** Counts a sign-up attempt of a bucket (client address, email address); true if allowed. */
  async allowAttempt(bucket: string, limit: number): Promise<boolean> {
    if (limit <= 0) return true;
    return (await this.options.store.countAttempt(bucket, 3_600_000)) <= limit;
  }

  // ---------------------------------------------------------------- internals

  private async scheduleDeliveries(
    update: UpdateRecord,
    componentIds: string[],
    trx: Knex.Transaction,
  ): Promise<void> {
    const audience = await this.options.store.subscribersFor(componentIds, trx);
    if (audience.length === 0) return;
    await this.options.store.recordDeliveries(
      update.id,
      audience.map(s => s.id),
      trx,
    );
    // keyed by (update, subscriber): each subscriber gets each update once; in batches, so
    // each statement stays under SQLite's bound-parameter limit
    const items = audience.map((subscriber: SubscriberRecord) => ({
      kind:
        subscriber.kind === 'email'
          ? DELIVERY_KINDS.email
          : DELIVERY_KINDS.webhook,
      key: `statuspage:${update.id}:${subscriber.id}`,
      payload: { updateId: update.id, subscriberId: subscriber.id },
    }));
    for (let i = 0; i < items.length; i += 500) {
      await this.options.enqueue(items.slice(i, i + 500), trx);
    }
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
    const worst = (await this.components())
      .filter(c => wanted.has(c.id))
      .reduce<LiveStatus>(
        (acc, c) =>
          liveStatusRank(c.status) > liveStatusRank(acc) ? c.status : acc,
        'operational',
      );
    const impact = impactForStatus(worst);
    return impact === 'none' ? 'minor' : impact;
  }

  private reasonsMention(component: StatusComponent, incidentId: string) {
    return (
      (component as StatusComponent & { reasons?: string[] }).reasons?.includes(
        incidentId,
      ) ?? false
    );
  }

  private async componentById(id: string): Promise<StatusComponent> {
    const found = (await this.components()).find(c => c.id === id);
    if (!found) throw new NotFoundError(`No status component ${id}`);
    return found;
  }

  private async withStatus(
    records: ComponentRecord[],
    annotated: AnnotatedEntity[],
  ): Promise<StatusComponent[]> {
    const byName = new Map<string, string[]>();
    for (const entity of annotated) {
      const key = entity.component.toLocaleLowerCase('en-US');
      byName.set(key, [...(byName.get(key) ?? []), entity.entityRef]);
    }
    const mapped = records.map(record => {
      const annotatedRefs =
        byName.get(record.name.toLocaleLowerCase('en-US')) ?? [];
      return {
        record,
        annotatedRefs,
        refs: [...new Set([...record.entityRefs, ...annotatedRefs])],
      };
    });
    const statuses = await this.entityStatuses(mapped.flatMap(m => m.refs));
    return mapped.map(({ record, annotatedRefs, refs }) => {
      let live: LiveStatus = 'operational';
      const incidents = new Set<string>();
      for (const ref of refs) {
        const status = statuses.get(ref);
        if (!status) continue;
        if (liveStatusRank(status.status) > liveStatusRank(live))
          live = status.status;
        status.incidents.forEach(i => incidents.add(i));
      }
      const component: StatusComponent & { reasons: string[] } = {
        id: record.id,
        name: record.name,
        description: record.description,
        group: record.group,
        position: record.position,
        entityRefs: record.entityRefs,
        annotatedEntityRefs: annotatedRefs,
        status: record.overrideStatus ?? live,
        liveStatus: live,
        override: record.overrideStatus
          ? { status: record.overrideStatus, reason: record.overrideReason }
          : null,
        createdAt: record.createdAt,
        updatedAt: record.updatedAt,
        reasons: [...incidents],
      };
      return component;
    });
  }

  /** Live status of refs that are in the catalog, read with the plugin's own credentials. */
  private async entityStatuses(
    refs: string[],
  ): Promise<Map<string, { status: LiveStatus; incidents: string[] }>> {
    const out = new Map<string, { status: LiveStatus; incidents: string[] }>();
    const graph = await this.options.graph.graph();
    const known = [...new Set(refs)].filter(ref => {
      const id = graph.idOf(ref);
      return id !== undefined && graph.inCatalog(id);
    });
    if (known.length === 0) return out;
    const credentials = await this.options.auth.getOwnServiceCredentials();
    const { items } = await this.options.graph.entityStatus(known, credentials);
    for (const item of items) {
      out.set(item.entityRef, {
        status: item.status,
        incidents: item.reasons.flatMap(r =>
          'incidentId' in r && r.incidentId ? [r.incidentId] : [],
        ),
      });
    }
    return out;
  }

  private async annotatedEntities(): Promise<AnnotatedEntity[]> {
    const now = Date.now();
    if (this.annotated && now - this.annotated.at < ANNOTATIONS_TTL_MS) {
      return this.annotated.items;
    }
    try {
      const items = await loadAnnotatedEntities(
        this.options.catalog,
        this.options.auth,
      );
      this.annotated = { at: now, items };
    } catch (error) {
      // the page keeps its last mapping while the catalog is away
      this.options.logger.warn(
        `Reading status-page annotations failed: ${error}`,
      );
      if (!this.annotated) throw error;
      this.annotated = { at: now, items: this.annotated.items };
    }
    return this.annotated.items;
  }

  /** The annotation mapping as last read; part of the public cache's key. */
  annotationStamp(): number {
    return this.annotated?.at ?? 0;
  }

  private async checkedComponents(ids: string[]): Promise<string[]> {
    const unique = [...new Set(ids)];
    if (unique.length === 0) return [];
    const known = new Set(
      (await this.options.store.listComponents()).map(c => c.id),
    );
    const unknown = unique.filter(id => !known.has(id));
    if (unknown.length > 0) {
      throw new InputError(`No status component ${unknown.join(', ')}`);
    }
    return unique;
  }

  private async checkedRefs(
    refs: string[],
    credentials: BackstageCredentials,
  ): Promise<string[]> {
    const normalized = [
      ...new Set(refs.map(r => normalizeRef(r, 'entityRefs'))),
    ];
    const missing = await missingFromCatalog(
      this.options.catalog,
      normalized,
      credentials,
    );
    if (missing.length > 0) {
      throw new InputError(`Not in the catalog: ${missing.join(', ')}`);
    }
    return normalized;
  }

  private async internalIncident(
    id: string,
    credentials: BackstageCredentials,
  ): Promise<Incident> {
    let seq: number;
    try {
      seq = parseIncidentId(id);
    } catch {
      throw new InputError(
        `incidentId: '${id}' is not an incident id like INC-42`,
      );
    }
    const incident = await this.options.incidents.getIncident(seq);
    if (!incident) throw new NotFoundError(`No incident ${id}`);
    await this.options.authorizer.require(
      incidentUpdatePermission,
      incident,
      credentials,
    );
    return incident;
  }

  private async requireManage(credentials: BackstageCredentials) {
    await this.options.authorizer.requireBasic(
      statusPageManagePermission,
      credentials,
    );
  }

  /** Reading the admin views of an incident's communications: managers, or its responders. */
  private async requireManageOrRead(
    credentials: BackstageCredentials,
    incidentId?: string,
  ) {
    if (incidentId) {
      await this.internalIncident(incidentId, credentials);
      return;
    }
    await this.requireManage(credentials);
  }

  private now(): Date {
    return this.options.clock?.() ?? new Date();
  }
}

function draftStatus(status: Incident['status']): PublicIncidentStatus {
  switch (status) {
    case 'identified':
      return 'identified';
    case 'monitoring':
      return 'monitoring';
    case 'resolved':
    case 'closed':
      return 'resolved';
    default:
      return 'investigating';
  }
}
