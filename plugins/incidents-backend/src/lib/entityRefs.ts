import {
  Entity,
  parseEntityRef,
  RELATION_OWNED_BY,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';

/**
 * Full, lowercased entity ref; the kind must be explicit because nothing here can default it.
 * `field` names the input in the 400 a malformed ref gets.
 */
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

/** The owning group of a catalog entity, from its relations (which resolve spec.owner). */
export function ownerOf(entity: Entity | undefined): string | null {
  const owner = entity?.relations?.find(r => r.type === RELATION_OWNED_BY);
  return owner ? owner.targetRef.toLocaleLowerCase('en-US') : null;
}

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
