export { postmortemsApiRef } from './PostmortemsApi';
export type { PostmortemsApi, ActionItemRequest } from './PostmortemsApi';
export { PostmortemsClient } from './PostmortemsClient';
