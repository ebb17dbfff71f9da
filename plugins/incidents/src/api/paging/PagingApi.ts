import { createApiRef } from '@backstage/core-plugin-api';
import {
  CreatedPagingWebhook,
  EscalationEngineStatus,
  IncidentPagesResponse,
  MyPage,
  OnCallPage,
  PageStatus,
  PagingWebhook,
} from '@lookout/plugin-incidents-common';

/** The frontend's view of paging: the pages sent for an incident, escalating by hand, my pages, paging webhooks. */
export interface PagingApi {
  /** The incident's escalation (its frozen policy and where it stands) and the pages sent. */
  getIncidentPages(incidentId: string): Promise<IncidentPagesResponse>;
  /** Pages the next level now. */
  escalateNow(incidentId: string): Promise<IncidentPagesResponse>;
  /** Pages one more person, once. */
  reassign(incidentId: string, userRef: string): Promise<OnCallPage>;
  /** The signed-in user's pages, newest first. */
  listMyPages(query?: {
    status?: PageStatus[];
    limit?: number;
  }): Promise<MyPage[]>;
  /** Acknowledges the page's incident, which stops its escalation. */
  acknowledgePage(pageId: string): Promise<OnCallPage>;
  listWebhooks(): Promise<PagingWebhook[]>;
  createWebhook(input: {
    name: string;
    url: string;
    groupRef?: string;
  }): Promise<CreatedPagingWebhook>;
  deleteWebhook(id: string): Promise<void>;
  /** Whether escalation steps fire on time, across every backend replica. */
  getEngineStatus(): Promise<EscalationEngineStatus>;
}

export const pagingApiRef = createApiRef<PagingApi>({
  // The id predates the paging/escalation split; apps configure the API extension by it.
  id: 'plugin.incidents.escalation',
});
