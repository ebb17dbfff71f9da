export { IncidentPagesSent } from './IncidentPagesSent';
export type { IncidentPagesProps } from './IncidentPagesSent';
