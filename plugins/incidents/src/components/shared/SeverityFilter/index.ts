export { SeverityFilter } from './SeverityFilter';
export type { SeverityFilterProps } from './SeverityFilter';
