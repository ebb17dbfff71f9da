export { StatusFilter } from './StatusFilter';
export type { StatusFilterProps } from './StatusFilter';
export { statusesOf } from './statusScopes';
export type { StatusScope } from './statusScopes';
