import {
  AuthService,
  BackstageCredentials,
} from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  Alert,
  CauseSuggestion,
  Incident,
  IncidentTriage,
  SeveritySuggestion,
  SimilarIncidentSuggestion,
} from '@lookout/plugin-incidents-common';
import { IncidentsStore } from '../incidents/IncidentsStore';
import {
  causeEvidence,
  firingOn,
  onsetOf,
  openIncidentsOn,
} from './causeEvidence';
import { CauseEvidence, rankCauses } from './causes';
import {
  CustomerReportsLookup,
  readCustomerReports,
  weighCustomerReports,
} from './customerReports';
import { affectedNames, draftStatusUpdate, summarizeTimeline } from './drafts';
import { Evidence, gatherEvidence } from './evidence';
import { Gaps } from './gaps';
import { PastIncidents } from './pastIncidents';
import {
  alertLevel,
  reachFacts,
  suggestSeverity,
  worstLevel,
} from './severity';
import { readSharedUpstream, SharedUpstream } from './sharedUpstream';
import { similarIncidents, similarQuery } from './similarIncidents';
import {
  OnCallLookup,
  PostmortemLookup,
  RunbookLookup,
  TriageInputs,
} from './sources';
import { suggestResponders } from './suggestResponders';
import { suggestRunbooks } from './suggestRunbooks';
import { readTelemetry } from './telemetryEvidence';
import { StoredTriage, TriageStore } from './TriageStore';
import { TelemetryService } from '../telemetry/TelemetryService';

const MAX_CAUSES = 10;
/** Causes whose owners are suggested as responders: the top ones, if close to the first. */
const RESPONDER_CAUSES = 3;
const CAUSE_SHARE = 0.4;

export interface TriageEngineOptions {
  incidents: Pick<IncidentsStore, 'listIncidents' | 'listTimeline'>;
  /** For the causes responders confirmed on past incidents. */
  store: Pick<TriageStore, 'confirmedCauses'>;
  catalog: CatalogService;
  auth: AuthService;
  inputs: TriageInputs;
  oncall: OnCallLookup;
  runbooks: RunbookLookup;
  postmortems?: PostmortemLookup;
  /** Metrics around the onset; without it, triage reads no telemetry. */
  telemetry?: Pick<TelemetryService, 'around'>;
  /** Who reported the incident through the helpdesks; without it, no reports are counted. */
  customerReports?: CustomerReportsLookup;
  clock?: () => Date;
}

/**
 * Turns what the other domains know about an incident into its triage: a severity, probable
 * causes, similar past incidents, runbooks and responders, a status update and a timeline
 * summary, each with its reasons. It reads as the plugin, which sees every entity and incident;
 * a source that fails is named among the triage's gaps and the rest goes on.
 */
export class TriageEngine {
  constructor(private readonly options: TriageEngineOptions) {}

  /**
   * The incident's triage, and the refs it read evidence on (upstream of the origin, and the
   * dependents of those): new evidence there is a reason to compute it again.
   */
  async build(
    incident: Incident,
    trigger: IncidentTriage['trigger'],
  ): Promise<{ triage: StoredTriage; watched: string[] }> {
    const { options } = this;
    const credentials = await options.auth.getOwnServiceCredentials();
    const gaps = new Gaps();
    const past = new PastIncidents(options);
    const evidence = await gatherEvidence(options, incident, credentials, gaps);
    const reach = reachFacts(
      [
        incident.entityRef,
        ...evidence.downstream.impacted.map(e => e.entityRef),
      ],
      evidence.entities,
    );
    const severity = weighCustomerReports(
      this.severity(incident, evidence, reach),
      await readCustomerReports(options.customerReports, incident, gaps),
    );
    const { causes, forCauses, finished, watched } = await this.causes(
      incident,
      evidence,
      past,
      gaps,
      credentials,
    );
    const similar = await gaps.soft(
      'similar incidents',
      similarIncidents(
        past,
        incident,
        similarQuery(incident, evidence.alerts, causes[0], forCauses),
        finished,
        evidence,
        causes,
      ),
      [] as SimilarIncidentSuggestion[],
    );
    const { responders, runbooks } = await this.respondersAndRunbooks(
      incident,
      forCauses,
      causes,
      credentials,
      gaps,
    );
    const triage: StoredTriage = {
      incidentId: incident.id,
      computedAt: this.now().toISOString(),
      trigger,
      tookMs: 0,
      severity,
      causes,
      similar,
      runbooks,
      responders,
      statusDraft: draftStatusUpdate({
        incident,
        severity: severity.severity,
        affected: affectedNames(reach.customerFacing, evidence.entities),
        ownerRef: incident.ownerRef,
      }),
      timelineSummary: summarizeTimeline(incident, evidence.timeline),
      gaps: gaps.list,
      assistant: [],
    };
    return { triage, watched };
  }

