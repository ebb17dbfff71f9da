export { escalationApiRef } from './EscalationApi';
export type { EscalationApi } from './EscalationApi';
export { EscalationClient } from './EscalationClient';
