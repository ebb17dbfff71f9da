export { useIncidentsSignal } from './useIncidentsSignal';
export { useRefresh } from './useRefresh';
export { usePagedIncidents } from './usePagedIncidents';
export type { PagedIncidents } from './usePagedIncidents';
export { useCatalogEntityOptions } from './useCatalogEntityOptions';
export type { EntityOption } from './useCatalogEntityOptions';
export { useAction } from './useAction';
export type { RunAction } from './useAction';
export { useIncidentAction } from './useIncidentAction';
export type { RunIncidentAction } from './useIncidentAction';
export { useSeverityInfo } from './useSeverityInfo';
export type { SeverityInfo } from './useSeverityInfo';
export { useEntityStatus } from './useEntityStatus';
export { useBlastRadius } from './useBlastRadius';
export { usePagedAlerts } from './usePagedAlerts';
export type { AlertListSource, PagedAlerts } from './usePagedAlerts';
export { useIntegrationNames } from './useIntegrationNames';
export { useActionPermission, deniedReason } from './useActionPermission';
export type {
  ActionPermission,
  ActionPermissionInput,
} from './useActionPermission';
