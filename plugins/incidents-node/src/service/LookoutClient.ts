import { AuthService, DiscoveryService } from '@backstage/backend-plugin-api';
import { ResponseError } from '@backstage/errors';
import {
  DeclareIncidentRequest,
  Incident,
  IncidentRole,
  IncidentRunbook,
  ListIncidentsQuery,
  ListPostmortemsQuery,
  Page,
  Postmortem,
  PostmortemSummary,
  Runbook,
  RunbookIndexDocument,
  TimelineEvent,
  TransitionIncidentRequest,
  UpdateIncidentRequest,
} from '@lookout/plugin-incidents-common';
import {
  LookoutService,
  LookoutServiceRequestOptions,
  LookoutServiceWriteOptions,
} from './LookoutService';

/** The incidents backend's plugin id: where requests go and whom tokens are made for. */
const PLUGIN_ID = 'incidents';

const incident = (id: string) => `/incidents/${encodeURIComponent(id)}`;

/**
 * The {@link LookoutService} over HTTP: the base URL from discovery, a plugin request token
 * for the caller's credentials on every request (never kept: a long run must not outlive its
 * token), and a `ResponseError` for every answer that is not 2xx. Backend modules get one from
 * `lookoutServiceRef`; construct it yourself only outside the backend system or in tests.
 *
 * @public
 */
export class LookoutClient implements LookoutService {
  readonly #auth: AuthService;
  readonly #discovery: DiscoveryService;

  constructor(options: { auth: AuthService; discovery: DiscoveryService }) {
    this.#auth = options.auth;
    this.#discovery = options.discovery;
  }

  listIncidents(
    query: ListIncidentsQuery | undefined,
    options: LookoutServiceRequestOptions,
  ): Promise<Page<Incident>> {
    return this.#request('GET', '/incidents', options, { query });
  }

  getIncident(
    id: string,
    options: LookoutServiceRequestOptions,
  ): Promise<Incident> {
    return this.#request('GET', incident(id), options);
  }

  declareIncident(
    request: DeclareIncidentRequest,
    options: LookoutServiceWriteOptions,
  ): Promise<Incident> {
    return this.#request('POST', '/incidents', options, { body: request });
  }

  updateIncident(
    id: string,
    request: UpdateIncidentRequest,
    options: LookoutServiceRequestOptions,
  ): Promise<Incident> {
    return this.#request('PATCH', incident(id), options, { body: request });
  }

  transitionIncident(
    id: string,
    request: TransitionIncidentRequest,
    options: LookoutServiceWriteOptions,
  ): Promise<Incident> {
    return this.#request('POST', `${incident(id)}/transition`, options, {
      body: request,
    });
  }

  acknowledgeIncident(
    id: string,
    options: LookoutServiceRequestOptions,
  ): Promise<Incident> {
    return this.#request('POST', `${incident(id)}/acknowledge`, options, {
      body: {},
    });
  }

  assignRole(
    id: string,
    request: { role: IncidentRole; userRef: string | null },
    options: LookoutServiceRequestOptions,
  ): Promise<Incident> {
    return this.#request('POST', `${incident(id)}/roles`, options, {
      body: request,
    });
  }

  addNote(
    id: string,
    markdown: string,
    options: LookoutServiceRequestOptions,
  ): Promise<TimelineEvent> {
    return this.#request('POST', `${incident(id)}/notes`, options, {
      body: { markdown },
    });
  }

  async getTimeline(
    id: string,
    options: LookoutServiceRequestOptions,
  ): Promise<TimelineEvent[]> {
    const { items } = await this.#request<{ items: TimelineEvent[] }>(
      'GET',
      `${incident(id)}/timeline`,
      options,
    );
    return items;
  }

  async listRunbooks(
    query: { entityRef?: string; q?: string } | undefined,
    options: LookoutServiceRequestOptions,
  ): Promise<Runbook[]> {
    const { items } = await this.#request<{ items: Runbook[] }>(
      'GET',
      '/runbooks',
      options,
      { query },
    );
    return items;
  }

  async getIncidentRunbooks(
    id: string,
    options: LookoutServiceRequestOptions,
  ): Promise<IncidentRunbook[]> {
    const { items } = await this.#request<{ items: IncidentRunbook[] }>(
      'GET',
      `${incident(id)}/runbooks`,
      options,
    );
    return items;
  }

  async listRunbookDocuments(
    options: LookoutServiceRequestOptions,
  ): Promise<RunbookIndexDocument[]> {
    const { items } = await this.#request<{ items: RunbookIndexDocument[] }>(
      'GET',
      '/runbook-documents',
      options,
    );
    return items;
  }

  listPostmortems(
    query: ListPostmortemsQuery | undefined,
    options: LookoutServiceRequestOptions,
  ): Promise<Page<PostmortemSummary>> {
    return this.#request('GET', '/postmortems', options, { query });
  }

  getPostmortem(
    id: string,
    options: LookoutServiceRequestOptions,
  ): Promise<Postmortem> {
    return this.#request(
      'GET',
      `/postmortems/${encodeURIComponent(id)}`,
      options,
    );
  }

  listPostmortemDocuments(
    query: { cursor?: string; limit?: number } | undefined,
    options: LookoutServiceRequestOptions,
  ): Promise<Page<{ postmortem: PostmortemSummary; text: string }>> {
    return this.#request('GET', '/postmortems/documents', options, { query });
  }

  async #request<T>(
    method: 'GET' | 'POST' | 'PATCH',
    path: string,
    options: LookoutServiceRequestOptions & { idempotencyKey?: string },
    request: { query?: object; body?: unknown } = {},
  ): Promise<T> {
    const { token } = await this.#auth.getPluginRequestToken({
      onBehalfOf: options.credentials,
      targetPluginId: PLUGIN_ID,
    });
    const baseUrl = await this.#discovery.getBaseUrl(PLUGIN_ID);
    const headers: Record<string, string> = {
      Accept: 'application/json',
      Authorization: `Bearer ${token}`,
    };
    if (request.body !== undefined) {
      headers['Content-Type'] = 'application/json';
    }
    if (options.idempotencyKey) {
      headers['Idempotency-Key'] = options.idempotencyKey;
    }
    const response = await fetch(
      `${baseUrl}${path}${toSearch(request.query)}`,
      {
        method,
        headers,
        body:
          request.body === undefined ? undefined : JSON.stringify(request.body),
      },
    );
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return (await response.json()) as T;
  }
}

/**
 * `?key=value…`, leaving out undefined and empty values. A list is sent as the key repeated
 * (`status=a&status=b`), which the routes read like `status=a,b` and which survives any value.
 */
function toSearch(query: object | undefined): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value === undefined || value === '') continue;
    for (const v of Array.isArray(value) ? value : [value]) {
      params.append(key, String(v));
    }
  }
  const search = params.toString();
  return search ? `?${search}` : '';
}
