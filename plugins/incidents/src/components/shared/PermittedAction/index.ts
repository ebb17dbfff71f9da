export { PermittedAction } from './PermittedAction';
export type { PermittedActionProps } from './PermittedAction';
export { IncidentUpdateAction } from './IncidentUpdateAction';
