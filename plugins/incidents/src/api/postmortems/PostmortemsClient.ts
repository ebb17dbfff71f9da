import { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import {
  ActionItem,
  ListPostmortemsQuery,
  Page,
  Postmortem,
  PostmortemMatch,
  PostmortemSection,
  PostmortemStatus,
  PostmortemSummary,
  RelatedPostmortems,
  UpdatePostmortemRequest,
} from '@lookout/plugin-incidents-common';
import { BackendClient, toSearch } from '../BackendClient';
import { ActionItemRequest, PostmortemsApi } from './PostmortemsApi';

const path = (id: string) => `/postmortems/${encodeURIComponent(id)}`;

/** Talks to the postmortem routes of `/api/incidents`; tokens come from the fetch API. */
export class PostmortemsClient implements PostmortemsApi {
  private readonly backend: BackendClient;
  private readonly discoveryApi: DiscoveryApi;
  private readonly fetchApi: FetchApi;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.backend = new BackendClient(options);
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi;
  }

  listPostmortems(
    query: ListPostmortemsQuery = {},
  ): Promise<Page<PostmortemSummary>> {
    return this.backend.request(`/postmortems${toSearch(query)}`);
  }

  getPostmortem(id: string): Promise<Postmortem> {
    return this.backend.request(path(id));
  }

  createPostmortem(request: {
    incidentId: string;
    title?: string;
  }): Promise<Postmortem> {
    return this.backend.send('POST', '/postmortems', request);
  }

  updatePostmortem(
    id: string,
    request: UpdatePostmortemRequest,
  ): Promise<Postmortem> {
    return this.backend.send('PATCH', path(id), request);
  }

  updateSection(
    id: string,
    key: string,
    request: { body: string; version: number },
  ): Promise<PostmortemSection> {
    return this.backend.send(
      'PUT',
      `${path(id)}/sections/${encodeURIComponent(key)}`,
      request,
    );
  }

  transitionPostmortem(id: string, to: PostmortemStatus): Promise<Postmortem> {
    return this.backend.send('POST', `${path(id)}/transition`, { to });
  }

  addReviewer(id: string, userRef: string): Promise<Postmortem> {
    return this.backend.send('POST', `${path(id)}/reviewers`, { userRef });
  }

  removeReviewer(id: string, userRef: string): Promise<void> {
    return this.backend.request(
      `${path(id)}/reviewers/${encodeURIComponent(userRef)}`,
      { method: 'DELETE' },
    );
  }

  review(
    id: string,
    request: { decision: 'approved' | 'changes_requested'; comment?: string },
  ): Promise<Postmortem> {
    return this.backend.send('POST', `${path(id)}/review`, request);
  }

  createActionItem(
    id: string,
    request: ActionItemRequest,
  ): Promise<ActionItem> {
    return this.backend.send('POST', `${path(id)}/action-items`, request);
  }

  updateActionItem(
    id: string,
    itemId: string,
    request: Partial<ActionItemRequest> & { version: number },
  ): Promise<ActionItem> {
    return this.backend.send(
      'PATCH',
      `${path(id)}/action-items/${encodeURIComponent(itemId)}`,
      request,
    );
  }

  deleteActionItem(id: string, itemId: string): Promise<void> {
    return this.backend.request(
      `${path(id)}/action-items/${encodeURIComponent(itemId)}`,
      { method: 'DELETE' },
    );
  }

  async listActionItems(query: {
    ownerRef: string;
    overdue?: boolean;
    open?: boolean;
  }): Promise<ActionItem[]> {
    const { items } = await this.backend.request<{ items: ActionItem[] }>(
      `/postmortems/action-items${toSearch(query)}`,
    );
    return items;
  }

  getRelated(entityRef: string): Promise<RelatedPostmortems> {
    return this.backend.request(
      `/postmortems/related${toSearch({ entityRef })}`,
    );
  }

  async getRecurrence(incidentId: string): Promise<PostmortemMatch[]> {
    const { items } = await this.backend.request<{ items: PostmortemMatch[] }>(
      `/postmortems/recurrence${toSearch({ incidentId })}`,
    );
    return items;
  }

  /** Markdown is text, not JSON, so this one reads the body itself. */
  async getMarkdown(id: string): Promise<string> {
    const baseUrl = await this.discoveryApi.getBaseUrl('incidents');
    const response = await this.fetchApi.fetch(
      `${baseUrl}${path(id)}/markdown`,
    );
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return response.text();
  }
}
