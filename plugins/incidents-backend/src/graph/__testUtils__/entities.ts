import { Entity, parseEntityRef } from '@backstage/catalog-model';
import { ANNOTATION_CUSTOMER_FACING } from '@lookout/plugin-incidents-common';
import { CatalogGraph } from '../CatalogGraph';
import { GraphBuilder } from '../GraphBuilder';
import { toGraphEntity } from '../loadCatalogGraph';

/** The other side of each relation, as the catalog writes it on the target entity. */
const INVERSE: Record<string, string> = {
  dependsOn: 'dependencyOf',
  dependencyOf: 'dependsOn',
  providesApi: 'apiProvidedBy',
  apiProvidedBy: 'providesApi',
  consumesApi: 'apiConsumedBy',
  apiConsumedBy: 'consumesApi',
  partOf: 'hasPart',
  hasPart: 'partOf',
  ownedBy: 'ownerOf',
  ownerOf: 'ownedBy',
};

/**
 * A catalog entity from a full ref and its relations as [type, targetRef] pairs. The test
 * catalog does not compute relations, so tests give them.
 */
export function entity(
  ref: string,
  relations: Array<[string, string]> = [],
  options: { customerFacing?: boolean; type?: string } = {},
): Entity {
  const { kind, namespace, name } = parseEntityRef(ref);
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: kind[0].toUpperCase() + kind.slice(1),
    metadata: {
      name,
      namespace,
      annotations: options.customerFacing
        ? { [ANNOTATION_CUSTOMER_FACING]: 'true' }
        : {},
    },
    spec: options.type ? { type: options.type } : {},
    relations: relations.map(([type, targetRef]) => ({ type, targetRef })),
  };
}

/**
 * Adds to every entity the inverse of each relation other entities have towards it, as the
 * catalog's stitching does, so route tests see relations written on both sides.
 */
export function withBothSides(entities: Entity[]): Entity[] {
  const refOf = (e: Entity) =>
    `${e.kind.toLocaleLowerCase('en-US')}:${e.metadata.namespace}/${
      e.metadata.name
    }`;
  const incoming = new Map<
    string,
    Array<{ type: string; targetRef: string }>
  >();
  for (const e of entities) {
    for (const r of e.relations ?? []) {
      const inverse = INVERSE[r.type];
      if (!inverse) continue;
      const list = incoming.get(r.targetRef) ?? [];
      list.push({ type: inverse, targetRef: refOf(e) });
      incoming.set(r.targetRef, list);
    }
  }
  return entities.map(e => {
    const own = e.relations ?? [];
    const added = (incoming.get(refOf(e)) ?? []).filter(
      r => !own.some(o => o.type === r.type && o.targetRef === r.targetRef),
    );
    return { ...e, relations: [...own, ...added] };
  });
}

export function graphOf(entities: Entity[]): CatalogGraph {
  const builder = new GraphBuilder();
  for (const e of entities) builder.addEntity(toGraphEntity(e));
  return builder.build();
}

/**
 * A small shop, in the shape of the demo catalog:
 *
 *   postgres-orders <-dependsOn- orders-service -providesApi-> orders-api
 *   orders-api <-consumesApi- checkout-service <-dependsOn- storefront-web (website)
 *   orders-service, checkout-service and orders-worker are part of system orders/checkout,
 *   which are part of domain commerce; storefront-web is part of system storefront.
 */
export function shop(): Entity[] {
  return [
    entity('domain:default/commerce', [
      ['ownedBy', 'group:default/commerce-team'],
    ]),
    entity('system:default/orders', [
      ['partOf', 'domain:default/commerce'],
      ['ownedBy', 'group:default/orders-team'],
    ]),
    entity('system:default/checkout', [
      ['partOf', 'domain:default/commerce'],
      ['ownedBy', 'group:default/checkout-team'],
    ]),
    entity('system:default/storefront', [
      ['ownedBy', 'group:default/web-team'],
    ]),
    entity('resource:default/postgres-orders', [
      ['partOf', 'system:default/orders'],
      ['ownedBy', 'group:default/platform'],
    ]),
    entity('component:default/orders-service', [
      ['dependsOn', 'resource:default/postgres-orders'],
      ['providesApi', 'api:default/orders-api'],
      ['partOf', 'system:default/orders'],
      ['ownedBy', 'group:default/orders-team'],
    ]),
    entity('component:default/orders-worker', [
      ['partOf', 'system:default/orders'],
      ['ownedBy', 'group:default/orders-team'],
    ]),
    entity('api:default/orders-api', [
      ['partOf', 'system:default/orders'],
      ['ownedBy', 'group:default/orders-team'],
    ]),
    entity('component:default/checkout-service', [
      ['consumesApi', 'api:default/orders-api'],
      ['partOf', 'system:default/checkout'],
      ['ownedBy', 'group:default/checkout-team'],
    ]),
    entity(
      'component:default/storefront-web',
      [
        ['dependsOn', 'component:default/checkout-service'],
        ['partOf', 'system:default/storefront'],
        ['ownedBy', 'group:default/web-team'],
      ],
      { type: 'website' },
    ),
    entity('group:default/orders-team'),
    entity('group:default/checkout-team'),
    entity('group:default/web-team'),
    entity('group:default/platform'),
    entity('group:default/commerce-team'),
  ];
}
