export { PermittedAction } from './PermittedAction';
export type { PermittedActionProps } from './PermittedAction';
