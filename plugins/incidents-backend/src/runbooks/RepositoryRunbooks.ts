import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import { Entity } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { ScmIntegrationRegistry } from '@backstage/integration';
import {
  Alert,
  parseRunbookSteps,
  Runbook,
  runbookHeading,
  RunbookSource,
} from '@lookout/plugin-incidents-common';
import { createHash } from 'node:crypto';
import path from 'node:path';
import {
  ReadResult,
  resolveRunbookEntries,
  RunbookLocation,
  RunbookReader,
} from './RunbookReader';

/** Files read at once, so one incident does not open dozens of connections. */
const READ_CONCURRENCY = 8;

/**
 * Runbooks that live outside Lookout, read through the {@link RunbookReader}: the files an
 * entity's `lookout.dev/runbooks` annotation names, and the pages alerts link as `runbook_url`.
 * A file that cannot be read is a runbook with its `error`, never thrown.
 */
export class RepositoryRunbooks {
  constructor(
    private readonly options: {
      reader: RunbookReader;
      integrations: ScmIntegrationRegistry;
      catalog: CatalogService;
    },
  ) {}

  /** The runbooks an entity's annotation names. */
  async fromAnnotation(entity: Entity, entityRef: string): Promise<Runbook[]> {
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

  /** The runbook each distinct http(s) `runbook_url` of these alerts links, with its alert. */
  async fromAlerts(
    alerts: Alert[],
  ): Promise<Array<{ runbook: Runbook; alert: Alert }>> {
    const byUrl = new Map<string, Alert>();
    for (const alert of alerts) {
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

  /** Every entity with a `lookout.dev/runbooks` annotation the caller may see. */
  async *annotatedEntities(
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
}

/** A stable id for a runbook that lives outside Lookout, from where it lives. */
function externalId(location: string): string {
  return `ext-${createHash('sha256')
    .update(location)
    .digest('hex')
    .slice(0, 24)}`;
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
