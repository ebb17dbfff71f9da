import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { ListIncidentsQuery } from '@lookout/plugin-incidents-common';
import { normalizeRef } from '../lib/entityRefs';
import { IncidentsAuthorizer } from '../permissions/IncidentsAuthorizer';
import { CatalogScopes } from './CatalogScopes';
import { IncidentFilter } from './IncidentsStore';

/**
 * Turns a list query into the store's filter: refs normalised, a team or a system turned into
 * the entities it stands for, and the caller's read permission as a condition every row must
 * meet, so a list never shows an incident its reader may not see.
 */
export class IncidentListFilter {
  private readonly scopes: CatalogScopes;

  constructor(
    private readonly authorizer: Pick<IncidentsAuthorizer, 'readCondition'>,
    catalog: CatalogService,
  ) {
    this.scopes = new CatalogScopes(catalog);
  }

  async build(
    query: ListIncidentsQuery,
    credentials: BackstageCredentials,
  ): Promise<Omit<IncidentFilter, 'limit'>> {
    const condition = await this.authorizer.readCondition(credentials);
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
}
