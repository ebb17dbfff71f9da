export { IncidentPages } from './IncidentPages';
export type { IncidentPagesProps } from './IncidentPages';
