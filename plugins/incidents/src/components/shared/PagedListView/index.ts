export { PagedListView } from './PagedListView';
export type { Paging } from './PagedListView';
