import { Entity } from '@backstage/catalog-model';
import { ANNOTATION_RUNBOOKS } from '@lookout/plugin-incidents-common';

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

/** Kinds whose page shows the On call card: what is owned (through its owner) and teams. */
const ONCALL_KINDS = new Set([...INCIDENT_KINDS, 'group']);

/** True when an entity's page should show who is on call and the escalation path. */
export function isOnCallAvailable(entity: Entity): boolean {
  return ONCALL_KINDS.has(kindOf(entity));
}

/** True when an entity's page should show the Support card: kinds customers report problems with. */
export function isSupportAvailable(entity: Entity): boolean {
  return INCIDENT_KINDS.has(kindOf(entity));
}

/** True when an entity's page should offer the Runbooks tab: kinds incidents start on, or any
 * entity whose `lookout.dev/runbooks` annotation names runbooks. */
export function isRunbooksAvailable(entity: Entity): boolean {
  return (
    INCIDENT_KINDS.has(kindOf(entity)) ||
    Boolean(entity.metadata.annotations?.[ANNOTATION_RUNBOOKS])
  );
}
