import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { entitiesByRef } from '../catalog/entitiesByRef';
import { normalizeRef } from '../lib/entityRefs';

/**
 * The catalog entities behind refs that an incident names, as the caller may see them, in one
 * catalog request for all refs; each missing one is named in the error.
 */
export async function requireInCatalog(
  catalog: CatalogService,
  refs: string[],
  credentials: BackstageCredentials,
): Promise<Entity[]> {
  const byRef = await entitiesByRef(
    catalog,
    refs,
    ['kind', 'metadata.namespace', 'metadata.name', 'spec.owner', 'relations'],
    credentials,
  );
  const missing = refs.filter(ref => !byRef.has(ref));
  if (missing.length > 0) {
    throw new InputError(
      `Not in the catalog: ${missing.join(
        ', ',
      )}. Use the ref of a catalog entity, ` +
        `for example component:default/checkout-service`,
    );
  }
  return refs.map(ref => byRef.get(ref)!);
}

/**
 * The entities an incident impacts besides its origin: normalised, each once, and never the
 * origin itself.
 */
export function normalizeImpacted(
  refs: string[] | undefined,
  origin: string,
): string[] {
  return [
    ...new Set(
      (refs ?? []).map(ref => normalizeRef(ref, 'impactedEntityRefs')),
    ),
  ].filter(ref => ref !== origin);
}
