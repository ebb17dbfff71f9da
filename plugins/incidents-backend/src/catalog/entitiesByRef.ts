import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';

type Catalog = Pick<CatalogService, 'getEntitiesByRefs'>;

/** What a domain reads of an entity it shows or follows: its ref, title, annotations, relations. */
export const ENTITY_FIELDS = [
  'kind',
  'metadata.namespace',
  'metadata.name',
  'metadata.title',
  'metadata.annotations',
  'relations',
];

/**
 * The entities of `refs` that the caller may see, keyed by the ref as given (duplicates read
 * once); refs missing from the catalog, or hidden from the caller, have no entry.
 */
export async function entitiesByRef(
  catalog: Catalog,
  refs: string[],
  fields: string[],
  credentials: BackstageCredentials,
): Promise<Map<string, Entity>> {
  const unique = [...new Set(refs)];
  const byRef = new Map<string, Entity>();
  if (unique.length === 0) return byRef;
  const { items } = await catalog.getEntitiesByRefs(
    { entityRefs: unique, fields },
    { credentials },
  );
  unique.forEach((ref, index) => {
    const entity = items[index];
    if (entity) byRef.set(ref, entity);
  });
  return byRef;
}

/** Those of `refs` that are not in the catalog as the caller sees it, in their order. */
export async function missingFromCatalog(
  catalog: Catalog,
  refs: string[],
  credentials: BackstageCredentials,
): Promise<string[]> {
  if (refs.length === 0) return [];
  const { items } = await catalog.getEntitiesByRefs(
    {
      entityRefs: refs,
      fields: ['kind', 'metadata.namespace', 'metadata.name'],
    },
    { credentials },
  );
  return refs.filter((_, index) => !items[index]);
}
