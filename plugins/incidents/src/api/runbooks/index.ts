export { runbooksApiRef } from './RunbooksApi';
export type { RunbooksApi } from './RunbooksApi';
export { RunbooksClient } from './RunbooksClient';
