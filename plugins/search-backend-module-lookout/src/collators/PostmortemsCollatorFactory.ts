import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import {
  DocumentCollatorFactory,
  IndexableDocument,
} from '@backstage/plugin-search-common';
import {
  incidentReadPermission,
  POSTMORTEM_SEARCH_TYPE,
  PostmortemSummary,
} from '@lookout/plugin-incidents-common';
import { LookoutService } from '@lookout/plugin-incidents-node';
import { Readable } from 'node:stream';

/** Documents asked for per request; the backend allows up to 500. */
const PAGE_SIZE = 200;

/** A published postmortem in the portal's search index. */
export interface PostmortemSearchDocument extends IndexableDocument {
  postmortemId: string;
  incidentId: string;
  entityRef: string;
  ownerRef: string | null;
  severity: string;
  rootCauseEntityRef: string | null;
  causeCategory: string | null;
  tags: string[];
  publishedAt: string | null;
}

/**
 * Collates Lookout's published postmortems for the portal's search (type `lookout-postmortem`):
 * it pages through `GET /postmortems/documents` of the incidents backend as this plugin, with
 * its own service credentials. A result leads to the postmortem's page, and the search backend
 * shows it only to those who may read its incident (`incident.read` on the incident id).
 */
export class PostmortemsCollatorFactory implements DocumentCollatorFactory {
  readonly type = POSTMORTEM_SEARCH_TYPE;
  readonly visibilityPermission = incidentReadPermission;

  constructor(
    private readonly options: {
      auth: AuthService;
      lookout: LookoutService;
      logger: LoggerService;
      /** Documents per request (the backend allows up to 500). */
      pageSize?: number;
    },
  ) {}

  async getCollator(): Promise<Readable> {
    return Readable.from(this.execute());
  }

  private async *execute(): AsyncGenerator<PostmortemSearchDocument> {
    const { auth, lookout, logger, pageSize = PAGE_SIZE } = this.options;
    const credentials = await auth.getOwnServiceCredentials();
    let count = 0;
    let cursor: string | undefined;
    do {
      const page = await lookout.listPostmortemDocuments(
        { cursor, limit: pageSize },
        { credentials },
      );
      for (const item of page.items) {
        count++;
        yield toPostmortemSearchDocument(item.postmortem, item.text);
      }
      cursor = page.nextCursor;
    } while (cursor);
    logger.info(`Indexed ${count} Lookout postmortems`);
  }
}

/** The search document of a postmortem; its location is the postmortem's page in the portal. */
export function toPostmortemSearchDocument(
  postmortem: PostmortemSummary,
  text: string,
): PostmortemSearchDocument {
  return {
    title: postmortem.title,
    text,
    location: `/incidents/postmortems/${encodeURIComponent(postmortem.id)}`,
    authorization: { resourceRef: postmortem.incidentId },
    postmortemId: postmortem.id,
    incidentId: postmortem.incidentId,
    entityRef: postmortem.entityRef,
    ownerRef: postmortem.ownerRef,
    severity: postmortem.severity,
    rootCauseEntityRef: postmortem.rootCauseEntityRef,
    causeCategory: postmortem.causeCategory,
    tags: postmortem.tags,
    publishedAt: postmortem.publishedAt,
  };
}
