import { Entity } from '@backstage/catalog-model';

/** Kinds that incidents start on or hit; their pages get the Incidents tab. */
const INCIDENT_KINDS = new Set(['component', 'resource', 'api', 'system']);

function kindOf(entity: Entity): string {
  return entity.kind.toLocaleLowerCase('en-US');
}

/** True when an entity's page should offer Lookout's incident views. */
export function isIncidentsAvailable(entity: Entity): boolean {
  return INCIDENT_KINDS.has(kindOf(entity));
}

/** True when an entity's page should offer the Blast radius tab: the kinds impact flows through. */
export function isBlastRadiusAvailable(entity: Entity): boolean {
  return INCIDENT_KINDS.has(kindOf(entity));
}

/** Kinds with a live status: what incidents hit, and what rolls their status up. */
const LIVE_STATUS_KINDS = new Set([...INCIDENT_KINDS, 'domain', 'group']);

/** True when an entity's page should show the Live status card. */
export function isLiveStatusAvailable(entity: Entity): boolean {
  return LIVE_STATUS_KINDS.has(kindOf(entity));
}

/** True for teams (Group entities), whose pages get the team Incidents card. */
export function isTeamIncidentsAvailable(entity: Entity): boolean {
  return kindOf(entity) === 'group';
}

/** True when an entity's page should offer the Alerts tab: the kinds alerts are routed to. */
export function isAlertsAvailable(entity: Entity): boolean {
  return INCIDENT_KINDS.has(kindOf(entity));
}
