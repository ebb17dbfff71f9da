import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { NotAllowedError, NotFoundError } from '@backstage/errors';
import {
  Incident,
  IncidentStatus,
  isOpenStatus,
  MyPage,
  OnCallPage,
  PageStatus,
  Severity,
} from '@lookout/plugin-incidents-common';
import { actorRef } from '../incidents/actors';
import { formatIncidentId } from '../incidents/incidentIds';
import { IncidentsStore } from '../incidents/IncidentsStore';
import { AckTokens } from './ackTokens';
import { PageComposer } from './pageContent';
import { PageRecord, PagingStore, toOnCallPage } from './PagingStore';
import { TimerQueue } from './types';

/** What paging needs of the incident domain beyond its store. */
export interface IncidentsAccess {
  get(id: string, credentials: BackstageCredentials): Promise<Incident>;
  acknowledge(id: string, credentials: BackstageCredentials): Promise<Incident>;
  /** Acknowledges as `actor` without a permission check: the holder of a page's link or the paged person. */
  acknowledgeAs(seq: number, actor: string): Promise<void>;
}

/** What acknowledging a page asks of the escalation engine: stop paging for the incident. */
export interface EscalationStopper {
  stop(seq: number, reason: 'acknowledged'): Promise<void>;
}

/**
 * The pages people get: a user's own pages, and acknowledging one, in the portal or through
 * the signed link a page carries (which needs no Backstage session).
 */
export class PagesService {
  constructor(
    private readonly options: {
      store: Pick<PagingStore, 'getPage' | 'listUserPages'>;
      queue: Pick<TimerQueue, 'now'>;
      incidents: Pick<IncidentsAccess, 'acknowledge' | 'acknowledgeAs'>;
      incidentsStore: Pick<IncidentsStore, 'getIncident'>;
      escalation: EscalationStopper;
      composer: Pick<PageComposer, 'incidentUrl'>;
      ackTokens: AckTokens;
    },
  ) {}

  /** The signed-in user's pages, newest first. */
  async myPages(
    query: { limit: number; status?: PageStatus[] },
    credentials: BackstageCredentials,
  ): Promise<MyPage[]> {
    const userRef = this.userOf(credentials);
    const rows = await this.options.store.listUserPages(userRef, {
      limit: query.limit,
      statuses: query.status,
    });
    return rows.map(row => ({
      ...toOnCallPage(row, formatIncidentId(row.incidentSeq)),
      incidentTitle: row.incidentTitle,
      incidentSeverity: row.incidentSeverity as Severity,
      incidentStatus: row.incidentStatus as IncidentStatus,
    }));
  }

  /**
   * Acknowledges a page's incident: the paged person may always, anyone else needs
   * `incident.update` on the incident.
   */
  async acknowledgePage(
    pageId: string,
    credentials: BackstageCredentials,
  ): Promise<OnCallPage> {
    const page = await this.options.store.getPage(pageId);
    if (!page) throw new NotFoundError(`No page ${pageId}`);
    const incidentId = formatIncidentId(page.incidentSeq);
    const actor = actorRef(credentials);
    if (actor === page.userRef) {
      await this.acknowledgeIncident(page, actor);
    } else {
      await this.options.incidents.acknowledge(incidentId, credentials);
      // an incident acknowledged before it reopened takes no second acknowledgement, and so
      // tells the escalation nothing: stop the run this page belongs to here
      await this.options.escalation.stop(page.incidentSeq, 'acknowledged');
    }
    return toOnCallPage(
      (await this.options.store.getPage(pageId))!,
      incidentId,
    );
  }

  /** What an acknowledge link points at; throws NotAllowedError for a bad or expired link. */
  async describeLink(
    token: string,
  ): Promise<{ page: PageRecord; incident: Incident }> {
    const verified = await this.options.ackTokens.verify(
      token,
      await this.options.queue.now(),
    );
    if ('refused' in verified) throw new NotAllowedError(verified.refused);
    const page = await this.options.store.getPage(verified.pageId);
    const incident =
      page && (await this.options.incidentsStore.getIncident(page.incidentSeq));
    if (!page || !incident) {
      throw new NotFoundError('The incident of this link no longer exists');
    }
    return { page, incident };
  }

  /** Acknowledges as the paged person, on the strength of their link. */
  async acknowledgeByLink(token: string): Promise<Incident> {
    const { page, incident } = await this.describeLink(token);
    if (isOpenStatus(incident.status)) {
      await this.acknowledgeIncident(page, page.userRef);
    }
    return incident;
  }

  /** Where an acknowledge link sends its holder afterwards. */
  async incidentUrl(incidentId: string): Promise<string> {
    return this.options.composer.incidentUrl(incidentId);
  }

  private async acknowledgeIncident(page: PageRecord, actor: string) {
    await this.options.incidents.acknowledgeAs(page.incidentSeq, actor);
    // stops the escalation even when the incident was acknowledged before (idempotent)
    await this.options.escalation.stop(page.incidentSeq, 'acknowledged');
  }

  private userOf(credentials: BackstageCredentials): string {
    const actor = actorRef(credentials);
    if (!actor.startsWith('user:')) {
      throw new NotAllowedError('Only a signed-in user has pages');
    }
    return actor;
  }
}
