import { AuthService } from '@backstage/backend-plugin-api';
import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { ANNOTATION_STATUS_PAGE_COMPONENT } from '@lookout/plugin-incidents-common';

/** One entity's `lookout.dev/status-page-component` annotation, parsed. */
export interface AnnotatedEntity {
  entityRef: string;
  /** The component's name. */
  component: string;
  /** The group the annotation puts it in (`Group/Component`), if any. */
  group: string | null;
}

const PAGE = 1000;

/**
 * `lookout.dev/status-page-component: Checkout` maps the entity to the component named
 * "Checkout"; `Shopping/Checkout` also puts that component in the group "Shopping" when the
 * annotation creates it.
 */
export function parseAnnotation(value: string): {
  component: string;
  group: string | null;
} | null {
  const trimmed = value.trim();
  if (!trimmed) return null;
  const slash = trimmed.lastIndexOf('/');
  if (slash < 0) return { component: trimmed.slice(0, 100), group: null };
  const group = trimmed.slice(0, slash).trim();
  const component = trimmed.slice(slash + 1).trim();
  if (!component) return null;
  return {
    component: component.slice(0, 100),
    group: group ? group.slice(0, 100) : null,
  };
}

/** Every annotated entity, read in bulk with the plugin's own credentials. */
export async function loadAnnotatedEntities(
  catalog: Pick<CatalogService, 'queryEntities'>,
  auth: AuthService,
): Promise<AnnotatedEntity[]> {
  const credentials = await auth.getOwnServiceCredentials();
  const out: AnnotatedEntity[] = [];
  let cursor: string | undefined;
  do {
    const page = await catalog.queryEntities(
      cursor
        ? { cursor, limit: PAGE }
        : {
            filter: {
              [`metadata.annotations.${ANNOTATION_STATUS_PAGE_COMPONENT}`]:
                CATALOG_FILTER_EXISTS,
            },
            fields: [
              'kind',
              'metadata.namespace',
              'metadata.name',
              'metadata.annotations',
            ],
            limit: PAGE,
            totalItems: 'exclude',
          },
      { credentials },
    );
    for (const entity of page.items) {
      const value =
        entity.metadata.annotations?.[ANNOTATION_STATUS_PAGE_COMPONENT];
      const parsed = value ? parseAnnotation(value) : null;
      if (!parsed) continue;
      out.push({
        entityRef: stringifyEntityRef(entity).toLocaleLowerCase('en-US'),
        ...parsed,
      });
    }
    cursor = page.pageInfo.nextCursor;
  } while (cursor);
  return out.sort((a, b) => a.entityRef.localeCompare(b.entityRef));
}
