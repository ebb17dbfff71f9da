import { LoggerService } from '@backstage/backend-plugin-api';
import {
  DocumentCollatorFactory,
  IndexableDocument,
} from '@backstage/plugin-search-common';
import {
  incidentReadPermission,
  POSTMORTEM_SEARCH_TYPE,
  PostmortemSummary,
} from '@lookout/plugin-incidents-common';
import { Readable } from 'node:stream';
import { LookoutBackendOptions, pageThroughLookout } from './lookoutBackend';

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
 * it pages through `GET /postmortems/documents` of the incidents backend with this plugin's own
 * service token. A result leads to the postmortem's page, and the search backend shows it only
 * to those who may read its incident (`incident.read` on the incident id).
 */
export class PostmortemsCollatorFactory implements DocumentCollatorFactory {
  readonly type = POSTMORTEM_SEARCH_TYPE;
  readonly visibilityPermission = incidentReadPermission;

  constructor(
    private readonly options: LookoutBackendOptions & {
      logger: LoggerService;
      /** Documents per request (the backend allows up to 500). */
      pageSize?: number;
    },
  ) {}

  async getCollator(): Promise<Readable> {
    return Readable.from(this.execute());
  }

  private async *execute(): AsyncGenerator<PostmortemSearchDocument> {
    let count = 0;
    for await (const item of pageThroughLookout<{
      postmortem: PostmortemSummary;
      text: string;
    }>(
      this.options,
      '/postmortems/documents',
      this.options.pageSize ?? PAGE_SIZE,
    )) {
      count++;
      yield toPostmortemSearchDocument(item.postmortem, item.text);
    }
    this.options.logger.info(`Indexed ${count} Lookout postmortems`);
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
