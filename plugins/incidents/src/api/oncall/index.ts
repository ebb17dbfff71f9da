export { oncallApiRef } from './OnCallApi';
export type { OnCallApi } from './OnCallApi';
export { OnCallClient } from './OnCallClient';
