import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { NotFoundError, InputError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  ActionItem,
  Incident,
  incidentReadPermission,
  Postmortem,
  postmortemManagePermission,
} from '@lookout/plugin-incidents-common';
import { missingFromCatalog } from '../catalog/entitiesByRef';
import { parseIncidentId } from '../incidents/incidentIds';
import { IncidentsStore } from '../incidents/IncidentsStore';
import { IncidentsAuthorizer } from '../permissions/IncidentsAuthorizer';
import { PostmortemsStore, StoredPostmortem } from './PostmortemsStore';

/** What every part of the postmortems domain is built from. */
export interface PostmortemsDeps {
  store: PostmortemsStore;
  incidents: IncidentsStore;
  authorizer: Pick<
    IncidentsAuthorizer,
    'requireBasic' | 'require' | 'allows' | 'readCondition'
  >;
  catalog: CatalogService;
  clock?: () => Date;
}

/** What the postmortem services read through, each besides what is its own. */
export interface PostmortemServiceDeps {
  store: PostmortemsStore;
  access: PostmortemAccess;
  authorizer: Pick<IncidentsAuthorizer, 'readCondition'>;
  catalog: CatalogService;
}

/**
 * Who may read and change a postmortem, shared by its parts: a postmortem is read as its
 * incident is, and changed with the manage permission.
 */
export class PostmortemAccess {
  constructor(private readonly options: PostmortemsDeps) {}

  async requireManage(credentials: BackstageCredentials) {
    await this.options.authorizer.requireBasic(
      postmortemManagePermission,
      credentials,
    );
  }

  /** The incident, if the caller may read it; reading a postmortem follows this. */
  async readIncident(
    incidentId: string,
    credentials: BackstageCredentials,
  ): Promise<Incident> {
    const incident = await this.options.incidents.getIncident(
      parseIncidentId(incidentId),
    );
    if (!incident) throw new NotFoundError(`No incident ${incidentId}`);
    await this.options.authorizer.require(
      incidentReadPermission,
      incident,
      credentials,
    );
    return incident;
  }

  async load(
    id: string,
    credentials: BackstageCredentials,
  ): Promise<{ postmortem: StoredPostmortem; incident: Incident }> {
    const postmortem = await this.options.store.getPostmortem(id);
    if (!postmortem) throw new NotFoundError(`No postmortem ${id}`);
    const incident = await this.readIncident(
      postmortem.incidentId,
      credentials,
    );
    return { postmortem, incident };
  }

  async loadItem(
    id: string,
    itemId: string,
    credentials: BackstageCredentials,
  ): Promise<ActionItem> {
    await this.load(id, credentials);
    const item = await this.options.store.getActionItem(itemId);
    if (!item || item.postmortemId !== id) {
      throw new NotFoundError(`No action item ${itemId} on postmortem ${id}`);
    }
    return item;
  }

  async visibleTo(
    postmortems: StoredPostmortem[],
    credentials: BackstageCredentials,
  ): Promise<StoredPostmortem[]> {
    const incidents = await this.options.incidents.getIncidents(
      postmortems.map(p => p.incidentSeq),
    );
    const readable = new Set<string>();
    for (const incident of incidents) {
      if (
        await this.options.authorizer.allows(
          incidentReadPermission,
          incident,
          credentials,
        )
      ) {
        readable.add(incident.id);
      }
    }
    return postmortems.filter(p => readable.has(p.incidentId));
  }

  async requireInCatalog(refs: string[], credentials: BackstageCredentials) {
    const missing = await missingFromCatalog(
      this.options.catalog,
      refs,
      credentials,
    );
    if (missing.length > 0) {
      throw new InputError(`Not in the catalog: ${missing.join(', ')}`);
    }
  }

  /** The timeline is read from the incident on every request, never stored twice. */
  async withTimeline(postmortem: StoredPostmortem): Promise<Postmortem> {
    const { incidentSeq, ...rest } = postmortem;
    return {
      ...rest,
      timeline: await this.options.incidents.listTimeline(incidentSeq),
    };
  }

  now(): string {
    return (this.options.clock?.() ?? new Date()).toISOString();
  }
}
