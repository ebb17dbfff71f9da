export { incidentsApiRef } from './IncidentsApi';
export type { IncidentsApi } from './IncidentsApi';
export { IncidentsClient } from './IncidentsClient';
export { errorMessage } from './errorMessage';
export { BackendClient, toSearch } from './BackendClient';
