export { statusPageApiRef } from './StatusPageApi';
export type {
  StatusPageApi,
  StatusComponentRequest,
  PublishStatusIncidentRequest,
  StatusUpdateRequest,
  ScheduleMaintenanceRequest,
} from './StatusPageApi';
export { StatusPageClient } from './StatusPageClient';