  /** The severity that what the incident reaches and its alerts call for. */
  private severity(
    incident: Incident,
    evidence: Evidence,
    reach: ReturnType<typeof reachFacts>,
  ): SeveritySuggestion {
    const { alerts } = evidence;
    return {
      id: 'severity',
      ...suggestSeverity({
        current: incident.severity,
        impactedCount: evidence.downstream.total,
        ...reach,
        alertLevel: worstLevel(
          alerts.map(a => alertLevel(a.severity, a.incidentSeverity)),
        ),
        alertCount: alerts.length,
      }),
    };
  }

  /**
   * The probable causes, from what is happening upstream and what caused past incidents on
   * the same origin; with the evidence they were ranked on and the finished past incidents,
   * which the similarity search reads next.
   */
  private async causes(
    incident: Incident,
    evidence: Evidence,
    past: PastIncidents,
    gaps: Gaps,
    credentials: BackstageCredentials,
  ): Promise<{
    causes: CauseSuggestion[];
    forCauses: CauseEvidence;
    finished: Incident[];
    watched: string[];
  }> {
    const { upstreamRefs } = evidence;
    const onset = onsetOf(incident, evidence.alerts);
    const [upstreamAlerts, openIncidents, history, below, telemetry] =
      await Promise.all([
        gaps.soft(
          'upstream alerts',
          firingOn(this.options.inputs.alerts, upstreamRefs, incident.id),
          [] as Alert[],
        ),
        gaps.soft(
          'open incidents upstream',
          openIncidentsOn(this.options.incidents, upstreamRefs, incident.id),
          [] as Incident[],
        ),
        gaps.soft('past incidents', past.before(incident), [] as Incident[]),
        gaps.soft(
          'dependents of upstream entities',
          readSharedUpstream(
            this.options,
            incident,
            evidence,
            onset,
            credentials,
          ),
          { shared: [] as SharedUpstream[], watched: upstreamRefs },
        ),
        readTelemetry(
          this.options.telemetry,
          incident.entityRef,
          evidence,
          onset,
          this.now(),
          gaps,
        ),
      ]);
    // only what is over is history: an incident still open elsewhere is evidence, not history
    const finished = history.filter(
      i => i.status === 'resolved' || i.status === 'closed',
    );
    const sameOrigin = finished
      .filter(i => i.entityRef === incident.entityRef)
      .slice(0, 50);
    const details = await gaps.soft(
      'past incident details',
      past.details(sameOrigin.map(i => i.id)),
      new Map(),
    );
    const forCauses = causeEvidence({
      incident,
      evidence,
      upstreamAlerts,
      openIncidents,
      sameOrigin,
      details,
    });
    forCauses.shared = below.shared;
    forCauses.telemetry = telemetry;
    const causes: CauseSuggestion[] = rankCauses(forCauses)
      .slice(0, MAX_CAUSES)
      .map(c => ({ id: `cause:${c.entityRef}`, ...c }));
    return { causes, forCauses, finished, watched: below.watched };
  }

  /** Who to call and which runbooks to open, for the origin and the leading causes. */
  private async respondersAndRunbooks(
    incident: Incident,
    forCauses: CauseEvidence,
    causes: CauseSuggestion[],
    credentials: BackstageCredentials,
    gaps: Gaps,
  ) {
    const leading = causes.filter(
      (c, i) =>
        i < RESPONDER_CAUSES &&
        c.score >= CAUSE_SHARE * (causes[0]?.score ?? 0),
    );
    const [responders, runbooks] = await Promise.all([
      gaps.soft(
        'on-call',
        suggestResponders(
          this.options.oncall,
          incident,
          forCauses.owners.get(incident.entityRef) ?? null,
          leading,
          this.now(),
        ),
        [],
      ),
      gaps.soft(
        'runbooks',
        suggestRunbooks(this.options.runbooks, incident, leading, credentials),
        [],
      ),
    ]);
    return { responders, runbooks };
  }

  private now(): Date {
    return this.options.clock?.() ?? new Date();
  }
}
