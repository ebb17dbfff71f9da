export { SupportTable } from './SupportTable';
export { useTableStyles } from './tableStyles';
