export { pagingApiRef } from './PagingApi';
export type { PagingApi } from './PagingApi';
export { PagingClient } from './PagingClient';
