export { incidentsApiRef } from './IncidentsApi';
export type { IncidentsApi } from './IncidentsApi';
export { IncidentsClient } from './IncidentsClient';
export { errorMessage } from './errorMessage';
export { INTEGRATION_TYPES } from './alertTypes';
export type {
  Alert,
  AlertStatus,
  ChangeEvent,
  CreateIntegrationRequest,
  CreateMaintenanceWindowRequest,
  CreatedIntegration,
  IncidentChanges,
  Integration,
  IntegrationType,
  ListAlertsQuery,
  MaintenanceWindow,
} from './alertTypes';
