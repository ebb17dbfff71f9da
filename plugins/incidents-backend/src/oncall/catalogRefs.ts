import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { entitiesByRef, ENTITY_FIELDS } from '../catalog/entitiesByRef';

/** What schedules, policies and the on-call answer read of users and groups. */
const ONCALL_FIELDS = [...ENTITY_FIELDS, 'spec.owner', 'spec.profile'];

/** The users and groups of on-call and escalation, as the catalog shows them to a caller. */
export class OnCallEntities {
  constructor(private readonly catalog: CatalogService) {}

  get(
    refs: string[],
    credentials: BackstageCredentials,
  ): Promise<Map<string, Entity>> {
    return entitiesByRef(this.catalog, refs, ONCALL_FIELDS, credentials);
  }

  /** Throws InputError unless every ref is an entity of this kind the caller can see. */
  async requireKinds(
    refs: string[],
    kind: 'user' | 'group',
    credentials: BackstageCredentials,
  ): Promise<Entity[]> {
    const found = await this.get(refs, credentials);
    const missing = refs.filter(
      ref => found.get(ref)?.kind.toLocaleLowerCase('en-US') !== kind,
    );
    if (missing.length > 0) {
      throw new InputError(
        `Not a ${
          kind === 'user' ? 'User' : 'Group'
        } in the catalog: ${missing.join(', ')}`,
      );
    }
    return refs.map(ref => found.get(ref)!);
  }
}
