import {
  AuthService,
  BackstageCredentials,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import {
  Incident,
  isOpenStatus,
  supportAgentPermission,
} from '@lookout/plugin-incidents-common';
import { actorRef } from '../incidents/actors';
import { IncidentChange } from '../incidents/IncidentChangeStream';
import { IncidentsService } from '../incidents/IncidentsService';
import { decodeCursor, encodeCursor } from '../lib/cursor';
import { normalizeRef } from '../lib/entityRefs';
import { IncidentsAuthorizer } from '../permissions/IncidentsAuthorizer';
import { CatalogMatcher } from './CatalogMatcher';
import { DatabaseCustomerReach } from './DatabaseCustomerReach';
import { computeFigures } from './figures';
import { fillTemplate, SupportSettings } from './settings';
import { Downstream, scoreIncident, words } from './suggest';
import { NewNotice, SupportStore } from './SupportStore';
import {
  CustomerImpact,
  EscalateSupportReportRequest,
  ListSupportReportsQuery,
  SupportFigures,
  SupportNotice,
  SupportProvider,
  SupportReport,
  SupportSuggestion,
  TicketEvent,
} from './types';

const DEFAULT_PAGE_SIZE = 50;
/** Open incidents weighed per report; the newest first. */
const CANDIDATES = 200;
/** Suggestions kept per report, and the least confidence worth showing. */
const MAX_SUGGESTIONS = 3;
const MIN_CONFIDENCE = 0.2;
/** An entity matched at least this well counts as named by the report. */
const MIN_MATCH = 0.5;
/**
 * How long a replica reuses the open incidents it weighs reports against; a change on this
 * replica drops them at once, one on another replica shows within this time.
 */
const CANDIDATES_CACHE_MS = 5_000;

/** Notices go out through the durable work queue; see NoticeQueue. */
export interface ScheduleNotices {
  schedule(notices: NewNotice[]): Promise<SupportNotice[]>;
  retryFailed(incidentId: string): Promise<SupportNotice[]>;
}

/**
 * The rules of customer support: reports from helpdesk deliveries, matched to catalog entities
 * and to the open incident they most likely belong to; links and escalations by support
 * agents; customer impact and notice coverage per incident; the two support figures. No HTTP
 * and no SQL here.
 */
export class SupportService {
  private candidates: { at: number; value: Promise<Incident[]> } | undefined;

  constructor(
    private readonly options: {
      store: SupportStore;
      /** Who reported each incident, counted in the database. */
      reach: Pick<DatabaseCustomerReach, 'of'>;
      incidents: Pick<IncidentsService, 'get' | 'list' | 'declare'>;
      matcher: Pick<CatalogMatcher, 'match'>;
      /** The downstream blast radius of an entity, as the plugin may see it. */
      downstreamOf: (entityRef: string) => Promise<Downstream>;
      authorizer: Pick<IncidentsAuthorizer, 'requireBasic'>;
      auth: AuthService;
      settings: SupportSettings;
      notices: ScheduleNotices;
      /** The triage assistant counts who reported an incident: a new link is new evidence. */
      triage?: { evidenceOn(entityRefs: string[]): void };
      /** Retries matching later when the catalog or the graph failed. */
      scheduleMatch: (reportId: string) => Promise<void>;
      logger: LoggerService;
      clock?: () => Date;
    },
  ) {}

  /**
   * Records one helpdesk delivery. Once it is stored the delivery is safe (the caller answers
   * 2xx); matching follows, and when the catalog cannot answer it is retried from the queue.
   */
  async intake(
    integration: { id: string; provider: SupportProvider },
    event: TicketEvent,
    payload: unknown,
  ): Promise<{ report: SupportReport; duplicate: boolean }> {
    const { report, duplicate } = await this.options.store.recordEvent(
      integration,
      event,
      payload,
      this.now(),
    );
    if (duplicate || report.status !== 'open') return { report, duplicate };
    try {
      return { report: await this.match(report.id), duplicate };
    } catch (error) {
      this.options.logger.warn(
        `Support report ${report.id} stored; matching it failed and is retried later: ${error}`,
      );
      // the report is stored, so the delivery succeeded; it waits in the inbox either way
      await this.options
        .scheduleMatch(report.id)
        .catch(scheduling =>
          this.options.logger.error(
            `Support report ${report.id} could not be queued for matching: ${scheduling}`,
          ),
        );
      return { report, duplicate };
    }
  }

  /**
   * Maps an open report to entities and suggestions, and links it to the best suggestion when
   * that is at least as sure as the configured auto-link confidence.
   */
  async match(reportId: string): Promise<SupportReport> {
    const report = await this.options.store.getReport(reportId);
    if (!report) throw new NotFoundError(`No support report ${reportId}`);
    if (report.status !== 'open') return report;
    const matches = await this.options.matcher.match(report);
    const entityRefs = matches
      .filter(m => m.score >= MIN_MATCH)
      .map(m => m.entityRef);
    const suggestions = await this.suggest(report, entityRefs);
    await this.options.store.setMatch(
      report.id,
      { entityRefs, suggestions },
      this.now(),
    );
    const best = suggestions[0];
    if (best && best.confidence >= this.options.settings.autoLinkConfidence) {
      const linked = await this.options.store.link(
        report.id,
        {
          incidentId: best.incidentId,
          linkedBy: 'auto',
          status: 'linked',
          onlyIfOpen: true,
        },
        this.now(),
      );
      // suggestions are open incidents: a report linked to one has no resolution to hear of yet
      if (linked?.changed) {
        const incident = (await this.openIncidents()).find(
          i => i.id === best.incidentId,
        );
        if (incident) this.linkedTo(incident);
        return linked.report;
      }
    }
    return (await this.options.store.getReport(report.id))!;
  }

  async list(
    query: ListSupportReportsQuery,
    _credentials: BackstageCredentials,
  ): Promise<{ items: SupportReport[]; nextCursor?: string }> {
    const { items, last } = await this.options.store.listReports({
      status: query.status,
      entityRef: query.entityRef
        ? normalizeRef(query.entityRef, 'entityRef')
        : undefined,
      incidentId: query.incidentId?.toLocaleUpperCase('en-US'),
      organization: query.organization,
      after: query.cursor ? decodeCursor(query.cursor, 'string') : undefined,
      limit: query.limit ?? DEFAULT_PAGE_SIZE,
    });
    return { items, nextCursor: last && encodeCursor(last) };
  }

  async get(id: string): Promise<SupportReport> {
    const report = await this.options.store.getReport(id);
    if (!report) throw new NotFoundError(`No support report ${id}`);
    return report;
  }

  /** A support agent links a report to an incident (a merged one's primary takes it). */
  async link(
    id: string,
    incidentId: string,
    credentials: BackstageCredentials,
  ): Promise<SupportReport> {
    await this.options.authorizer.requireBasic(
      supportAgentPermission,
      credentials,
    );
    const report = await this.get(id);
    const incident = await this.incidentFor(incidentId);
    const linked = await this.options.store.link(
      report.id,
      {
        incidentId: incident.id,
        linkedBy: actorRef(credentials),
        status: report.status === 'escalated' ? 'escalated' : 'linked',
        onlyIfOpen: false,
      },
      this.now(),
    );
    if (linked?.changed) {
      this.linkedTo(incident);
      await this.afterLink(linked.report, incident);
    }
    return linked?.report ?? report;
  }

  /**
   * A support agent escalates a report to engineering: an incident is declared on the entity
   * (routed to its owner, paged per the owner's policy through the change stream) and the
   * report linked to it. The support permission is the authority: the agent needs neither
   * ownership of the entity nor `incident.create`.
   */
  async escalate(
    id: string,
    request: EscalateSupportReportRequest,
    credentials: BackstageCredentials,
  ): Promise<{ report: SupportReport; incident: Incident }> {
    await this.options.authorizer.requireBasic(
      supportAgentPermission,
      credentials,
    );
    const report = await this.get(id);
    if (report.incidentId) {
      throw new ConflictError(
        `Report ${id} is linked to ${report.incidentId} already`,
      );
    }
    const entityRef = request.entityRef
      ? normalizeRef(request.entityRef, 'entityRef')
      : report.entityRefs[0];
    if (!entityRef) {
      throw new InputError(
        'The report names no catalog entity; pass entityRef to say where the incident is',
      );
    }
    const agent = actorRef(credentials);
    const incident = await this.options.incidents.declare(
      {
        title: (request.title ?? report.subject).slice(0, 200),
        severity: request.severity ?? 'SEV3',
        entityRef,
        description: [
          `Escalated by ${agent} from ${report.provider} ticket ${
            report.ticketId
          }${report.organization ? ` (${report.organization})` : ''}.`,
          report.ticketUrl ?? '',
          '',
          report.description.slice(0, 4000),
        ]
          .filter((line, i) => i !== 1 || line)
          .join('\n'),
      },
      await this.options.auth.getOwnServiceCredentials(),
    );
    const linked = await this.options.store.link(
      report.id,
      {
        incidentId: incident.id,
        linkedBy: agent,
        status: 'escalated',
        onlyIfOpen: false,
      },
      this.now(),
    );
    if (linked?.changed) this.linkedTo(incident);
    return { report: linked?.report ?? report, incident };
  }

  /** Who is hurt by each incident, from its linked reports, and whether each was told. */
  async impact(incidentIds: string[]): Promise<CustomerImpact[]> {
    const ids = [
      ...new Set(incidentIds.map(i => i.toLocaleUpperCase('en-US'))),
    ];
    const reaches = await this.options.reach.of(ids);
    return Promise.all(
      reaches.map(async reach => {
        const notices = reach.reports
          ? await this.options.store.noticesOfIncident(
              reach.incidentId,
              'resolution',
            )
          : [];
        // oldest first: a reopened and again resolved incident's latest reply counts
        const latest = new Map(notices.map(n => [n.reportId, n]));
        const states = [...latest.values()];
        return {
          ...reach,
          coverage: {
            total: reach.reports,
            told: states.filter(n => n.status === 'delivered').length,
            pending: states.filter(n => n.status === 'pending').length,
            failed: states
              .filter(n => n.status === 'failed')
              .map(n => ({
                reportId: n.reportId,
                ticketId: n.ticketId,
                provider: n.provider,
                error: n.lastError,
              })),
          },
        };
      }),
    );
  }

  /** Sends the incident's failed notices again. */
  async retryNotices(
    incidentId: string,
    credentials: BackstageCredentials,
  ): Promise<{ retried: number }> {
    await this.options.authorizer.requireBasic(
      supportAgentPermission,
      credentials,
    );
    const retried = await this.options.notices.retryFailed(
      incidentId.toLocaleUpperCase('en-US'),
    );
    return { retried: retried.length };
  }

  async figures(from: string, to: string): Promise<SupportFigures> {
    const outcomes = await this.options.store.linkedOutcomes(from, to);
    const owners = new Map<string, string | null>();
    const credentials = await this.options.auth.getOwnServiceCredentials();
    for (const incidentId of new Set(outcomes.map(o => o.incidentId))) {
      const incident = await this.options.incidents
        .get(incidentId, credentials)
        .catch(() => undefined);
      owners.set(incidentId, incident?.ownerRef ?? null);
    }
    return computeFigures(outcomes, owners, from, to);
  }

  /**
   * Follows the incident change stream: a status change becomes an internal note on every
   * linked ticket, the resolution a public reply; a merged incident's reports move to the
   * incident it was merged into.
   */
  async onIncidentChange(change: IncidentChange): Promise<void> {
    const { incident } = change;
    this.candidates = undefined;
    if (change.type !== 'transitioned' && change.type !== 'merged') return;
    const reports = await this.options.store.reportsOfIncidents([incident.id]);
    if (reports.length === 0) return;
    if (incident.status === 'merged' && incident.mergedInto) {
      for (const report of reports) {
        await this.options.store.link(
          report.id,
          {
            incidentId: incident.mergedInto,
            linkedBy: report.linkedBy ?? 'auto',
            status: report.status,
            onlyIfOpen: false,
          },
          this.now(),
        );
      }
      return;
    }
    if (incident.status === 'resolved' || incident.status === 'closed') {
      await this.options.notices.schedule(
        reports.map(report => this.resolutionNotice(report, incident)),
      );
    } else if (isOpenStatus(incident.status)) {
      await this.options.notices.schedule(
        reports.map(report => ({
          reportId: report.id,
          incidentId: incident.id,
          kind: 'note' as const,
          updateKey: `${incident.status}:${incident.version}`,
          body: this.fill(
            this.options.settings.templates.update,
            report,
            incident,
          ),
        })),
      );
    }
  }

  private resolutionNotice(
    report: SupportReport,
    incident: Incident,
  ): NewNotice {
    return {
      reportId: report.id,
      incidentId: incident.id,
      kind: 'resolution',
      // one reply per resolution: a reopened and again resolved incident tells again
      updateKey: `resolved:${incident.resolvedAt ?? incident.version}`,
      body: this.fill(
        this.options.settings.templates.resolution,
        report,
        incident,
      ),
    };
  }

  private fill(template: string, report: SupportReport, incident: Incident) {
    return fillTemplate(template, {
      'incident.id': incident.id,
      'incident.title': incident.title,
      'incident.status': incident.status,
      'ticket.id': report.ticketId,
      'ticket.subject': report.subject,
    });
  }

  /** The incident's triage counts its reporters: it is computed again, as for any evidence. */
  private linkedTo(incident: Pick<Incident, 'entityRef'>) {
    this.options.triage?.evidenceOn([incident.entityRef]);
  }

  /** A report linked to an incident that already resolved hears of it at once. */
  private async afterLink(report: SupportReport, known?: Incident) {
    const incident = known ?? (await this.incidentFor(report.incidentId!));
    if (incident.status === 'resolved' || incident.status === 'closed') {
      await this.options.notices.schedule([
        this.resolutionNotice(report, incident),
      ]);
    }
  }

  private async incidentFor(incidentId: string): Promise<Incident> {
    const credentials = await this.options.auth.getOwnServiceCredentials();
    let incident = await this.options.incidents.get(incidentId, credentials);
    // a merged incident's reports belong to the one it was merged into
    for (let hops = 0; incident.mergedInto && hops < 5; hops++) {
      incident = await this.options.incidents.get(
        incident.mergedInto,
        credentials,
      );
    }
    return incident;
  }

  private async suggest(
    report: SupportReport,
    entityRefs: string[],
  ): Promise<SupportSuggestion[]> {
    const items = await this.openIncidents();
    const reportWords = words(
      `${report.subject} ${report.description} ${report.product ?? ''}`,
    );
    const at = Date.parse(report.reportedAt);
    const scored: SupportSuggestion[] = [];
    for (const incident of items) {
      const downstream =
        entityRefs.length > 0
          ? await this.options
              .downstreamOf(incident.entityRef)
              .catch(() => undefined)
          : undefined;
      const suggestion = scoreIncident({
        report: { entityRefs, text: reportWords, at },
        incident,
        downstream,
        windowMs: this.options.settings.suggestionWindowMs,
      });
      if (suggestion && suggestion.confidence >= MIN_CONFIDENCE) {
        scored.push(suggestion);
      }
    }
    return scored
      .sort(
        (a, b) =>
          b.confidence - a.confidence ||
          a.incidentId.localeCompare(b.incidentId),
      )
      .slice(0, MAX_SUGGESTIONS);
  }

  /** The open incidents a report may belong to, newest first; shared by a burst of reports. */
  private openIncidents(): Promise<Incident[]> {
    const now = Date.now();
    if (!this.candidates || now - this.candidates.at > CANDIDATES_CACHE_MS) {
      const value = this.options.auth
        .getOwnServiceCredentials()
        .then(credentials =>
          this.options.incidents.list(
            {
              status: ['triage', 'investigating', 'identified', 'monitoring'],
              limit: CANDIDATES,
            },
            credentials,
          ),
        )
        .then(page => page.items);
      value.catch(() => {
        if (this.candidates?.value === value) this.candidates = undefined;
      });
      this.candidates = { at: now, value };
    }
    return this.candidates.value;
  }

  private now(): string {
    return (this.options.clock?.() ?? new Date()).toISOString();
  }
}
