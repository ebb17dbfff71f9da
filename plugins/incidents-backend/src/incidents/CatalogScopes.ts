import { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  Entity,
  RELATION_OWNED_BY,
  RELATION_PART_OF,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';

const REF_FIELDS = ['kind', 'metadata.namespace', 'metadata.name'];
/** Systems hold components, domains hold systems, a domain may hold subdomains. */
const MAX_PART_OF_DEPTH = 4;

const refOf = (entity: Entity) =>
  stringifyEntityRef(entity).toLocaleLowerCase('en-US');

/**
 * Turns "a team" or "a system" into the set of entity refs it stands for, with paged bulk
 * queries (never one request per entity), as the caller is allowed to see them.
 */
export class CatalogScopes {
  constructor(private readonly catalog: CatalogService) {}

  /** The group itself and everything it owns. */
  async ownedBy(
    groupRef: string,
    credentials: BackstageCredentials,
  ): Promise<string[]> {
    const owned = await this.query(
      { [`relations.${RELATION_OWNED_BY}`]: groupRef },
      credentials,
    );
    return [groupRef, ...owned];
  }

  /** The system or domain itself and everything that is (transitively) part of it. */
  async partsOf(
    ref: string,
    credentials: BackstageCredentials,
  ): Promise<string[]> {
    const seen = new Set([ref]);
    let frontier = [ref];
    for (let depth = 0; depth < MAX_PART_OF_DEPTH && frontier.length; depth++) {
      const parts = await this.query(
        { [`relations.${RELATION_PART_OF}`]: frontier },
        credentials,
      );
      frontier = parts.filter(part => !seen.has(part));
      frontier.forEach(part => seen.add(part));
    }
    return [...seen];
  }

  /**
   * The refs a list filtered by team and by system stands for: what the team owns, what is
   * part of the system, or what is both; undefined when neither is named.
   */
  async within(
    scope: { ownerRef?: string; systemRef?: string },
    credentials: BackstageCredentials,
  ): Promise<string[] | undefined> {
    let refs: string[] | undefined;
    if (scope.ownerRef) {
      refs = await this.ownedBy(scope.ownerRef, credentials);
    }
    if (scope.systemRef) {
      const parts = await this.partsOf(scope.systemRef, credentials);
      refs = refs ? refs.filter(ref => parts.includes(ref)) : parts;
    }
    return refs;
  }

  private async query(
    filter: Record<string, string | string[]>,
    credentials: BackstageCredentials,
  ): Promise<string[]> {
    const refs: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.catalog.queryEntities(
        cursor
          ? { cursor, limit: 1000, fields: REF_FIELDS }
          : { filter, limit: 1000, fields: REF_FIELDS },
        { credentials },
      );
      refs.push(...page.items.map(refOf));
      cursor = page.pageInfo.nextCursor;
    } while (cursor);
    return refs;
  }
}
