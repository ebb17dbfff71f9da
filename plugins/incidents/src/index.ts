/**
 * Lookout's incidents frontend plugin. Apps on the new frontend system import
 * `@lookout/plugin-incidents/alpha` instead.
 *
 * @packageDocumentation
 */
export {
  incidentsPlugin,
  IncidentsPage,
  EntityIncidentsContent,
  EntityTeamIncidentsCard,
  EntityBlastRadiusContent,
  EntityLiveStatusCard,
  EntityAlertsContent,
  EntityRunbooksContent,
  EntityPostmortemsContent,
  EntityRelatedPostmortemsCard,
  EntityTeamActionItemsCard,
  EntityOnCallCard,
} from './plugin';
export {
  isIncidentsAvailable,
  isTeamIncidentsAvailable,
  isBlastRadiusAvailable,
  isLiveStatusAvailable,
  isAlertsAvailable,
  isRunbooksAvailable,
  isOnCallAvailable,
} from './conditions';
export {
  rootRouteRef,
  incidentRouteRef,
  integrationsRouteRef,
  alertInboxRouteRef,
  postmortemsRouteRef,
  postmortemRouteRef,
  oncallRouteRef,
  scheduleRouteRef,
} from './routes';
export { incidentsApiRef, IncidentsClient } from './api';
export type { IncidentsApi } from './api';
export { SeverityChip } from './components/SeverityChip';
export { StatusChip } from './components/StatusChip';
export { LiveStatusChip } from './components/LiveStatusChip';
export { postmortemsApiRef, PostmortemsClient } from './api/postmortems';
export type { PostmortemsApi } from './api/postmortems';
export { escalationApiRef, EscalationClient } from './api/escalation';
export type { EscalationApi } from './api/escalation';
export { oncallApiRef, OnCallClient } from './api/oncall';
export type { OnCallApi } from './api/oncall';
export { runbooksApiRef, RunbooksClient } from './api/runbooks';
export type { RunbooksApi } from './api/runbooks';
export { statusPageApiRef, StatusPageClient } from './api/statuspage';
export type { StatusPageApi } from './api/statuspage';
