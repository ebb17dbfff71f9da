import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import {
  Incident,
  ListPostmortemsQuery,
  Page,
  Postmortem,
  PostmortemSection,
  PostmortemStatus,
  PostmortemSummary,
  PostmortemTemplateSection,
  TIMELINE_SECTION_KEY,
  UpdatePostmortemRequest,
} from '@lookout/plugin-incidents-common';
import { randomUUID } from 'node:crypto';
import { actorRef } from '../incidents/actors';
import { CatalogScopes } from '../incidents/CatalogScopes';
import { parseIncidentId } from '../incidents/incidentIds';
import { decodeCursor, encodeCursor } from '../lib/cursor';
import { normalizeRef } from '../lib/entityRefs';
import { ActionItemsService } from './ActionItemsService';
import { plainText, renderMarkdown } from './markdown';
import { PostmortemAccess, PostmortemServiceDeps } from './postmortemAccess';
import { PostmortemReviewsService } from './PostmortemReviewsService';
import { PostmortemsStore, StoredPostmortem } from './PostmortemsStore';
import { RelatedPostmortemsService } from './RelatedPostmortemsService';
import { normalizeTag, words } from './searchTerms';

const DEFAULT_PAGE_SIZE = 50;
/** Incidents a postmortem may be written for: the ones that are over. */
const FINISHED: ReadonlySet<string> = new Set(['resolved', 'closed']);

export interface CreatePostmortemRequest {
  incidentId: string;
  title?: string;
}

/** What triage and search read of a postmortem: its written text and what it blamed. */
export interface PostmortemDocument {
  postmortem: PostmortemSummary;
  /** Title and written sections as plain Markdown, without the timeline. */
  text: string;
}

/**
 * Postmortems as documents: written from a finished incident's template, edited section by
 * section without lost changes, listed, searched and read as text. Reviews and publishing,
 * action items, and related postmortems are its parts (built by `createPostmortemsService`),
 * reached through it so the plugin wires one postmortems service. No HTTP and no SQL here.
 */
export class PostmortemsService {
  readonly reviews: PostmortemReviewsService;
  readonly actionItems: ActionItemsService;
  readonly related: RelatedPostmortemsService;
  private readonly store: PostmortemsStore;
  private readonly access: PostmortemAccess;
  private readonly scopes: CatalogScopes;

  constructor(
    private readonly options: PostmortemServiceDeps & {
      template: PostmortemTemplateSection[];
      reviews: PostmortemReviewsService;
      actionItems: ActionItemsService;
      related: RelatedPostmortemsService;
    },
  ) {
    this.store = options.store;
    this.access = options.access;
    this.reviews = options.reviews;
    this.actionItems = options.actionItems;
    this.related = options.related;
    this.scopes = new CatalogScopes(options.catalog);
  }

  /** Starts a draft from the template; summary and impact start from what the incident says. */
  async create(
    request: CreatePostmortemRequest,
    credentials: BackstageCredentials,
  ): Promise<Postmortem> {
    await this.access.requireManage(credentials);
    const incident = await this.access.readIncident(
      request.incidentId,
      credentials,
    );
    if (!FINISHED.has(incident.status)) {
      throw new ConflictError(
        `${incident.id} is ${incident.status}; a postmortem is written once it is resolved`,
      );
    }
    const now = this.access.now();
    const created = await this.store.createPostmortem({
      id: randomUUID(),
      incidentSeq: parseIncidentId(incident.id),
      title: request.title ?? `Postmortem: ${incident.title}`,
      entityRef: incident.entityRef,
      ownerRef: incident.ownerRef,
      severity: incident.severity,
      createdBy: actorRef(credentials),
      incidentDeclaredAt: incident.declaredAt,
      createdAt: now,
      sections: this.options.template.map(section => ({
        key: section.key,
        title: section.title,
        prompt: section.prompt ?? '',
        body: initialBody(section.key, incident),
      })),
    });
    if (!created) {
      const [existing] = await this.store.getByIncidents([
        parseIncidentId(incident.id),
      ]);
      throw new ConflictError(
        `${incident.id} already has a postmortem (${existing?.id}); edit that one`,
      );
    }
    return this.access.withTimeline(created);
  }

  async get(
    id: string,
    credentials: BackstageCredentials,
  ): Promise<Postmortem> {
    const { postmortem } = await this.access.load(id, credentials);
    return this.access.withTimeline(postmortem);
  }

  async markdown(
    id: string,
    credentials: BackstageCredentials,
  ): Promise<string> {
    return renderMarkdown(await this.get(id, credentials));
  }

  async list(
    query: ListPostmortemsQuery,
    credentials: BackstageCredentials,
  ): Promise<Page<PostmortemSummary>> {
    const condition = await this.options.authorizer.readCondition(credentials);
    const entityRefs = await this.scopes.within(
      {
        ownerRef: query.ownerRef && normalizeRef(query.ownerRef, 'ownerRef'),
        systemRef:
          query.systemRef && normalizeRef(query.systemRef, 'systemRef'),
      },
      credentials,
    );
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const { items, last } = await this.store.listPostmortems({
      entityRef: query.entityRef && normalizeRef(query.entityRef, 'entityRef'),
      entityRefs,
      severity: query.severity,
      status: query.status,
      tag: query.tag && normalizeTag(query.tag),
      incidentSeq: query.incidentId
        ? parseIncidentId(query.incidentId)
        : undefined,
      from: query.from,
      to: query.to,
      words: query.q ? words(query.q) : undefined,
      condition,
      after: query.cursor ? decodeCursor(query.cursor, 'string') : undefined,
      limit,
    });
    return { items, nextCursor: last && encodeCursor(last) };
  }

