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
  EntitySupportCard,
  EntityInsightsContent,
  EntityInsightsCard,
} from './plugin';
export {
  isInsightsAvailable,
  isServiceInsightsAvailable,
} from './components/insights/conditions';
export {
  isIncidentsAvailable,
  isTeamIncidentsAvailable,
  isBlastRadiusAvailable,
  isLiveStatusAvailable,
  isAlertsAvailable,
  isRunbooksAvailable,
  isOnCallAvailable,
  isSupportAvailable,
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
  supportRouteRef,
  insightsRouteRef,
} from './routes';
export { incidentsApiRef, IncidentsClient } from './api/incidents';
export type { IncidentsApi } from './api/incidents';
export { SeverityChip } from './components/shared/SeverityChip';
export { StatusChip } from './components/shared/StatusChip';
export { LiveStatusChip } from './components/blastRadius/LiveStatusChip';
export { postmortemsApiRef, PostmortemsClient } from './api/postmortems';
export type { PostmortemsApi } from './api/postmortems';
// Published before the paging API had its own name; the names stay so apps keep compiling.
export {
  pagingApiRef as escalationApiRef,
  PagingClient as EscalationClient,
} from './api/paging';
export type { PagingApi as EscalationApi } from './api/paging';
export { oncallApiRef, OnCallClient } from './api/oncall';
export type { OnCallApi } from './api/oncall';
export { runbooksApiRef, RunbooksClient } from './api/runbooks';
export type { RunbooksApi } from './api/runbooks';
export { statusPageApiRef, StatusPageClient } from './api/statuspage';
export type { StatusPageApi } from './api/statuspage';
export { supportApiRef, SupportClient } from './api/support';
export type { SupportApi } from './api/support';
export { insightsApiRef, InsightsClient } from './api/insights';
export type { InsightsApi, InsightsRequest } from './api/insights';
