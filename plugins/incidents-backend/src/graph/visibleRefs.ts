import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';

/** The catalog takes at most this many refs a request. */
const CHUNK = 1000;
/** Chunks in flight at once: a 100,000-entity answer must not queue 100 requests serially. */
const PARALLEL = 4;

const REF_FIELDS = ['kind', 'metadata.namespace', 'metadata.name'];

/**
 * The refs among `refs` (lowercased) the caller may see, asked of the catalog in bulk under
 * the caller's credentials: the catalog's own permission policy decides, and it answers null
 * for an entity the caller may not read, exactly as for one that does not exist.
 */
export async function visibleRefs(
  catalog: Pick<CatalogService, 'getEntitiesByRefs'>,
  refs: string[],
  credentials: BackstageCredentials,
): Promise<Set<string>> {
  const unique = [...new Set(refs)];
  const chunks: string[][] = [];
  for (let i = 0; i < unique.length; i += CHUNK) {
    chunks.push(unique.slice(i, i + CHUNK));
  }
  const visible = new Set<string>();
  for (let i = 0; i < chunks.length; i += PARALLEL) {
    await Promise.all(
      chunks.slice(i, i + PARALLEL).map(async entityRefs => {
        const { items } = await catalog.getEntitiesByRefs(
          { entityRefs, fields: REF_FIELDS },
          { credentials },
        );
        items.forEach((item, index) => {
          if (item) visible.add(entityRefs[index]);
        });
      }),
    );
  }
  return visible;
}
