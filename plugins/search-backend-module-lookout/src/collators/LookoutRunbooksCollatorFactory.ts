import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { parseEntityRef } from '@backstage/catalog-model';
import { catalogEntityReadPermission } from '@backstage/plugin-catalog-common/alpha';
import {
  DocumentCollatorFactory,
  IndexableDocument,
} from '@backstage/plugin-search-common';
import {
  RUNBOOK_SEARCH_TYPE,
  RunbookIndexDocument,
  RunbookSource,
} from '@lookout/plugin-incidents-common';
import { LookoutService } from '@lookout/plugin-incidents-node';
import { Readable } from 'node:stream';

/** A runbook in the portal's search index. */
export interface RunbookSearchDocument extends IndexableDocument {
  runbookId: string;
  source: RunbookSource;
  /** The entities the runbook belongs to; the first one decides who may find it. */
  entityRefs: string[];
  /** Where a repository runbook lives; absent for runbooks written in Lookout. */
  url?: string;
}

/**
 * Collates Lookout's runbooks for the portal's search: it reads them from the incidents
 * backend (`GET /runbook-documents`) as this plugin, with its own service credentials. A
 * result leads to the Runbooks tab of its entity, and the search backend shows it only to
 * those who may read that entity in the catalog.
 */
export class LookoutRunbooksCollatorFactory implements DocumentCollatorFactory {
  readonly type = RUNBOOK_SEARCH_TYPE;
  readonly visibilityPermission = catalogEntityReadPermission;

  constructor(
    private readonly options: {
      auth: AuthService;
      lookout: LookoutService;
      logger: LoggerService;
    },
  ) {}

  async getCollator(): Promise<Readable> {
    return Readable.from(this.execute());
  }

  private async *execute(): AsyncGenerator<RunbookSearchDocument> {
    const { auth, lookout, logger } = this.options;
    const items = await lookout.listRunbookDocuments({
      credentials: await auth.getOwnServiceCredentials(),
    });
    logger.info(`Indexing ${items.length} Lookout runbooks`);
    for (const item of items) {
      const document = toSearchDocument(item);
      if (document) yield document;
    }
  }
}

/** The search document of a runbook; none for a runbook that belongs to no entity. */
export function toSearchDocument(
  item: RunbookIndexDocument,
): RunbookSearchDocument | undefined {
  const [primary] = item.entityRefs;
  if (!primary) return undefined;
  const { kind, namespace, name } = parseEntityRef(primary);
  const location = `/catalog/${encodeURIComponent(
    namespace,
  )}/${encodeURIComponent(
    kind.toLocaleLowerCase('en-US'),
  )}/${encodeURIComponent(name)}/runbooks?runbook=${encodeURIComponent(
    item.id,
  )}`;
  return {
    title: item.title,
    text: plainText(item.markdown),
    location,
    // one resource decides visibility: a runbook several entities share is found by those
    // who may read the first of them (never by someone who may read none)
    authorization: { resourceRef: primary },
    runbookId: item.id,
    source: item.source,
    entityRefs: item.entityRefs,
    ...(item.url && { url: item.url }),
  };
}

/** Markdown without the markup that would only add noise to a search index. */
function plainText(markdown: string): string {
  return markdown
    .replace(/^[ \t]{0,3}(```|~~~).*$/gm, '')
    .replace(/^[ \t]{0,3}#{1,6}[ \t]+/gm, '')
    .replace(/^[ \t]*(?:[-*+]|\d+[.)])[ \t]+\[[ xX]\][ \t]+/gm, '')
    .replace(/^[ \t]*(?:[-*+]|\d+[.)])[ \t]+/gm, '')
    .replace(/[*_`]{1,3}([^*_`\n]+)[*_`]{1,3}/g, '$1')
    .replace(/\[([^\]]+)\]\([^)]*\)/g, '$1')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
