import { BackstageCredentials } from '@backstage/backend-plugin-api';
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

/**
 * Who a call to Lookout is made for. The incidents backend applies that caller's permissions:
 * pass a user's credentials to act as that user (a chat command), or the module's own
 * (`auth.getOwnServiceCredentials()`) to act as the plugin (a search collator).
 *
 * @public
 */
export interface LookoutServiceRequestOptions {
  credentials: BackstageCredentials;
}

/**
 * For the calls that change something and may be retried: the backend answers a retry that
 * carries the same key with the first answer, without acting twice.
 *
 * @public
 */
export interface LookoutServiceWriteOptions
  extends LookoutServiceRequestOptions {
  /** Sent as the `Idempotency-Key` header. */
  idempotencyKey?: string;
}

/**
 * Lookout's incidents API for backend modules, with credentials instead of tokens (as
 * `CatalogService` is to `CatalogApi`). Every method calls `/api/incidents` with a plugin
 * request token made for `credentials`, and a refusal throws the backend's error as a
 * `ResponseError` from `@backstage/errors`.
 *
 * @public
 */
export interface LookoutService {
  /** `GET /incidents`: one page, newest first; follow `nextCursor` for more. */
  listIncidents(
    query: ListIncidentsQuery | undefined,
    options: LookoutServiceRequestOptions,
  ): Promise<Page<Incident>>;

  /** `GET /incidents/:id`, for example `INC-42`. */
  getIncident(
    id: string,
    options: LookoutServiceRequestOptions,
  ): Promise<Incident>;

  /** `POST /incidents`. */
  declareIncident(
    request: DeclareIncidentRequest,
    options: LookoutServiceWriteOptions,
  ): Promise<Incident>;

  /** `PATCH /incidents/:id`; `request.version` must be the one read. */
  updateIncident(
    id: string,
    request: UpdateIncidentRequest,
    options: LookoutServiceRequestOptions,
  ): Promise<Incident>;

  /** `POST /incidents/:id/transition`: moves the status (and records an optional note). */
  transitionIncident(
    id: string,
    request: TransitionIncidentRequest,
    options: LookoutServiceWriteOptions,
  ): Promise<Incident>;

  /** `POST /incidents/:id/acknowledge`, as the user of `credentials`. */
  acknowledgeIncident(
    id: string,
    options: LookoutServiceRequestOptions,
  ): Promise<Incident>;

  /** `POST /incidents/:id/roles`; a null `userRef` frees the role. */
  assignRole(
    id: string,
    request: { role: IncidentRole; userRef: string | null },
    options: LookoutServiceRequestOptions,
  ): Promise<Incident>;

  /** `POST /incidents/:id/notes`: a Markdown note on the timeline; answers its event. */
  addNote(
    id: string,
    markdown: string,
    options: LookoutServiceRequestOptions,
  ): Promise<TimelineEvent>;

  /** `GET /incidents/:id/timeline`, oldest first. */
  getTimeline(
    id: string,
    options: LookoutServiceRequestOptions,
  ): Promise<TimelineEvent[]>;

  /** `GET /runbooks`: an entity's runbooks of every source, or a search over them. */
  listRunbooks(
    query: { entityRef?: string; q?: string } | undefined,
    options: LookoutServiceRequestOptions,
  ): Promise<Runbook[]>;

  /** `GET /incidents/:id/runbooks`: the runbooks suggested for an incident, with its checklist. */
  getIncidentRunbooks(
    id: string,
    options: LookoutServiceRequestOptions,
  ): Promise<IncidentRunbook[]>;

  /**
   * `GET /runbook-documents`: every runbook readable to the caller, with its Markdown, for
   * indexing. Service credentials only; a user's are refused.
   */
  listRunbookDocuments(
    options: LookoutServiceRequestOptions,
  ): Promise<RunbookIndexDocument[]>;

  /** `GET /postmortems`: one page of postmortems without their sections. */
  listPostmortems(
    query: ListPostmortemsQuery | undefined,
    options: LookoutServiceRequestOptions,
  ): Promise<Page<PostmortemSummary>>;

  /** `GET /postmortems/:id`, with sections, timeline, reviewers and action items. */
  getPostmortem(
    id: string,
    options: LookoutServiceRequestOptions,
  ): Promise<Postmortem>;

  /**
   * `GET /postmortems/documents`: one page of published postmortems with their written text
   * (title and sections, not the timeline), for indexing.
   */
  listPostmortemDocuments(
    query: { cursor?: string; limit?: number } | undefined,
    options: LookoutServiceRequestOptions,
  ): Promise<Page<{ postmortem: PostmortemSummary; text: string }>>;
}
