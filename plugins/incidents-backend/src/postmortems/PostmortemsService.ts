import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { parseEntityRef, RELATION_HAS_MEMBER } from '@backstage/catalog-model';
import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  ActionItem,
  ActionItemRequest,
  Incident,
  incidentReadPermission,
  ListPostmortemsQuery,
  Page,
  Postmortem,
  postmortemManagePermission,
  PostmortemMatch,
  PostmortemSection,
  PostmortemStatus,
  PostmortemSummary,
  PostmortemTemplateSection,
  RelatedPostmortems,
  ReviewDecision,
  TIMELINE_SECTION_KEY,
  UpdatePostmortemRequest,
} from '@lookout/plugin-incidents-common';
import { randomUUID } from 'node:crypto';
import { missingFromCatalog } from '../catalog/entitiesByRef';
import { actorRef } from '../incidents/actors';
import { CatalogScopes } from '../incidents/CatalogScopes';
import { parseIncidentId } from '../incidents/incidentIds';
import { decodeCursor, encodeCursor } from '../lib/cursor';
import { normalizeRef } from '../lib/entityRefs';
import { IncidentsStore } from '../incidents/IncidentsStore';
import { IncidentsAuthorizer } from '../permissions/IncidentsAuthorizer';
import { plainText, renderMarkdown } from './markdown';
import {
  ActionItemChanges,
  PostmortemsStore,
  StoredPostmortem,
} from './PostmortemsStore';

const DEFAULT_PAGE_SIZE = 50;
const MAX_WORDS = 10;
const MAX_RELATED = 50;
/** Incidents a postmortem may be written for: the ones that are over. */
const FINISHED: ReadonlySet<string> = new Set(['resolved', 'closed']);

/** The moves between postmortem statuses; publishing also needs every reviewer's approval. */
const TRANSITIONS: Record<PostmortemStatus, PostmortemStatus[]> = {
  draft: ['in_review', 'published'],
  in_review: ['draft', 'published'],
  published: ['draft'],
};

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
 * The rules of postmortems: written from a finished incident's template, edited section by
 * section without lost changes, reviewed, published, with action items; matched against later
 * incidents for recurrence. No HTTP and no SQL here.
 */
export class PostmortemsService {
  private readonly scopes: CatalogScopes;

  constructor(
    private readonly options: {
      store: PostmortemsStore;
      incidents: IncidentsStore;
      authorizer: Pick<
        IncidentsAuthorizer,
        'requireBasic' | 'require' | 'allows' | 'readCondition'
      >;
      catalog: CatalogService;
      template: PostmortemTemplateSection[];
      /** What the entity depends on, as the caller may see it: the graph's upstream walk. */
      upstream: (
        entityRef: string,
        credentials: BackstageCredentials,
      ) => Promise<Array<{ entityRef: string; distance: number }>>;
      clock?: () => Date;
    },
  ) {
    this.scopes = new CatalogScopes(options.catalog);
  }

