export { IncidentsLayout } from './IncidentsLayout';
export type { IncidentsTab } from './IncidentsLayout';
