import { Entity } from '@backstage/catalog-model';

/** Kinds that incidents start on or hit; their pages get the Incidents tab. */
const INCIDENT_KINDS = new Set(['component', 'resource', 'api', 'system']);

/** True when an entity's page should offer Lookout's incident views. */
export function isIncidentsAvailable(entity: Entity): boolean {
  return INCIDENT_KINDS.has(entity.kind.toLocaleLowerCase('en-US'));
}
