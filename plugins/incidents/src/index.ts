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
} from './plugin';
export {
  isIncidentsAvailable,
  isTeamIncidentsAvailable,
  isBlastRadiusAvailable,
  isLiveStatusAvailable,
  isAlertsAvailable,
} from './conditions';
export {
  rootRouteRef,
  incidentRouteRef,
  integrationsRouteRef,
  alertInboxRouteRef,
} from './routes';
export { incidentsApiRef, IncidentsClient } from './api';
export type { IncidentsApi } from './api';
export { SeverityChip } from './components/SeverityChip';
export { StatusChip } from './components/StatusChip';
export { LiveStatusChip } from './components/LiveStatusChip';
