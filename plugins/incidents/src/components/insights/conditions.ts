import { Entity } from '@backstage/catalog-model';

/** Kinds that stand for many incidents: teams, systems and domains get the Insights tab. */
const INSIGHTS_TAB_KINDS = new Set(['group', 'system', 'domain']);

const kindOf = (entity: Entity) => entity.kind.toLocaleLowerCase('en-US');

/** True when an entity's page should offer the Insights tab: teams, systems and domains. */
export function isInsightsAvailable(entity: Entity): boolean {
  return INSIGHTS_TAB_KINDS.has(kindOf(entity));
}

/** True when an entity's page should show the Insights card: services (components). */
export function isServiceInsightsAvailable(entity: Entity): boolean {
  return kindOf(entity) === 'component';
}
