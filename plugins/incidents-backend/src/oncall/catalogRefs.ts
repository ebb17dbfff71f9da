import { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { entitiesByRef } from '../catalog/entitiesByRef';

/** What schedules, policies and the on-call answer read of users and groups. */
const ENTITY_FIELDS = [
  'kind',
  'metadata.namespace',
  'metadata.name',
  'metadata.title',
  'metadata.annotations',
  'spec.owner',
  'spec.profile',
  'relations',
];

/** An entity ref of this kind: `kind:namespace/name` or a bare name, lower-cased. */
export function toKindRef(ref: string, kind: string, field: string): string {
  let parsed;
  try {
    parsed = parseEntityRef(ref, {
      defaultKind: kind,
      defaultNamespace: 'default',
    });
  } catch {
    throw new InputError(
      `${field}: '${ref}' is not an entity ref; expected ${kind}:namespace/name`,
    );
  }
  if (parsed.kind.toLocaleLowerCase('en-US') !== kind) {
    throw new InputError(
      `${field}: '${ref}' is not a ${kind} ref; expected ${kind}:namespace/name`,
    );
  }
  const full = stringifyEntityRef(parsed).toLocaleLowerCase('en-US');
  // refs are stored in 255-character columns, and a bare name grows by its kind and namespace
  if (full.length > 255) {
    throw new InputError(`${field}: '${ref}' is longer than 255 characters`);
  }
  return full;
}

/** The users and groups of on-call and escalation, as the catalog shows them to a caller. */
export class OnCallEntities {
  constructor(private readonly catalog: CatalogService) {}

  get(
    refs: string[],
    credentials: BackstageCredentials,
  ): Promise<Map<string, Entity>> {
    return entitiesByRef(this.catalog, refs, ENTITY_FIELDS, credentials);
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
