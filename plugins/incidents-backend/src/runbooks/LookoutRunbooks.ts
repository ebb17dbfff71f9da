import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  CreateRunbookRequest,
  parseRunbookSteps,
  Runbook,
  runbookManagePermission,
  UpdateRunbookRequest,
} from '@lookout/plugin-incidents-common';
import { randomUUID } from 'node:crypto';
import { missingFromCatalog } from '../catalog/entitiesByRef';
import { actorRef } from '../incidents/actors';
import { normalizeRef } from '../lib/entityRefs';
import { IncidentsAuthorizer } from '../permissions/IncidentsAuthorizer';
import { RunbooksStore, StoredRunbook } from './RunbooksStore';
import { titleWords } from './runbookWords';

/** The most Lookout runbooks one list or one search answers. */
const MAX_LIST = 500;

/**
 * Runbooks written in Lookout: who may see them (whoever may see one of their entities in the
 * catalog), who may write them (`incident.runbook.manage`), and finding them by their words.
 */
export class LookoutRunbooks {
  constructor(
    private readonly options: {
      store: RunbooksStore;
      catalog: CatalogService;
      authorizer: Pick<IncidentsAuthorizer, 'requireBasic'>;
      clock?: () => Date;
    },
  ) {}

  /** The Lookout runbooks attached to this entity (the caller has already seen it). */
  async ofEntity(entityRef: string): Promise<Runbook[]> {
    const written = await this.options.store.listRunbooks({
      entityRefs: [entityRef],
      limit: MAX_LIST,
    });
    return written.map(toApiRunbook);
  }

  /** A Lookout runbook, if the caller may see one of its entities. */
  async get(id: string, credentials: BackstageCredentials): Promise<Runbook> {
    const stored = await this.options.store.getRunbook(id);
    if (!stored || !(await this.visible([stored], credentials)).length) {
      throw new NotFoundError(`No runbook ${id}`);
    }
    return toApiRunbook(stored);
  }

  /** The Lookout runbooks the caller may see whose title or text hold every word. */
  async search(
    words: string[],
    credentials: BackstageCredentials,
  ): Promise<Runbook[]> {
    const stored = await this.options.store.listRunbooks({
      allWords: words,
      limit: MAX_LIST,
    });
    return (await this.visible(stored, credentials)).map(toApiRunbook);
  }

  /** Every Lookout runbook the caller may see (for the search index). */
  async all(credentials: BackstageCredentials): Promise<StoredRunbook[]> {
    const written = await this.options.store.listRunbooks({ limit: 100_000 });
    return this.visible(written, credentials);
  }

  /** Lookout runbooks sharing at least two words (or a short title's only one) with a title. */
  async matchingTitle(
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
