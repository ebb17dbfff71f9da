export { importApiRef } from './ImportApi';
export type { ImportApi } from './ImportApi';
export { ImportClient } from './ImportClient';
