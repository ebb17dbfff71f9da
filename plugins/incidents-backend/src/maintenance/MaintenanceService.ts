import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { InputError, NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { randomUUID } from 'node:crypto';
import { missingFromCatalog } from '../catalog/entitiesByRef';
import { ActiveMaintenance } from '../graph/liveStatus';
import { actorRef } from '../incidents/actors';
import { normalizeRef } from '../lib/entityRefs';
import { comingRange } from '../lib/timeRanges';
import { IncidentsAuthorizer } from '../permissions/IncidentsAuthorizer';
import { MaintenanceStore, MaintenanceWindow } from './MaintenanceStore';

const MAX_LIST = 500;

export interface CreateMaintenanceRequest {
  entityRef: string;
  startsAt: string;
  endsAt: string;
  reason: string;
}

/**
 * The rules of maintenance windows: during one, alerts on its entity are recorded but open no
 * incident and page nobody, and live status shows `under_maintenance`.
 */
export class MaintenanceService {
  constructor(
    private readonly options: {
      store: MaintenanceStore;
      catalog: CatalogService;
      authorizer: Pick<IncidentsAuthorizer, 'requireCreate'>;
      clock?: () => Date;
    },
  ) {}

  /** Silencing pages is as strong as opening incidents, so it needs `incident.create`. */
  async create(
    request: CreateMaintenanceRequest,
    credentials: BackstageCredentials,
  ): Promise<MaintenanceWindow> {
    await this.options.authorizer.requireCreate(credentials);
    const entityRef = normalizeRef(request.entityRef, 'entityRef');
    const { startsAt, endsAt } = comingRange(request, this.now(), 'a window');
    const [missing] = await missingFromCatalog(
      this.options.catalog,
      [entityRef],
      credentials,
    );
    if (missing) {
      throw new InputError(`Not in the catalog: ${missing}`);
    }
    return this.options.store.createWindow({
      id: randomUUID(),
      entityRef,
      startsAt: startsAt.toISOString(),
      endsAt: endsAt.toISOString(),
      reason: request.reason,
      createdBy: actorRef(credentials),
      createdAt: this.now().toISOString(),
    });
  }

  /** Current and coming windows, soonest first; only those in force with `active`. */
  async list(query: {
    entityRef?: string;
    active?: boolean;
  }): Promise<MaintenanceWindow[]> {
    const now = this.now().toISOString();
    return this.options.store.listWindows({
      entityRef: query.entityRef && normalizeRef(query.entityRef, 'entityRef'),
      ...(query.active ? { activeAt: now } : { endingAfter: now }),
      limit: MAX_LIST,
    });
  }

  async delete(id: string, credentials: BackstageCredentials): Promise<void> {
    await this.options.authorizer.requireCreate(credentials);
    if (!(await this.options.store.deleteWindow(id))) {
      throw new NotFoundError(`No maintenance window ${id}`);
    }
  }

  /** For alert ingestion: the window in force on each of these entities, by entity ref. */
  async activeFor(
    entityRefs: string[],
    at: Date = this.now(),
  ): Promise<Map<string, string>> {
    const windows = await this.options.store.activeWindows(at.toISOString(), [
      ...new Set(entityRefs),
    ]);
    const byEntity = new Map<string, string>();
    for (const window of windows) {
      if (!byEntity.has(window.entityRef)) {
        byEntity.set(window.entityRef, window.id);
      }
    }
    return byEntity;
  }

  /** For live status: every window in force now, in the shape the graph takes. */
  async active(): Promise<ActiveMaintenance[]> {
    const windows = await this.options.store.activeWindows(
      this.now().toISOString(),
    );
    return windows.map(window => ({
      id: window.id,
      entityRefs: [window.entityRef],
    }));
  }

  private now(): Date {
    return this.options.clock?.() ?? new Date();
  }
}
