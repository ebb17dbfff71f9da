/**
 * Lookout's incidents frontend plugin. Apps on the new frontend system import
 * `@lookout/plugin-incidents/alpha` instead.
 *
 * @packageDocumentation
 */
export { incidentsPlugin, EntityIncidentsContent } from './plugin';
export { isIncidentsAvailable } from './conditions';
export { incidentsApiRef, IncidentsClient } from './api';
export type { IncidentsApi } from './api';
export { SeverityChip } from './components/SeverityChip';
export { StatusChip } from './components/StatusChip';
