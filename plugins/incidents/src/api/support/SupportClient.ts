import { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import {
  CustomerImpact,
  EscalateSupportReportRequest,
  Incident,
  ListSupportReportsQuery,
  Page,
  SupportFigures,
  SupportReport,
} from '@lookout/plugin-incidents-common';
import { BackendClient, toSearch } from '../BackendClient';
import { SupportApi } from './SupportApi';

const report = (id: string) => `/support/reports/${encodeURIComponent(id)}`;

/** Talks to the support routes of `/api/incidents`; tokens come from the fetch API. */
export class SupportClient implements SupportApi {
  private readonly backend: BackendClient;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.backend = new BackendClient(options);
  }

  listReports(
    query: ListSupportReportsQuery = {},
  ): Promise<Page<SupportReport>> {
    return this.backend.request(`/support/reports${toSearch(query)}`);
  }

  linkReport(id: string, incidentId: string): Promise<SupportReport> {
    return this.backend.send('POST', `${report(id)}/link`, { incidentId });
  }

  escalateReport(
    id: string,
    request: EscalateSupportReportRequest = {},
  ): Promise<{ report: SupportReport; incident: Incident }> {
    return this.backend.send('POST', `${report(id)}/escalate`, request);
  }

  async impact(incidentIds: string[]): Promise<CustomerImpact[]> {
    if (incidentIds.length === 0) return [];
    const { items } = await this.backend.request<{ items: CustomerImpact[] }>(
      `/support/impact${toSearch({ incidentId: incidentIds })}`,
    );
    return items;
  }

  retryNotices(incidentId: string): Promise<{ retried: number }> {
    return this.backend.request(
      `/support/incidents/${encodeURIComponent(incidentId)}/retry`,
      { method: 'POST' },
    );
  }

  figures(query: { from?: string; to?: string } = {}): Promise<SupportFigures> {
    return this.backend.request(`/support/figures${toSearch(query)}`);
  }
}
