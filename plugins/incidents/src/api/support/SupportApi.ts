import { createApiRef } from '@backstage/core-plugin-api';
import {
  CustomerImpact,
  EscalateSupportReportRequest,
  Incident,
  ListSupportReportsQuery,
  Page,
  SupportFigures,
  SupportReport,
} from '@lookout/plugin-incidents-common';

/** The frontend's view of customer support (`/support/...`). */
export interface SupportApi {
  listReports(query?: ListSupportReportsQuery): Promise<Page<SupportReport>>;
  linkReport(id: string, incidentId: string): Promise<SupportReport>;
  escalateReport(
    id: string,
    request?: EscalateSupportReportRequest,
  ): Promise<{ report: SupportReport; incident: Incident }>;
  /** Customer impact of each incident asked for, in the same order. */
  impact(incidentIds: string[]): Promise<CustomerImpact[]>;
  retryNotices(incidentId: string): Promise<{ retried: number }>;
  figures(query?: { from?: string; to?: string }): Promise<SupportFigures>;
}

export const supportApiRef = createApiRef<SupportApi>({
  id: 'plugin.incidents.support',
});
