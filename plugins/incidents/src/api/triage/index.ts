export { triageApiRef } from './TriageApi';
export type { TriageApi } from './TriageApi';
export { TriageClient } from './TriageClient';
