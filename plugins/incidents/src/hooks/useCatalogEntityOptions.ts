import useAsync from 'react-use/esm/useAsync';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import { catalogApiRef } from '@backstage/plugin-catalog-react';

/** An entity as a picker shows it. */
export interface EntityOption {
  ref: string;
  label: string;
  kind: string;
}

const FIELDS = [
  'kind',
  'metadata.name',
  'metadata.namespace',
  'metadata.title',
];

/** The catalog's entities of some kinds, sorted by name, fetching only what a picker shows. */
export function useCatalogEntityOptions(kinds: string[]) {
  const catalogApi = useApi(catalogApiRef);
  const kindsKey = kinds.join(',');
  return useAsync(async (): Promise<EntityOption[]> => {
    const wanted = kindsKey.split(',');
    const people = wanted.some(k => k.toLocaleLowerCase('en-US') === 'user');
    const { items } = await catalogApi.getEntities({
      filter: { kind: wanted },
      fields: people ? [...FIELDS, 'spec.profile.displayName'] : FIELDS,
    });
    return items
      .map(entity => ({
        ref: stringifyEntityRef(entity),
        label: labelOf(entity),
        kind: entity.kind,
      }))
      .sort((a, b) => a.label.localeCompare(b.label));
  }, [catalogApi, kindsKey]);
}

function labelOf(entity: Entity): string {
  const profile = entity.spec?.profile as { displayName?: string } | undefined;
  return profile?.displayName ?? entity.metadata.title ?? entity.metadata.name;
}
