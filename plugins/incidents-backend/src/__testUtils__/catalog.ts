import { Entity } from '@backstage/catalog-model';

/**
 * A catalog entity in the default namespace for the mock catalog of a test, with the
 * `ownedBy` relation the catalog's processors would emit for `owner` (an entity ref) and any
 * other `relations` as [type, targetRef].
 */
export function catalogEntity(
  kind: string,
  name: string,
  options: {
    owner?: string;
    annotations?: Record<string, string>;
    relations?: Array<[string, string]>;
  } = {},
): Entity {
  const { owner, annotations, relations = [] } = options;
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind,
    metadata: {
      name,
      namespace: 'default',
      ...(annotations ? { annotations } : {}),
    },
    spec: owner ? { type: 'service', owner } : {},
    relations: [
      ...(owner ? [{ type: 'ownedBy', targetRef: owner }] : []),
      ...relations.map(([type, targetRef]) => ({ type, targetRef })),
    ],
  };
}