  /**
   * Full-text search over written postmortems, best for triage: every word must appear.
   * Without credentials it is an in-process call that sees everything (for background work).
   */
  async search(
    text: string,
    options: {
      credentials?: BackstageCredentials;
      limit?: number;
      status?: PostmortemStatus[];
      entityRefs?: string[];
    } = {},
  ): Promise<PostmortemDocument[]> {
    const condition = options.credentials
      ? await this.options.authorizer.readCondition(options.credentials)
      : undefined;
    const { items } = await this.store.listPostmortems({
      words: words(text),
      status: options.status,
      entityRefs: options.entityRefs,
      condition,
      limit: Math.min(options.limit ?? 20, 500),
    });
    const full = await this.store.getByIncidents(
      items.map(i => parseIncidentId(i.incidentId)),
    );
    return items.map(summary => ({
      postmortem: summary,
      text: plainText(full.find(p => p.id === summary.id)!),
    }));
  }

  /**
   * The postmortems of these incidents (by id, `INC-42`), with their text and root cause;
   * incidents without one are left out. Without credentials nothing is filtered.
   */
  async forIncidents(
    incidentIds: string[],
    credentials?: BackstageCredentials,
  ): Promise<PostmortemDocument[]> {
    const found = await this.store.getByIncidents(
      incidentIds.map(parseIncidentId),
    );
    const visible = credentials
      ? await this.access.visibleTo(found, credentials)
      : found;
    return visible.map(postmortem => ({
      postmortem: summaryOf(postmortem),
      text: plainText(postmortem),
    }));
  }

  /** Published postmortems as search documents, a page at a time (for the search collator). */
  async documents(
    query: { cursor?: string; limit?: number },
    credentials: BackstageCredentials,
  ): Promise<Page<PostmortemDocument>> {
    const page = await this.list(
      {
        status: ['published'],
        cursor: query.cursor,
        limit: query.limit ?? 100,
      },
      credentials,
    );
    const full = await this.store.getByIncidents(
      page.items.map(i => parseIncidentId(i.incidentId)),
    );
    return {
      items: page.items.map(summary => ({
        postmortem: summary,
        text: plainText(full.find(p => p.id === summary.id)!),
      })),
      nextCursor: page.nextCursor,
    };
  }

  async update(
    id: string,
    request: UpdatePostmortemRequest,
    credentials: BackstageCredentials,
  ): Promise<Postmortem> {
    await this.access.requireManage(credentials);
    const { postmortem } = await this.access.load(id, credentials);
    if (postmortem.status === 'published') {
      throw new ConflictError(
        'This postmortem is published; move it back to draft to edit it',
      );
    }
    const written = await this.store.updateDetails(
      id,
      request.version,
      {
        title: request.title,
        rootCauseEntityRef:
          request.rootCauseEntityRef === undefined ||
          request.rootCauseEntityRef === null
            ? request.rootCauseEntityRef
            : normalizeRef(request.rootCauseEntityRef, 'rootCauseEntityRef'),
        causeCategory:
          request.causeCategory === undefined || request.causeCategory === null
            ? request.causeCategory
            : normalizeTag(request.causeCategory),
        tags: request.tags && [...new Set(request.tags.map(normalizeTag))],
      },
      this.access.now(),
    );
    if (!written) throw new NotFoundError(`No postmortem ${id}`);
    if (!written.ok) {
      throw new ConflictError(
        `The postmortem's details (title, root cause, category, tags) changed since version ` +
          `${request.version} (now ${written.current.version}); reload them and apply your change again`,
      );
    }
    return this.access.withTimeline(written.value);
  }

  /**
   * Writes one section. Each section has its own version, so two people editing different
   * sections both land; a stale write to the same section is a 409 that names it.
   */
  async updateSection(
    id: string,
    key: string,
    request: { body: string; version: number },
    credentials: BackstageCredentials,
  ): Promise<PostmortemSection> {
    await this.access.requireManage(credentials);
    const { postmortem } = await this.access.load(id, credentials);
    const section = postmortem.sections.find(s => s.key === key);
    if (!section) {
      throw new NotFoundError(
        `No section '${key}'; this postmortem has ${postmortem.sections
          .map(s => s.key)
          .join(', ')}`,
      );
    }
    if (section.derived) {
      throw new InputError(
        `The ${section.title} section is derived from the incident's timeline; add a note to the incident instead`,
      );
    }
    if (postmortem.status === 'published') {
      throw new ConflictError(
        'This postmortem is published; move it back to draft to edit it',
      );
    }
    const written = await this.store.updateSection(
      id,
      key,
      request.version,
      request.body,
      actorRef(credentials),
      this.access.now(),
    );
    if (!written) throw new NotFoundError(`No postmortem ${id}`);
    if (!written.ok) {
      const { current } = written;
      throw new ConflictError(
        `Section '${current.title}' (${key}) was changed by ${
          current.updatedBy ?? 'someone else'
        } since version ${request.version} (now ${current.version}); ` +
          'merge your text with theirs and save again',
      );
    }
    return written.value;
  }
}

/** What a section starts with: the incident's own words where it has them. */
function initialBody(key: string, incident: Incident): string {
  if (key === 'summary') return incident.description;
  if (key === 'impact') return incident.customerImpact;
  if (key === TIMELINE_SECTION_KEY) return '';
  return '';
}

function summaryOf(postmortem: StoredPostmortem): PostmortemSummary {
  const { incidentSeq, sections, reviewers, actionItems, ...summary } =
    postmortem;
  return summary;
}
