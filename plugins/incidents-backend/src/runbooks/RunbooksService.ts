import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import {
  CompoundEntityRef,
  Entity,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { ScmIntegrationRegistry } from '@backstage/integration';
import {
  Alert,
  CreateRunbookRequest,
  Incident,
  IncidentRunbook,
  IncidentRunbookStep,
  incidentUpdatePermission,
  Page,
  parseRunbookSteps,
  Runbook,
  runbookHeading,
  RunbookIndexDocument,
  runbookManagePermission,
  RunbookSource,
  RunbookStepEventData,
  RunbookSuggestionReason,
  TickRunbookStepRequest,
  TimelineEvent,
  UpdateRunbookRequest,
} from '@lookout/plugin-incidents-common';
import { createHash, randomUUID } from 'node:crypto';
import path from 'node:path';
import { missingFromCatalog } from '../catalog/entitiesByRef';
import { actorRef } from '../incidents/actors';
import { parseIncidentId } from '../incidents/incidentIds';
import { IncidentsService } from '../incidents/IncidentsService';
import { normalizeRef } from '../lib/entityRefs';
import { IncidentsStore } from '../incidents/IncidentsStore';
import { IncidentsAuthorizer } from '../permissions/IncidentsAuthorizer';
import {
  ReadResult,
  resolveRunbookEntries,
  RunbookLocation,
  RunbookReader,
} from './RunbookReader';
import { RunbooksStore, StoredRunbook } from './RunbooksStore';

/** The most Lookout runbooks one list or one search answers. */
const MAX_LIST = 500;
/** The most alerts of one incident whose runbook_url is followed. */
const MAX_ALERTS = 200;
/** Files read at once, so one incident does not open dozens of connections. */
const READ_CONCURRENCY = 8;
/** Words too common in incident titles to say anything about a runbook. */
const STOP_WORDS = new Set(
  'about after again also down from have high into more over some than that their them then there these this were when with without while what your cannot error errors failing failed issue issues problem problems slow service services'.split(
    ' ',
  ),
);

/** A search over runbooks; with an entity, within that entity's runbooks of every source. */
export interface RunbookSearchQuery {
  q?: string;
  entityRef?: string;
}

/**
 * The rules of runbooks: where they come from (Lookout itself, the `lookout.dev/runbooks`
 * annotation, an alert's `runbook_url`), who may see them (whoever may see one of their
 * entities in the catalog), who may write them (`incident.runbook.manage`), which ones an
 * incident suggests, and ticking their checklist steps on the incident's timeline.
 */
export class RunbooksService {
  constructor(
    private readonly options: {
      store: RunbooksStore;
      reader: RunbookReader;
      integrations: ScmIntegrationRegistry;
      catalog: CatalogService;
      authorizer: Pick<IncidentsAuthorizer, 'requireBasic' | 'require'>;
      incidents: Pick<IncidentsService, 'get' | 'timeline' | 'announce'>;
      alerts: {
        listForIncident(
          incidentId: string,
          query: { limit?: number },
          credentials: BackstageCredentials,
        ): Promise<Page<Alert>>;
      };
      timeline: Pick<IncidentsStore, 'appendEvents'>;
      clock?: () => Date;
    },
  ) {}

  /**
   * Every runbook of a catalog entity the caller may see: those written in Lookout and
   * attached to it, then those its `lookout.dev/runbooks` annotation names. A file that cannot
   * be read is listed with its `error`, never thrown.
   */
  async forEntity(
    entityRef: string | CompoundEntityRef,
    credentials: BackstageCredentials,
  ): Promise<Runbook[]> {
    const ref = normalizeRef(
      typeof entityRef === 'string' ? entityRef : stringifyEntityRef(entityRef),
      'entityRef',
    );
    const entity = await this.options.catalog.getEntityByRef(ref, {
      credentials,
    });
    if (!entity) {
      throw new NotFoundError(`No entity ${ref} in the catalog`);
    }
    const written = await this.options.store.listRunbooks({
      entityRefs: [ref],
      limit: MAX_LIST,
    });
    return [
      ...written.map(toApiRunbook),
      ...(await this.fromAnnotation(entity, ref)),
    ];
  }

  /**
   * The runbooks suggested for an incident: its origin entity's, those its alerts link with
   * `runbook_url`, and Lookout runbooks whose text matches words of its title; each with the
   * reasons and the checklist as the incident's timeline has ticked it. Pass the incident
   * when the caller has already read it with these credentials; an id is read here.
   */
  async forIncident(
    incidentOrId: string | Incident,
    credentials: BackstageCredentials,
  ): Promise<IncidentRunbook[]> {
    const incident =
      typeof incidentOrId === 'string'
        ? await this.options.incidents.get(incidentOrId, credentials)
        : incidentOrId;
    const found = new Map<
      string,
      { runbook: Runbook; reasons: RunbookSuggestionReason[] }
    >();
    const add = (runbook: Runbook, reason: RunbookSuggestionReason) => {
      const entry = found.get(runbook.id) ?? { runbook, reasons: [] };
      entry.reasons.push(reason);
      found.set(runbook.id, entry);
    };

    const [fromEntity, fromAlerts, fromTitle, events] = await Promise.all([
      this.forEntity(incident.entityRef, credentials).catch(error => {
        // an origin the caller cannot see (or that left the catalog) suggests nothing
        if (NotFoundError.is(error)) return [];
        throw error;
      }),
      this.fromAlerts(incident, credentials),
      this.matchingTitle(incident.title, credentials),
      this.options.incidents.timeline(incident.id, credentials),
    ]);
    for (const runbook of fromEntity) {
      add(runbook, { type: 'entity', entityRef: incident.entityRef });
    }
    for (const { runbook, alert } of fromAlerts) {
      add(runbook, {
        type: 'alert',
        alertId: alert.id,
        summary: alert.summary,
      });
    }
    for (const { runbook, words } of fromTitle) {
      add(runbook, { type: 'title', words });
    }

    const ticks = latestTicks(events);
    return [...found.values()].map(({ runbook, reasons }) => ({
      runbook,
      reasons,
      steps: runbook.steps.map((step): IncidentRunbookStep => {
        const tick = ticks.get(`${runbook.id}#${step.index}`);
        // a tick counts only for the step it was made on; an edited step starts unticked
        if (!tick || tick.data.text !== step.text) {
          return { ...step, checked: false };
        }
        return {
          ...step,
          checked: tick.data.checked,
          actor: tick.actor,
          at: tick.at,
        };
      }),
    }));
  }

  /**
   * Ticks or unticks one checklist step of a runbook on an incident, as a `runbook_step`
   * timeline event. The runbook must be one the incident suggests, or a Lookout runbook the
   * caller may see; the caller needs `incident.update` on the incident.
   */
  async tickStep(
    incidentId: string,
    request: TickRunbookStepRequest,
    credentials: BackstageCredentials,
  ): Promise<TimelineEvent> {
    const incident = await this.options.incidents.get(incidentId, credentials);
    await this.options.authorizer.require(
      incidentUpdatePermission,
      incident,
      credentials,
    );
    const suggested = await this.forIncident(incident, credentials);
    let runbook = suggested.find(
      s => s.runbook.id === request.runbookId,
    )?.runbook;
    if (!runbook) {
      runbook = await this.get(request.runbookId, credentials).catch(error => {
        if (NotFoundError.is(error)) return undefined;
        throw error;
      });
    }
    if (!runbook) {
      throw new InputError(
        `runbookId: ${request.runbookId} is neither suggested for ${incident.id} nor a runbook you can see`,
      );
    }
    const step = runbook.steps[request.step];
    if (!step) {
      throw new InputError(
        runbook.steps.length === 0
          ? `step: '${runbook.title}' has no checklist steps`
          : `step: '${runbook.title}' has steps 0 to ${
              runbook.steps.length - 1
            }; ${request.step} is not one of them`,
      );
    }
    const data: RunbookStepEventData = {
      runbookId: runbook.id,
      runbookTitle: runbook.title,
      step: step.index,
      text: step.text,
      checked: request.checked,
    };
    const [event] = await this.options.timeline.appendEvents(
      parseIncidentId(incident.id),
      [
        {
          type: 'runbook_step',
          actor: actorRef(credentials),
          at: this.now().toISOString(),
          data: { ...data },
        },
      ],
    );
    // the same live update a note sends: open incident pages refetch their timeline
    await this.options.incidents.announce(
      { type: 'note', incident },
      credentials,
    );
    return event;
  }

  /** A Lookout runbook, if the caller may see one of its entities. */
  async get(id: string, credentials: BackstageCredentials): Promise<Runbook> {
    const stored = await this.options.store.getRunbook(id);
    if (!stored || !(await this.visible([stored], credentials)).length) {
      throw new NotFoundError(`No runbook ${id}`);
    }
    return toApiRunbook(stored);
  }

  /**
   * Searches runbooks: with an entity, all of that entity's runbooks (any source) whose title
   * or text hold every word of `q`; without, the Lookout runbooks the caller may see.
   */
  async search(
    query: RunbookSearchQuery,
    credentials: BackstageCredentials,
  ): Promise<Runbook[]> {
    const words = searchWords(query.q);
    if (query.entityRef) {
      const all = await this.forEntity(query.entityRef, credentials);
      return all.filter(runbook => {
        const text = `${runbook.title}\n${
          runbook.markdown ?? ''
        }`.toLocaleLowerCase('en-US');
        return words.every(word => text.includes(word));
      });
    }
    const stored = await this.options.store.listRunbooks({
      allWords: words,
      limit: MAX_LIST,
    });
    return (await this.visible(stored, credentials)).map(toApiRunbook);
  }

  async create(
    request: CreateRunbookRequest,
    credentials: BackstageCredentials,
  ): Promise<Runbook> {
    await this.options.authorizer.requireBasic(
      runbookManagePermission,
      credentials,
    );
    const entityRefs = await this.requireEntities(
      request.entityRefs,
      credentials,
    );
    const now = this.now().toISOString();
    const actor = actorRef(credentials);
    const stored = await this.options.store.createRunbook({
      id: randomUUID(),
      title: request.title,
      markdown: request.markdown,
      entityRefs,
      createdBy: actor,
      createdAt: now,
      updatedBy: actor,
      updatedAt: now,
      version: 1,
    });
    return toApiRunbook(stored);
  }

  async update(
    id: string,
    request: UpdateRunbookRequest,
    credentials: BackstageCredentials,
  ): Promise<Runbook> {
    await this.options.authorizer.requireBasic(
      runbookManagePermission,
      credentials,
    );
    await this.get(id, credentials);
    const entityRefs =
      request.entityRefs &&
      (await this.requireEntities(request.entityRefs, credentials));
    const outcome = await this.options.store.updateRunbook(
      id,
      request.version,
      {
        title: request.title,
        markdown: request.markdown,
        entityRefs,
        updatedBy: actorRef(credentials),
        updatedAt: this.now().toISOString(),
      },
    );
    if (!outcome) throw new NotFoundError(`No runbook ${id}`);
    if ('conflict' in outcome) {
      throw new ConflictError(
        `Runbook ${id} has changed since version ${request.version} (now ${outcome.conflict.version}); ` +
          'reload it and apply your change again',
      );
    }
    return toApiRunbook(outcome);
  }

  async delete(id: string, credentials: BackstageCredentials): Promise<void> {
    await this.options.authorizer.requireBasic(
      runbookManagePermission,
      credentials,
    );
    await this.get(id, credentials);
    await this.options.store.deleteRunbook(id);
  }

  /**
   * Every runbook for the portal's search index, as the caller (the search plugin's service
   * identity) may see it: Lookout runbooks, and each annotated entity's readable files. A file
   * several entities name is one document, listing them all.
   */
  async listForIndexing(
    credentials: BackstageCredentials,
  ): Promise<RunbookIndexDocument[]> {
    const documents = new Map<string, RunbookIndexDocument>();
    const written = await this.options.store.listRunbooks({ limit: 100_000 });
    for (const runbook of await this.visible(written, credentials)) {
      documents.set(runbook.id, {
        id: runbook.id,
        source: 'lookout',
        title: runbook.title,
        markdown: runbook.markdown,
        entityRefs: runbook.entityRefs,
        url: null,
      });
    }
    for await (const entity of this.annotatedEntities(credentials)) {
      const ref = stringifyEntityRef(entity).toLocaleLowerCase('en-US');
      for (const runbook of await this.fromAnnotation(entity, ref)) {
        if (runbook.markdown === null) continue;
        const known = documents.get(runbook.id);
        if (known) {
          if (!known.entityRefs.includes(ref)) known.entityRefs.push(ref);
          continue;
        }
        documents.set(runbook.id, {
          id: runbook.id,
          source: runbook.source,
          title: runbook.title,
          markdown: runbook.markdown,
          entityRefs: [ref],
          url: runbook.url,
        });
      }
    }
    return [...documents.values()];
  }

  private async *annotatedEntities(
    credentials: BackstageCredentials,
  ): AsyncGenerator<Entity> {
    const fields = ['kind', 'metadata'];
    let cursor: string | undefined;
    do {
      const page = await this.options.catalog.queryEntities(
        cursor
          ? { cursor, limit: 500, fields }
          : {
              filter: {
                [`metadata.annotations.lookout.dev/runbooks`]:
                  CATALOG_FILTER_EXISTS,
              },
              limit: 500,
              fields,
            },
        { credentials },
      );
      yield* page.items;
      cursor = page.pageInfo.nextCursor;
    } while (cursor);
  }

  private async fromAnnotation(
    entity: Entity,
    entityRef: string,
  ): Promise<Runbook[]> {
    const entries = resolveRunbookEntries(entity, this.options.integrations);
    return mapLimited(entries, READ_CONCURRENCY, async resolved => {
      if ('error' in resolved) {
        return {
          id: externalId(`${entityRef}#${resolved.entry}`),
          source: 'repository' as const,
          title: resolved.entry,
          markdown: null,
          steps: [],
          entityRefs: [entityRef],
          url: null,
          error: resolved.error,
        };
      }
      return this.readExternal(resolved.location, 'repository', [entityRef]);
    });
  }

  private async fromAlerts(
    incident: Incident,
    credentials: BackstageCredentials,
  ): Promise<Array<{ runbook: Runbook; alert: Alert }>> {
    const { items } = await this.options.alerts.listForIncident(
      incident.id,
      { limit: MAX_ALERTS },
      credentials,
    );
    const byUrl = new Map<string, Alert>();
    for (const alert of items) {
      const url = alert.annotations?.runbook_url?.trim();
      if (url && /^https?:\/\//i.test(url) && !byUrl.has(url)) {
        byUrl.set(url, alert);
      }
    }
    return mapLimited([...byUrl], READ_CONCURRENCY, async ([url, alert]) => ({
      alert,
      runbook: await this.readExternal(
        { type: 'url', target: url },
        'alert',
        alert.entityRef ? [alert.entityRef] : [],
      ),
    }));
  }

  private async matchingTitle(
    title: string,
    credentials: BackstageCredentials,
  ): Promise<Array<{ runbook: Runbook; words: string[] }>> {
    const words = titleWords(title);
    if (words.length === 0) return [];
    const candidates = await this.options.store.listRunbooks({
      anyWords: words,
      limit: MAX_LIST,
    });
    // one shared word is chance; two (or the only one a short title has) is a match
    const needed = Math.min(2, words.length);
    const scored = (await this.visible(candidates, credentials))
      .map(runbook => {
        const text = `${runbook.title}\n${runbook.markdown}`.toLocaleLowerCase(
          'en-US',
        );
        return { runbook, words: words.filter(w => text.includes(w)) };
      })
      .filter(match => match.words.length >= needed)
      .sort((a, b) => b.words.length - a.words.length);
    return scored.map(({ runbook, words: matched }) => ({
      runbook: toApiRunbook(runbook),
      words: matched,
    }));
  }

  private async readExternal(
    location: RunbookLocation,
    source: RunbookSource,
    entityRefs: string[],
  ): Promise<Runbook> {
    const result: ReadResult = await this.options.reader.read(location);
    const url =
      location.type === 'url' ? location.target : `file://${location.target}`;
    const fallbackTitle = path.basename(location.target).replace(/\.md$/i, '');
    if ('error' in result) {
      return {
        id: externalId(url),
        source,
        title: fallbackTitle || url,
        markdown: null,
        steps: [],
        entityRefs,
        url,
        error: result.error,
      };
    }
    return {
      id: externalId(url),
      source,
      title: runbookHeading(result.markdown) ?? (fallbackTitle || url),
      markdown: result.markdown,
      steps: parseRunbookSteps(result.markdown),
      entityRefs,
      url,
    };
  }

  /** Only the runbooks attached to an entity the caller can see in the catalog. */
  private async visible(
    runbooks: StoredRunbook[],
    credentials: BackstageCredentials,
  ): Promise<StoredRunbook[]> {
    const refs = [...new Set(runbooks.flatMap(r => r.entityRefs))];
    if (refs.length === 0) return [];
    const seen = new Set<string>();
    for (let i = 0; i < refs.length; i += 1000) {
      const chunk = refs.slice(i, i + 1000);
      const { items } = await this.options.catalog.getEntitiesByRefs(
        {
          entityRefs: chunk,
          fields: ['kind', 'metadata.namespace', 'metadata.name'],
        },
        { credentials },
      );
      chunk.forEach((ref, index) => {
        if (items[index]) seen.add(ref);
      });
    }
    return runbooks.filter(r => r.entityRefs.some(ref => seen.has(ref)));
  }

  /** Normalized refs, each in the catalog as the caller sees it; the missing ones are named. */
  private async requireEntities(
    refs: string[],
    credentials: BackstageCredentials,
  ): Promise<string[]> {
    const normalized = [
      ...new Set(refs.map(ref => normalizeRef(ref, 'entityRefs'))),
    ];
    if (normalized.length === 0) {
      throw new InputError(
        'entityRefs: attach the runbook to at least one catalog entity',
      );
    }
    const missing = await missingFromCatalog(
      this.options.catalog,
      normalized,
      credentials,
    );
    if (missing.length > 0) {
      throw new InputError(
        `entityRefs: not in the catalog: ${missing.join(', ')}`,
      );
    }
    return normalized.sort();
  }

  private now(): Date {
    return this.options.clock?.() ?? new Date();
  }
}

function toApiRunbook(stored: StoredRunbook): Runbook {
  return {
    id: stored.id,
    source: 'lookout',
    title: stored.title,
    markdown: stored.markdown,
    steps: parseRunbookSteps(stored.markdown),
    entityRefs: stored.entityRefs,
    url: null,
    version: stored.version,
    createdBy: stored.createdBy,
    updatedBy: stored.updatedBy,
    updatedAt: stored.updatedAt,
  };
}

/** A stable id for a runbook that lives outside Lookout, from where it lives. */
function externalId(location: string): string {
  return `ext-${createHash('sha256')
    .update(location)
    .digest('hex')
    .slice(0, 24)}`;
}

/** The last tick of each runbook step on a timeline, by `runbookId#step`. */
function latestTicks(events: TimelineEvent[]) {
  const ticks = new Map<
    string,
    { data: RunbookStepEventData; actor: string; at: string }
  >();
  for (const event of events) {
    if (event.type !== 'runbook_step') continue;
    const data = event.data as unknown as RunbookStepEventData;
    ticks.set(`${data.runbookId}#${data.step}`, {
      data,
      actor: event.actor,
      at: event.at,
    });
  }
  return ticks;
}

/** The lowercased words of a search, at most 10. */
function searchWords(q: string | undefined): string[] {
  return [
    ...new Set(
      (q ?? '').toLocaleLowerCase('en-US').split(/\s+/).filter(Boolean),
    ),
  ].slice(0, 10);
}

/** The words of an incident title that can tell runbooks apart. */
export function titleWords(title: string): string[] {
  return [
    ...new Set(
      title
        .toLocaleLowerCase('en-US')
        .split(/[^\p{L}\p{N}_-]+/u)
        .map(w => w.replace(/^[-_]+|[-_]+$/g, ''))
        .filter(w => w.length >= 4 && !STOP_WORDS.has(w)),
    ),
  ].slice(0, 12);
}

async function mapLimited<T, R>(
  items: T[],
  limit: number,
  map: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await map(items[index]);
    }
  };
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, worker),
  );
  return results;
}
