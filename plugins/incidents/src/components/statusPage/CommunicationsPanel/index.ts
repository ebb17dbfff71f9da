export { CommunicationsPanel } from './CommunicationsPanel';
export { StatusUpdateComposer } from './StatusUpdateComposer';
export type { ComposedUpdate } from './StatusUpdateComposer';
export { DeliveryCoverage } from './DeliveryCoverage';
