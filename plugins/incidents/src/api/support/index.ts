export { supportApiRef } from './SupportApi';
export type { SupportApi } from './SupportApi';
export { SupportClient } from './SupportClient';
