import {
  AuthService,
  BackstageCredentials,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  LiveStatus,
  liveStatusRank,
  StatusComponent,
} from '@lookout/plugin-incidents-common';
import { missingFromCatalog } from '../catalog/entitiesByRef';
import { GraphService } from '../graph/GraphService';
import { normalizeRef } from '../lib/entityRefs';
import { AnnotatedEntity, loadAnnotatedEntities } from './annotatedEntities';
import { worstStatus } from './impact';
import { publicId } from './publicId';
import { StatusPageAccess } from './StatusPageAccess';
import { PublicComponent } from './statuspageJson';
import {
  ComponentRecord,
  StatusIncidentRecord,
  StatusPageStore,
} from './StatusPageStore';

const ANNOTATIONS_TTL_MS = 60_000;

export interface ComponentRequest {
  name: string;
  description?: string | null;
  group?: string | null;
  position?: number;
  entityRefs?: string[];
  override?: { status: LiveStatus; reason?: string | null } | null;
}

/**
 * A component as the admin views get it: `reasons` are the internal incidents behind its live
 * status, which drafts use to find the components an incident affects.
 */
export type StatusComponentWithReasons = StatusComponent & {
  reasons: string[];
};

/**
 * The status page's components and the status each shows: the worst live status of its mapped
 * entities (the blast radius included), unless the communications lead overrides it. Entities
 * join a component by annotation, or by the refs an administrator maps to it.
 */
export class StatusComponentsService {
  private annotated?: { at: number; items: AnnotatedEntity[] };

  constructor(
    private readonly options: {
      store: StatusPageStore;
      graph: Pick<GraphService, 'graph' | 'entityStatus'>;
      catalog: Pick<CatalogService, 'queryEntities' | 'getEntitiesByRefs'>;
      auth: AuthService;
      access: Pick<StatusPageAccess, 'requireManage'>;
      logger: LoggerService;
      /** Called after every change to what the page shows, for this replica's cache. */
      onPageChange?: () => void;
      clock?: () => Date;
    },
  ) {}

  /**
   * Every component with its mapped entities and the status the page shows. Components named
   * by annotations but not created yet are created first, so an annotation is all a team
   * needs to put its service on the page.
   */
  async components(): Promise<StatusComponentWithReasons[]> {
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
    await this.options.access.requireManage(credentials);
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
    await this.options.access.requireManage(credentials);
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
    await this.options.access.requireManage(credentials);
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

  /** The ids, once each, if every one names a component; a 400 naming the unknown ones if not. */
  async checkedComponents(ids: string[]): Promise<string[]> {
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

  private async componentById(id: string): Promise<StatusComponent> {
    const found = (await this.components()).find(c => c.id === id);
    if (!found) throw new NotFoundError(`No status component ${id}`);
    return found;
  }

  private async withStatus(
    records: ComponentRecord[],
    annotated: AnnotatedEntity[],
  ): Promise<StatusComponentWithReasons[]> {
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
      const found = refs.flatMap(ref => {
        const status = statuses.get(ref);
        return status ? [status] : [];
      });
      const live = worstStatus(found.map(s => s.status));
      const incidents = new Set(found.flatMap(s => s.incidents));
      return {
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

  private now(): Date {
    return this.options.clock?.() ?? new Date();
  }
}
