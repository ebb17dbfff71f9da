import { createApiRef } from '@backstage/core-plugin-api';
import {
  DeclareIncidentRequest,
  Incident,
  ListIncidentsQuery,
  Page,
} from '@lookout/plugin-incidents-common';

/** The frontend's view of the incidents backend. */
export interface IncidentsApi {
  listIncidents(query?: ListIncidentsQuery): Promise<Page<Incident>>;
  getIncident(id: string): Promise<Incident>;
  declareIncident(request: DeclareIncidentRequest): Promise<Incident>;
}

export const incidentsApiRef = createApiRef<IncidentsApi>({
  id: 'plugin.incidents.api',
});
