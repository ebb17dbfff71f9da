import { createApiRef } from '@backstage/core-plugin-api';
import {
  IncidentInsights,
  InsightsRequest,
} from '@lookout/plugin-incidents-common';

export type { InsightsRequest };

/** The frontend's view of `GET /api/incidents/insights`. */
export interface InsightsApi {
  getInsights(request: InsightsRequest): Promise<IncidentInsights>;
}

export const insightsApiRef = createApiRef<InsightsApi>({
  id: 'plugin.incidents.insights',
});
