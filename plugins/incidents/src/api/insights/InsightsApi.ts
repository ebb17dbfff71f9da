import { createApiRef } from '@backstage/core-plugin-api';
import {
  IncidentInsights,
  IncidentSource,
  Severity,
} from '@lookout/plugin-incidents-common';

/** The filters of the Insights page; the backend defaults the range to the last 28 days. */
export interface InsightsRequest {
  from?: string;
  to?: string;
  groupRef?: string;
  entityRef?: string;
  severity?: Severity[];
  source?: IncidentSource[];
}

/** The frontend's view of `GET /api/incidents/insights`. */
export interface InsightsApi {
  getInsights(request: InsightsRequest): Promise<IncidentInsights>;
}

export const insightsApiRef = createApiRef<InsightsApi>({
  id: 'plugin.incidents.insights',
});