  /** Starts a draft from the template; summary and impact start from what the incident says. */
  async create(
    request: CreatePostmortemRequest,
    credentials: BackstageCredentials,
  ): Promise<Postmortem> {
    await this.requireManage(credentials);
    const incident = await this.readIncident(request.incidentId, credentials);
    if (!FINISHED.has(incident.status)) {
      throw new ConflictError(
        `${incident.id} is ${incident.status}; a postmortem is written once it is resolved`,
      );
    }
    const now = this.now();
    const created = await this.options.store.createPostmortem({
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
      const [existing] = await this.options.store.getByIncidents([
        parseIncidentId(incident.id),
      ]);
      throw new ConflictError(
        `${incident.id} already has a postmortem (${existing?.id}); edit that one`,
      );
    }
    return this.withTimeline(created);
  }

  async get(
    id: string,
    credentials: BackstageCredentials,
  ): Promise<Postmortem> {
    const { postmortem } = await this.load(id, credentials);
    return this.withTimeline(postmortem);
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
    const { items, last } = await this.options.store.listPostmortems({
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
    const { items } = await this.options.store.listPostmortems({
      words: words(text),
      status: options.status,
      entityRefs: options.entityRefs,
      condition,
      limit: Math.min(options.limit ?? 20, 500),
    });
    const full = await this.options.store.getByIncidents(
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
    const found = await this.options.store.getByIncidents(
      incidentIds.map(parseIncidentId),
    );
    const visible = credentials
      ? await this.visibleTo(found, credentials)
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
    const full = await this.options.store.getByIncidents(
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
    await this.requireManage(credentials);
    const { postmortem } = await this.load(id, credentials);
    if (postmortem.status === 'published') {
      throw new ConflictError(
        'This postmortem is published; move it back to draft to edit it',
      );
    }
    const written = await this.options.store.updateDetails(
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
      this.now(),
    );
    if (!written) throw new NotFoundError(`No postmortem ${id}`);
    if (!written.ok) {
      throw new ConflictError(
        `The postmortem's details (title, root cause, category, tags) changed since version ` +
          `${request.version} (now ${written.current.version}); reload them and apply your change again`,
      );
    }
    return this.withTimeline(written.value);
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
    await this.requireManage(credentials);
    const { postmortem } = await this.load(id, credentials);
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
    const written = await this.options.store.updateSection(
      id,
      key,
      request.version,
      request.body,
      actorRef(credentials),
      this.now(),
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

  /** Moves between draft, in review and published; publishing needs every reviewer's approval. */
  async transition(
    id: string,
    to: PostmortemStatus,
    credentials: BackstageCredentials,
  ): Promise<Postmortem> {
    await this.requireManage(credentials);
    const { postmortem } = await this.load(id, credentials);
    if (postmortem.status === to) return this.withTimeline(postmortem);
    const allowed = TRANSITIONS[postmortem.status];
    if (!allowed.includes(to)) {
      throw new ConflictError(
        `A ${
          postmortem.status
        } postmortem cannot move to ${to}; it can move to ${allowed.join(
          ' or ',
        )}`,
      );
    }
    if (to === 'published') {
      const waiting = postmortem.reviewers.filter(
        r => r.decision !== 'approved',
      );
      if (waiting.length > 0) {
        throw new ConflictError(
          `Not every reviewer has approved: ${waiting
            .map(r => `${r.userRef} (${r.decision.replace('_', ' ')})`)
            .join(', ')}`,
        );
      }
    }
    if (to === 'in_review') await this.options.store.resetReviews(id);
    const written = await this.options.store.updateDetails(
      id,
      undefined,
      {
        status: to,
        publishedAt: to === 'published' ? this.now() : null,
      },
      this.now(),
    );
    if (!written?.ok) throw new NotFoundError(`No postmortem ${id}`);
    return this.withTimeline(written.value);
  }

  async addReviewer(
    id: string,
    userRef: string,
    credentials: BackstageCredentials,
  ): Promise<Postmortem> {
    await this.requireManage(credentials);
    await this.load(id, credentials);
    const ref = normalizeRef(userRef, 'userRef');
    if (parseEntityRef(ref).kind !== 'user') {
      throw new InputError(`userRef: a reviewer is a User entity, not ${ref}`);
    }
    await this.requireInCatalog([ref], credentials);
    await this.options.store.addReviewer(id, ref);
    return this.get(id, credentials);
  }

  async removeReviewer(
    id: string,
    userRef: string,
    credentials: BackstageCredentials,
  ): Promise<void> {
    await this.requireManage(credentials);
    await this.load(id, credentials);
    if (
      !(await this.options.store.removeReviewer(
        id,
        normalizeRef(userRef, 'userRef'),
      ))
    ) {
      throw new NotFoundError(
        `${userRef} is not a reviewer of this postmortem`,
      );
    }
  }

  /** A reviewer's own decision; nobody can approve on someone else's behalf. */
  async review(
    id: string,
    request: { decision: Exclude<ReviewDecision, 'pending'>; comment?: string },
    credentials: BackstageCredentials,
  ): Promise<Postmortem> {
    const { postmortem } = await this.load(id, credentials);
    const me = actorRef(credentials);
    if (!postmortem.reviewers.some(r => r.userRef === me)) {
      throw new ConflictError(
        `${me} is not a reviewer of this postmortem; ask its author to add you`,
      );
    }
    if (postmortem.status !== 'in_review') {
      throw new ConflictError(
        `This postmortem is ${postmortem.status}; reviews are given while it is in review`,
      );
    }
    await this.options.store.recordDecision(
      id,
      me,
      request.decision,
      request.comment ?? '',
      this.now(),
    );
    return this.get(id, credentials);
  }

  async createActionItem(
    id: string,
    request: ActionItemRequest,
    credentials: BackstageCredentials,
  ): Promise<ActionItem> {
    await this.requireManage(credentials);
    await this.load(id, credentials);
    const ownerRef = await this.owner(request.ownerRef, credentials);
    return this.options.store.createActionItem(id, {
      id: randomUUID(),
      title: request.title,
      ownerRef,
      dueDate: request.dueDate ?? null,
      status: request.status ?? 'open',
      trackerUrl: request.trackerUrl ?? null,
      createdAt: this.now(),
    });
  }

  async updateActionItem(
    id: string,
    itemId: string,
    request: Partial<ActionItemRequest> & { version: number },
    credentials: BackstageCredentials,
  ): Promise<ActionItem> {
    await this.requireManage(credentials);
    await this.loadItem(id, itemId, credentials);
    const changes: ActionItemChanges = {
      title: request.title,
      ownerRef:
        request.ownerRef === undefined
          ? undefined
          : await this.owner(request.ownerRef, credentials),
      dueDate: request.dueDate,
      status: request.status,
      trackerUrl: request.trackerUrl,
    };
    const written = await this.options.store.updateActionItem(
      itemId,
      request.version,
      changes,
      this.now(),
    );
    if (!written) throw new NotFoundError(`No action item ${itemId}`);
    if (!written.ok) {
      throw new ConflictError(
        `Action item '${written.current.title}' changed since version ${request.version} ` +
          `(now ${written.current.version}); reload it and apply your change again`,
      );
    }
    return written.value;
  }

  async deleteActionItem(
    id: string,
    itemId: string,
    credentials: BackstageCredentials,
  ): Promise<void> {
    await this.requireManage(credentials);
    await this.loadItem(id, itemId, credentials);
    await this.options.store.deleteActionItem(itemId);
  }

  /**
   * Action items of a User, or of a Group and its direct members; with `overdue`, only the
   * open ones past their due date.
   */
  async actionItems(
    query: { ownerRef: string; overdue?: boolean; open?: boolean },
    credentials: BackstageCredentials,
  ): Promise<ActionItem[]> {
    const ownerRef = normalizeRef(query.ownerRef, 'ownerRef');
    const condition = await this.options.authorizer.readCondition(credentials);
    const ownerRefs = [ownerRef];
    if (parseEntityRef(ownerRef).kind === 'group') {
      const group = await this.options.catalog.getEntityByRef(ownerRef, {
        credentials,
      });
      ownerRefs.push(
        ...(group?.relations ?? [])
          .filter(r => r.type === RELATION_HAS_MEMBER)
          .map(r => r.targetRef.toLocaleLowerCase('en-US')),
      );
    }
    return this.options.store.listActionItems({
      ownerRefs,
      openOnly: query.overdue || query.open,
      dueBefore: query.overdue ? this.now().slice(0, 10) : undefined,
      condition,
      limit: 500,
    });
  }

  /**
   * Postmortems about the entity itself (its incidents, or a root cause found in it), and those
   * whose root cause was in something it depends on: the same upstream cause may hit it too.
   */
  async related(
    entityRef: string,
    credentials: BackstageCredentials,
  ): Promise<RelatedPostmortems> {
    const ref = normalizeRef(entityRef, 'entityRef');
    const condition = await this.options.authorizer.readCondition(credentials);
    const { items: sameEntity } = await this.options.store.listPostmortems({
      entityRef: ref,
      condition,
      limit: MAX_RELATED,
    });
    const upstream = (await this.options.upstream(ref, credentials)).filter(
      u => u.entityRef !== ref,
    );
    const distance = new Map(upstream.map(u => [u.entityRef, u.distance]));
    const { items } = upstream.length
      ? await this.options.store.listPostmortems({
          entityRefs: [...distance.keys()],
          condition,
          limit: MAX_RELATED,
        })
      : { items: [] };
    const seen = new Set(sameEntity.map(p => p.id));
    return {
      sameEntity,
      upstream: items
        .filter(p => p.rootCauseEntityRef && distance.has(p.rootCauseEntityRef))
        .filter(p => !seen.has(p.id))
        .map(p => ({
          postmortem: p,
          distance: distance.get(p.rootCauseEntityRef!)!,
        }))
        .sort((a, b) => a.distance - b.distance),
    };
  }

  /**
   * "This happened before": earlier published postmortems on the incident's origin (as origin
   * or as root cause). Once the incident's cause is known (its `cause` label, or its own
   * postmortem's category), only those with the same cause category match.
   */
  async recurrence(
    incidentId: string,
    credentials: BackstageCredentials,
  ): Promise<PostmortemMatch[]> {
    const incident = await this.readIncident(incidentId, credentials);
    const [own] = await this.options.store.getByIncidents([
      parseIncidentId(incident.id),
    ]);
    const cause =
      (incident.labels.cause && normalizeTag(incident.labels.cause)) ||
      own?.causeCategory ||
      undefined;
    const entityRefs = [
      ...new Set([
        incident.entityRef,
        own?.rootCauseEntityRef ?? incident.entityRef,
      ]),
    ];
    const condition = await this.options.authorizer.readCondition(credentials);
    const { items } = await this.options.store.listPostmortems({
      entityRefs,
      status: ['published'],
      to: incident.declaredAt,
      condition,
      limit: MAX_RELATED,
    });
    return items
      .filter(p => p.incidentId !== incident.id)
      .flatMap((postmortem): PostmortemMatch[] => {
        if (!cause) return [{ postmortem, match: 'entity' }];
        return postmortem.causeCategory === cause
          ? [{ postmortem, match: 'cause' }]
          : [];
      });
  }

  private async requireManage(credentials: BackstageCredentials) {
    await this.options.authorizer.requireBasic(
      postmortemManagePermission,
      credentials,
    );
  }

  /** The incident, if the caller may read it; reading a postmortem follows this. */
  private async readIncident(
    incidentId: string,
    credentials: BackstageCredentials,
  ): Promise<Incident> {
    const incident = await this.options.incidents.getIncident(
      parseIncidentId(incidentId),
    );
    if (!incident) throw new NotFoundError(`No incident ${incidentId}`);
    await this.options.authorizer.require(
      incidentReadPermission,
      incident,
      credentials,
    );
    return incident;
  }

  private async load(
    id: string,
    credentials: BackstageCredentials,
  ): Promise<{ postmortem: StoredPostmortem; incident: Incident }> {
    const postmortem = await this.options.store.getPostmortem(id);
    if (!postmortem) throw new NotFoundError(`No postmortem ${id}`);
    const incident = await this.readIncident(
      postmortem.incidentId,
      credentials,
    );
    return { postmortem, incident };
  }

  private async loadItem(
    id: string,
    itemId: string,
    credentials: BackstageCredentials,
  ): Promise<ActionItem> {
    await this.load(id, credentials);
    const item = await this.options.store.getActionItem(itemId);
    if (!item || item.postmortemId !== id) {
      throw new NotFoundError(`No action item ${itemId} on postmortem ${id}`);
    }
    return item;
  }

  private async visibleTo(
    postmortems: StoredPostmortem[],
    credentials: BackstageCredentials,
  ): Promise<StoredPostmortem[]> {
    const incidents = await this.options.incidents.getIncidents(
      postmortems.map(p => p.incidentSeq),
    );
    const readable = new Set<string>();
    for (const incident of incidents) {
      if (
        await this.options.authorizer.allows(
          incidentReadPermission,
          incident,
          credentials,
        )
      ) {
        readable.add(incident.id);
      }
    }
    return postmortems.filter(p => readable.has(p.incidentId));
  }

  private async owner(ref: string, credentials: BackstageCredentials) {
    const ownerRef = normalizeRef(ref, 'ownerRef');
    const kind = parseEntityRef(ownerRef).kind;
    if (kind !== 'user' && kind !== 'group') {
      throw new InputError(
        `ownerRef: an action item is owned by a User or a Group, not ${ownerRef}`,
      );
    }
    await this.requireInCatalog([ownerRef], credentials);
    return ownerRef;
  }

  private async requireInCatalog(
    refs: string[],
    credentials: BackstageCredentials,
  ) {
    const missing = await missingFromCatalog(
      this.options.catalog,
      refs,
      credentials,
    );
    if (missing.length > 0) {
      throw new InputError(`Not in the catalog: ${missing.join(', ')}`);
    }
  }

  /** The timeline is read from the incident on every request, never stored twice. */
  private async withTimeline(
    postmortem: StoredPostmortem,
  ): Promise<Postmortem> {
    const { incidentSeq, ...rest } = postmortem;
    return {
      ...rest,
      timeline: await this.options.incidents.listTimeline(incidentSeq),
    };
  }

  private now(): string {
    return (this.options.clock?.() ?? new Date()).toISOString();
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

/** Tags and categories compare lowercased, with spaces as dashes. */
export function normalizeTag(tag: string): string {
  return tag.trim().toLocaleLowerCase('en-US').replace(/\s+/g, '-');
}

function words(text: string): string[] {
  return [
    ...new Set(
      text
        .toLocaleLowerCase('en-US')
        .split(/\s+/)
        .map(w => w.trim())
        .filter(Boolean),
    ),
  ].slice(0, MAX_WORDS);
}
