import {
  AuthService,
  BackstageCredentials,
  LoggerService,
} from '@backstage/backend-plugin-api';
import {
  Entity,
  RELATION_OWNED_BY,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { InputError, NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  Alert,
  ANNOTATION_CUSTOMER_FACING,
  ANNOTATION_STATUS_PAGE_COMPONENT,
  ANNOTATION_TIER,
  BlastRadius,
  CauseSuggestion,
  impactPaths,
  Incident,
  incidentReadPermission,
  IncidentTriage,
  incidentUpdatePermission,
  isOpenStatus,
  ResponderSuggestion,
  RunbookSuggestion,
  SimilarIncidentSuggestion,
  TimelineEvent,
  TRIAGE_SUGGESTION_KINDS,
  TriageFeedbackSummary,
  TriageSuggestionKind,
  TriageVerdict,
} from '@lookout/plugin-incidents-common';
import { TriageProvider } from '@lookout/plugin-incidents-node';
import { entitiesByRef } from '../catalog/entitiesByRef';
import { actorRef } from '../incidents/actors';
import { parseIncidentId } from '../incidents/incidentIds';
import { IncidentChange } from '../incidents/IncidentChangeStream';
import { IncidentsStore } from '../incidents/IncidentsStore';
import { IncidentsAuthorizer } from '../permissions/IncidentsAuthorizer';
import { CauseEvidence, rankCauses } from './causes';
import { draftStatusUpdate, summarizeTimeline } from './drafts';
import { alertLevel, nameOf, suggestSeverity, worstLevel } from './severity';
import { rankSimilar, SimilarCandidate, SimilarQuery } from './similar';
import {
  catalogOnCall,
  annotationRunbooks,
  firstResponders,
  OnCallLookup,
  PostmortemLookup,
  RunbookLookup,
} from './sources';
import { tokenize } from './text';
import { StoredTriage, TriageStore } from './TriageStore';

const OPEN_STATUSES = [
  'triage',
  'investigating',
  'identified',
  'monitoring',
] as const;
/** How many past incidents the similarity search reads, newest first. */
const PAST_INCIDENTS = 2000;
/** How many of them are read in full (alerts, notes, postmortem) for the final ranking. */
const SHORTLIST = 30;
const MAX_CAUSES = 10;
const MAX_SIMILAR = 5;
/** Causes whose owners are suggested as responders: the top ones, if close to the first. */
const RESPONDER_CAUSES = 3;
const CAUSE_SHARE = 0.4;
/** The most alerts read from one upstream entity. */
const ALERTS_PER_ENTITY = 50;
const ENTITY_FIELDS = [
  'kind',
  'metadata.namespace',
  'metadata.name',
  'metadata.title',
  'metadata.annotations',
  'relations',
];

/** What the assistant reads from the alert, change and graph domains. */
export interface TriageInputs {
  alerts: {
    listForIncident(
      incidentId: string,
      query: { limit?: number },
      credentials: BackstageCredentials,
    ): Promise<{ items: Alert[] }>;
    listForEntity(
      entityRef: string,
      query: { status?: 'firing' | 'resolved'; limit?: number },
    ): Promise<{ items: Alert[] }>;
  };
  changes: {
    forIncident(
      id: string,
      credentials: BackstageCredentials,
    ): Promise<{
      items: Array<{ entityRef: string | null; summary: string; at: string }>;
    }>;
  };
  graph: {
    blastRadius(
      request: { entityRef: string; direction?: 'upstream' | 'downstream' },
      credentials: BackstageCredentials,
    ): Promise<BlastRadius>;
  };
}

/**
 * The triage assistant: when an incident opens it suggests a severity, probable causes,
 * similar past incidents, runbooks and responders, and drafts a status update and a timeline
 * summary, each with its reasons. No language model is needed; providers added through the
 * `incidents.triage` extension point may add a note beside the suggestions.
 *
 * Triage is computed as the plugin (it sees every entity and incident) and stored; it is
 * served to whoever may read the incident, cut down to the entities and incidents they may see.
 */
export class TriageService {
  private readonly work = new Set<Promise<void>>();
  private readonly computing = new Set<number>();
  private readonly again = new Map<number, IncidentTriage['trigger']>();
  /** Recomputes waiting for an incident's changes to settle, by incident. */
  private readonly settling = new Map<number, NodeJS.Timeout>();
  private readonly oncall: OnCallLookup;
  private readonly runbooks: RunbookLookup;

  constructor(
    private readonly options: {
      store: TriageStore;
      incidents: Pick<
        IncidentsStore,
        'getIncident' | 'listIncidents' | 'listTimeline'
      >;
      authorizer: Pick<
        IncidentsAuthorizer,
        'require' | 'allows' | 'readCondition'
      >;
      catalog: CatalogService;
      auth: AuthService;
      inputs: TriageInputs;
      oncall?: OnCallLookup;
      runbooks?: RunbookLookup;
      postmortems?: PostmortemLookup;
      providers?: TriageProvider[];
      /** How long a provider may take before its note is given up. */
      providerTimeoutMs?: number;
      /**
       * How long an open incident's changes settle before its triage is computed again; an
       * alert storm then costs one recompute, not one per alert. A new incident is triaged
       * at once.
       */
      recomputeDelayMs?: number;
      logger: LoggerService;
      clock?: () => Date;
    },
  ) {
    const own = () => options.auth.getOwnServiceCredentials();
    this.oncall = options.oncall ?? catalogOnCall(options.catalog, own);
    this.runbooks = options.runbooks ?? annotationRunbooks(options.catalog);
  }

  /**
   * For the incidents domain's change hook: a new incident is triaged, and an open one again
   * when it changes (an alert attached, a new origin). Never blocks or fails the change: the
   * work runs afterwards, and a second change during a run asks for one more run. Changes to
   * an open incident wait `recomputeDelayMs` and are then triaged together.
   */
  onIncidentChange(change: IncidentChange): void {
    const { incident, type } = change;
    if (type === 'deleted' || type === 'note' || type === 'acknowledged')
      return;
    if (type !== 'declared' && !isOpenStatus(incident.status)) return;
    const seq = parseIncidentId(incident.id);
    if (type === 'declared') {
      this.schedule(seq, 'declared');
    } else if (!this.settling.has(seq)) {
      const timer = setTimeout(
        () => this.settled(seq),
        this.options.recomputeDelayMs ?? 0,
      );
      timer.unref?.();
      this.settling.set(seq, timer);
    }
  }

  private settled(seq: number) {
    clearTimeout(this.settling.get(seq));
    this.settling.delete(seq);
    this.schedule(seq, 'change');
  }

  /** Resolves once no triage is being computed in the background (for tests). */
  async idle(): Promise<void> {
    // what is still settling runs now rather than being lost
    [...this.settling.keys()].forEach(seq => this.settled(seq));
    while (this.work.size > 0) {
      await Promise.all([...this.work]);
    }
  }

  /**
   * For shutdown: what is waiting to settle is dropped (its incident is triaged again on its
   * next change, or by another replica) and what is being computed finishes, so no
   * computation outlives the database connection.
   */
  async stop(): Promise<void> {
    this.settling.forEach(timer => clearTimeout(timer));
    this.settling.clear();
    while (this.work.size > 0) {
      await Promise.all([...this.work]);
    }
  }

  /** The incident's triage for the caller: computed now if it never was. */
  async get(
    id: string,
    credentials: BackstageCredentials,
  ): Promise<IncidentTriage> {
    const incident = await this.load(id);
    await this.options.authorizer.require(
      incidentReadPermission,
      incident,
      credentials,
    );
    const seq = parseIncidentId(incident.id);
    const stored =
      (await this.options.store.getTriage(seq)) ??
      (await this.compute(seq, 'on_read'));
    return this.forReader(seq, stored, credentials);
  }

  /** Computes the triage again now, for responders who want it to reflect the latest. */
  async refresh(
    id: string,
    credentials: BackstageCredentials,
  ): Promise<IncidentTriage> {
    const incident = await this.load(id);
    await this.options.authorizer.require(
      incidentUpdatePermission,
      incident,
      credentials,
    );
    const seq = parseIncidentId(incident.id);
    const stored = await this.compute(seq, 'refresh');
    return this.forReader(seq, stored, credentials);
  }

  /** Records a responder's verdict on one suggestion of the incident's current triage. */
  async feedback(
    id: string,
    request: { suggestionId: string; verdict: TriageVerdict },
    credentials: BackstageCredentials,
  ): Promise<{ suggestionId: string; verdict: TriageVerdict }> {
    const incident = await this.load(id);
    await this.options.authorizer.require(
      incidentUpdatePermission,
      incident,
      credentials,
    );
    const seq = parseIncidentId(incident.id);
    const stored = await this.options.store.getTriage(seq);
    const suggestion = stored && findSuggestion(stored, request.suggestionId);
    if (!suggestion) {
      throw new InputError(
        `suggestionId: ${incident.id} has no suggestion '${request.suggestionId}'; ` +
          'use an id from GET /incidents/:id/triage',
      );
    }
    await this.options.store.recordVerdict({
      incidentSeq: seq,
      suggestionId: request.suggestionId,
      kind: suggestion.kind,
      target: suggestion.target,
      verdict: request.verdict,
      actor: actorRef(credentials),
      at: this.now().toISOString(),
    });
    return request;
  }

  /** How often each kind of suggestion was judged right, over every incident. */
  async feedbackSummary(
    credentials: BackstageCredentials,
  ): Promise<TriageFeedbackSummary> {
    // counts name no incident, but only those who may read incidents learn about them
    await this.options.authorizer.readCondition(credentials);
    const counts = await this.options.store.countVerdicts();
    const byKind = Object.fromEntries(
      TRIAGE_SUGGESTION_KINDS.map(kind => [kind, { right: 0, wrong: 0 }]),
    ) as TriageFeedbackSummary['byKind'];
    const total = { right: 0, wrong: 0 };
    for (const { kind, verdict, count } of counts) {
      if (!byKind[kind]) continue;
      byKind[kind][verdict] += count;
      total[verdict] += count;
    }
    const precision = Object.fromEntries(
      TRIAGE_SUGGESTION_KINDS.map(kind => {
        const { right, wrong } = byKind[kind];
        return [
          kind,
          right + wrong
            ? Math.round((right / (right + wrong)) * 1000) / 1000
            : null,
        ];
      }),
    ) as TriageFeedbackSummary['precision'];
    return { total, byKind, precision };
  }

  /** Computes and stores the triage of an incident, then asks providers for their notes. */
  async compute(
    seq: number,
    trigger: IncidentTriage['trigger'],
  ): Promise<StoredTriage> {
    const started = Date.now();
    const incident = await this.options.incidents.getIncident(seq);
    if (!incident) throw new NotFoundError(`No incident ${seq}`);
    const triage = await this.build(incident, trigger);
    triage.tookMs = Date.now() - started;
    // A model is asked when the incident opens and when a responder asks for a refresh, not on
    // every alert that attaches (each answer costs time and money); until then the last note
    // stays.
    const ask =
      (trigger === 'declared' || trigger === 'refresh') &&
      Boolean(this.options.providers?.length);
    if (!ask) {
      triage.assistant =
        (await this.options.store.getTriage(seq))?.assistant ?? [];
    }
    await this.options.store.saveTriage(seq, triage);
    if (ask) {
      this.track(this.annotate(seq, incident, triage), `Annotating INC-${seq}`);
    }
    return triage;
  }

  private schedule(seq: number, trigger: IncidentTriage['trigger']) {
    if (this.computing.has(seq)) {
      // the run in progress may have read too early; one more after it covers every change
      if (!this.again.has(seq)) this.again.set(seq, trigger);
      return;
    }
    this.computing.add(seq);
    this.track(
      this.compute(seq, trigger)
        .then(() => undefined)
        .finally(() => {
          this.computing.delete(seq);
          const next = this.again.get(seq);
          if (next) {
            this.again.delete(seq);
            this.schedule(seq, next);
          }
        }),
      `Triage of INC-${seq}`,
    );
  }

  /** Background work is tracked for idle() and never rejects: a failure is logged. */
  private track(work: Promise<void>, what: string) {
    const safe = work.catch(error => {
      this.options.logger.warn(`${what} failed: ${error}`);
    });
    this.work.add(safe);
    safe.finally(() => this.work.delete(safe));
  }

  private async build(
    incident: Incident,
    trigger: IncidentTriage['trigger'],
  ): Promise<StoredTriage> {
    const credentials = await this.options.auth.getOwnServiceCredentials();
    const { inputs } = this.options;
    const gaps: string[] = [];
    const soft = async <T>(
      what: string,
      work: Promise<T>,
      fallback: T,
    ): Promise<T> => {
      try {
        return await work;
      } catch (error) {
        gaps.push(`${what}: ${error instanceof Error ? error.message : error}`);
        return fallback;
      }
    };
    const noRadius = (direction: 'upstream' | 'downstream'): BlastRadius => ({
      entityRef: incident.entityRef,
      direction,
      maxDepth: 0,
      limit: 0,
      impacted: [],
      through: [],
      total: 0,
      hidden: 0,
      systems: [],
      domains: [],
      owners: [],
      customerFacing: [],
      missing: [],
      cutoff: false,
    });
    const seq = parseIncidentId(incident.id);
    // past incidents read once per build; a new postmortem or verdict counts the next time
    const cache = new Map<string, PastDetails>();

    const [timeline, ownAlerts, downstream, upstream, changes] =
      await Promise.all([
        this.options.incidents.listTimeline(seq),
        soft(
          'alerts',
          inputs.alerts
            .listForIncident(incident.id, { limit: 100 }, credentials)
            .then(p => p.items),
          [] as Alert[],
        ),
        soft(
          'blast radius',
          inputs.graph.blastRadius(
            { entityRef: incident.entityRef, direction: 'downstream' },
            credentials,
          ),
          noRadius('downstream'),
        ),
        soft(
          'upstream walk',
          inputs.graph.blastRadius(
            { entityRef: incident.entityRef, direction: 'upstream' },
            credentials,
          ),
          noRadius('upstream'),
        ),
        soft(
          'change events',
          inputs.changes
            .forIncident(incident.id, credentials)
            .then(c => c.items),
          [] as Array<{
            entityRef: string | null;
            summary: string;
            at: string;
          }>,
        ),
      ]);

    const upstreamRefs = upstream.impacted
      .filter(e => e.kind !== 'api')
      .map(e => e.entityRef);
    const entities = await soft(
      'catalog',
      this.entities(
        [
          incident.entityRef,
          ...downstream.impacted.map(e => e.entityRef),
          ...upstreamRefs,
        ],
        credentials,
      ),
      new Map<string, Entity>(),
    );

    // severity
    const reached = [
      incident.entityRef,
      ...downstream.impacted.map(e => e.entityRef),
    ];
    let bestTier: number | null = null;
    let bestTierRef: string | null = null;
    const customerFacing: string[] = [];
    const customerFacingTier1: string[] = [];
    for (const ref of reached) {
      const entity = entities.get(ref);
      const tier = Number.parseInt(
        entity?.metadata.annotations?.[ANNOTATION_TIER] ?? '',
        10,
      );
      if (Number.isFinite(tier) && (bestTier === null || tier < bestTier)) {
        bestTier = tier;
        bestTierRef = ref;
      }
      if (
        entity?.metadata.annotations?.[ANNOTATION_CUSTOMER_FACING] === 'true'
      ) {
        customerFacing.push(ref);
        if (tier === 1) customerFacingTier1.push(ref);
      }
    }
    const severity = {
      id: 'severity',
      ...suggestSeverity({
        current: incident.severity,
        impactedCount: downstream.total,
        customerFacing,
        customerFacingTier1,
        bestTier,
        bestTierRef,
        alertLevel: worstLevel(
          ownAlerts.map(a => alertLevel(a.severity, a.incidentSeverity)),
        ),
        alertCount: ownAlerts.length,
      }),
    };

    // probable causes
    const onset = ownAlerts.reduce(
      (earliest, a) => (a.startsAt < earliest ? a.startsAt : earliest),
      incident.declaredAt,
    );
    const [upstreamAlerts, openIncidents, history] = await Promise.all([
      soft(
        'upstream alerts',
        this.firingOn(upstreamRefs, incident.id),
        [] as Alert[],
      ),
      soft(
        'open incidents upstream',
        upstreamRefs.length
          ? this.options.incidents
              .listIncidents({
                entityRefs: upstreamRefs,
                status: [...OPEN_STATUSES],
                limit: 200,
              })
              .then(p => p.items.filter(i => i.id !== incident.id))
          : Promise.resolve([]),
        [] as Incident[],
      ),
      soft('past incidents', this.pastIncidents(incident), [] as Incident[]),
    ]);
    // only what is over is history: an incident still open elsewhere is evidence, not history
    const finished = history.filter(
      i => i.status === 'resolved' || i.status === 'closed',
    );
    const sameOrigin = finished
      .filter(i => i.entityRef === incident.entityRef)
      .slice(0, 50);
    const details = await soft(
      'past incident details',
      this.details(
        sameOrigin.map(i => i.id),
        cache,
      ),
      new Map<string, PastDetails>(),
    );
    const candidateNames = new Map(
      [incident.entityRef, ...upstreamRefs].map(ref => [ref, nameOf(ref)]),
    );
    const evidence: CauseEvidence = {
      origin: incident.entityRef,
      onset,
      upstream: impactPaths(upstream).map((path, i) => ({
        entityRef: upstream.impacted[i].entityRef,
        kind: upstream.impacted[i].kind,
        path: path.map(step => step.entityRef ?? '?'),
      })),
      alerts: upstreamAlerts.map(a => ({
        entityRef: a.entityRef!,
        summary: a.summary,
        startsAt: a.startsAt,
        level: alertLevel(a.severity, a.incidentSeverity),
      })),
      // an incident began when its first alert did, which may be long before it was declared
      openIncidents: openIncidents.map(i => ({
        id: i.id,
        entityRef: i.entityRef,
        title: i.title,
        declaredAt: upstreamAlerts.reduce(
          (earliest, a) =>
            a.incidentId === i.id && a.startsAt < earliest
              ? a.startsAt
              : earliest,
          i.declaredAt,
        ),
        openedByAlerts:
          i.source === 'alert' &&
          upstreamAlerts.some(a => a.incidentId === i.id),
      })),
      changes: changes.flatMap(c =>
        c.entityRef ? [{ ...c, entityRef: c.entityRef }] : [],
      ),
      pastCauses: sameOrigin.flatMap(past =>
        causesOf(details.get(past.id), candidateNames).map(cause => ({
          incidentId: past.id,
          ...cause,
        })),
      ),
      owners: new Map(
        [incident.entityRef, ...upstreamRefs].map(ref => [
          ref,
          ownerOf(entities.get(ref)),
        ]),
      ),
    };
    if (evidence.owners.get(incident.entityRef) === null && incident.ownerRef) {
      evidence.owners.set(incident.entityRef, incident.ownerRef);
    }
    const causes: CauseSuggestion[] = rankCauses(evidence)
      .slice(0, MAX_CAUSES)
      .map(c => ({ id: `cause:${c.entityRef}`, ...c }));

    // similar past incidents
    const similar = await soft(
      'similar incidents',
      this.similar(
        incident,
        {
          symptoms: tokenize(
            [
              incident.title,
              incident.description,
              ...ownAlerts.flatMap(a => [a.summary, ...labelWords(a.labels)]),
            ].join(' '),
          ),
          mechanism: tokenize(evidenceOf(causes[0], evidence).join(' ')),
        },
        finished,
        downstream,
        upstream,
        causes,
        cache,
      ),
      [] as SimilarIncidentSuggestion[],
    );

    // responders and runbooks
    const leading = causes.filter(
      (c, i) =>
        i < RESPONDER_CAUSES &&
        c.score >= CAUSE_SHARE * (causes[0]?.score ?? 0),
    );
    const [responders, runbooks] = await Promise.all([
      soft(
        'on-call',
        this.responders(
          incident,
          evidence.owners.get(incident.entityRef) ?? null,
          leading,
        ),
        [] as ResponderSuggestion[],
      ),
      soft(
        'runbooks',
        this.suggestRunbooks(incident, leading, credentials),
        [] as RunbookSuggestion[],
      ),
    ]);

    const affected = [
      ...new Set(
        customerFacing.map(
          ref =>
            entities.get(ref)?.metadata.annotations?.[
              ANNOTATION_STATUS_PAGE_COMPONENT
            ] ??
            entities.get(ref)?.metadata.title ??
            nameOf(ref),
        ),
      ),
    ];
    return {
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
        affected,
        ownerRef: incident.ownerRef,
      }),
      timelineSummary: summarizeTimeline(incident, timeline),
      gaps,
      assistant: [],
    };
  }

  /** Firing alerts on the entities, apart from those of the incident itself. */
  private async firingOn(refs: string[], incidentId: string): Promise<Alert[]> {
    const pages = await Promise.all(
      refs.map(ref =>
        this.options.inputs.alerts.listForEntity(ref, {
          status: 'firing',
          limit: ALERTS_PER_ENTITY,
        }),
      ),
    );
    return pages
      .flatMap(p => p.items)
      .filter(a => a.entityRef && a.incidentId !== incidentId);
  }

  /** Incidents declared before this one, newest first; merged duplicates left out. */
  private async pastIncidents(incident: Incident): Promise<Incident[]> {
    const found: Incident[] = [];
    let after;
    do {
      const page = await this.options.incidents.listIncidents({
        to: incident.declaredAt,
        after,
        limit: 500,
      });
      found.push(
        ...page.items.filter(
          i => i.id !== incident.id && i.status !== 'merged',
        ),
      );
      after = page.last;
    } while (after && found.length < PAST_INCIDENTS);
    return found;
  }

  /** What past incidents' timelines, alerts and postmortems say, for the ones asked. */
  private async details(
    ids: string[],
    cache: Map<string, PastDetails>,
  ): Promise<Map<string, PastDetails>> {
    const missing = ids.filter(id => !cache.has(id));
    if (missing.length) {
      const credentials = await this.options.auth.getOwnServiceCredentials();
      const [postmortems, confirmed] = await Promise.all([
        this.options.postmortems?.forIncidents(missing) ?? [],
        this.options.store.confirmedCauses(missing.map(parseIncidentId)),
      ]);
      await Promise.all(
        missing.map(async id => {
          const [timeline, alerts] = await Promise.all([
            this.options.incidents.listTimeline(parseIncidentId(id)),
            this.options.inputs.alerts
              .listForIncident(id, { limit: 20 }, credentials)
              .then(
                p => p.items,
                () => [] as Alert[],
              ),
          ]);
          const postmortem = postmortems.find(
            p => p.postmortem.incidentId === id,
          );
          cache.set(id, {
            timeline,
            alerts,
            postmortem: postmortem ?? null,
            confirmed: confirmed.get(parseIncidentId(id)) ?? [],
          });
        }),
      );
    }
    return new Map(ids.map(id => [id, cache.get(id)!]));
  }

  private async similar(
    incident: Incident,
    query: SimilarQuery,
    history: Incident[],
    downstream: BlastRadius,
    upstream: BlastRadius,
    causes: CauseSuggestion[],
    cache: Map<string, PastDetails>,
  ): Promise<SimilarIncidentSuggestion[]> {
    if (history.length === 0) return [];
    const distances = new Map<string, number>([[incident.entityRef, 0]]);
    for (const e of [...downstream.impacted, ...upstream.impacted]) {
      const seen = distances.get(e.entityRef);
      if (seen === undefined || e.distance < seen)
        distances.set(e.entityRef, e.distance);
    }
    const best = causes[0]?.score || 1;
    const probable = causes
      .slice(0, 3)
      .map(c => ({ entityRef: c.entityRef, share: c.score / best }));
    // first pass: titles and descriptions of every past incident, and their place in the graph
    const first = rankSimilar(
      query,
      history.map(i => ({
        incidentId: i.id,
        entityRef: i.entityRef,
        tokens: tokenize(
          `${i.title} ${i.description} ${labelWords(i.labels).join(' ')}`,
        ),
        graphDistance: distances.get(i.entityRef) ?? null,
        causeRefs: cache.get(i.id)?.confirmed ?? [],
      })),
      probable,
      { limit: SHORTLIST, minScore: 0 },
    );
    const shortlist = first.map(s => history.find(i => i.id === s.incidentId)!);
    const details = await this.details(
      shortlist.map(i => i.id),
      cache,
    );
    // second pass: everything written about the shortlisted ones
    const candidates: SimilarCandidate[] = shortlist.map(i => {
      const d = details.get(i.id)!;
      return {
        incidentId: i.id,
        entityRef: i.entityRef,
        tokens: tokenize(
          [
            i.title,
            i.description,
            ...labelWords(i.labels),
            ...d.alerts.flatMap(a => [a.summary, ...labelWords(a.labels)]),
            ...notesOf(d.timeline),
            d.postmortem?.text ?? '',
          ].join(' '),
        ),
        graphDistance: distances.get(i.entityRef) ?? null,
        causeRefs: [
          ...d.confirmed,
          ...(d.postmortem?.postmortem.rootCauseEntityRef
            ? [d.postmortem.postmortem.rootCauseEntityRef]
            : []),
        ],
      };
    });
    return rankSimilar(query, candidates, probable, { limit: MAX_SIMILAR }).map(
      scored => {
        const past = shortlist.find(i => i.id === scored.incidentId)!;
        const d = details.get(past.id)!;
        return {
          id: `similar:${past.id}`,
          incidentId: past.id,
          title: past.title,
          entityRef: past.entityRef,
          severity: past.severity,
          declaredAt: past.declaredAt,
          score: scored.score,
          reasons: scored.reasons,
          resolution: resolutionOf(d.timeline),
          postmortem: d.postmortem
            ? {
                id: d.postmortem.postmortem.id,
                title: d.postmortem.postmortem.title,
                rootCauseEntityRef: d.postmortem.postmortem.rootCauseEntityRef,
                excerpt: excerpt(d.postmortem.text),
              }
            : null,
        };
      },
    );
  }

  private async responders(
    incident: Incident,
    originOwner: string | null,
    causes: CauseSuggestion[],
  ): Promise<ResponderSuggestion[]> {
    const at = this.now();
    const top = causes[0]?.score || 1;
    const teams: Array<{ groupRef: string; score: number; why: string }> = [];
    if (originOwner) {
      teams.push({
        groupRef: originOwner,
        score: 1,
        why: `on call for ${nameOf(
          originOwner,
        )}, which owns the origin ${nameOf(incident.entityRef)}`,
      });
    }
    for (const cause of causes) {
      if (!cause.ownerRef || cause.entityRef === incident.entityRef) continue;
      teams.push({
        groupRef: cause.ownerRef,
        score: Math.round(((0.9 * cause.score) / top) * 100) / 100,
        why: `on call for ${nameOf(cause.ownerRef)}, which owns ${nameOf(
          cause.entityRef,
        )}, probable cause (score ${cause.score})`,
      });
    }
    const byUser = new Map<string, ResponderSuggestion>();
    for (const team of teams) {
      const targets = await firstResponders(this.oncall, team.groupRef, at);
      for (const target of targets) {
        const known = byUser.get(target.userRef);
        const reason = {
          text: `${team.why}: ${target.reason}`,
          weight: team.score,
        };
        if (known) {
          known.reasons.push(reason);
          known.score = Math.max(known.score, team.score);
        } else {
          byUser.set(target.userRef, {
            id: `responder:${target.userRef}`,
            userRef: target.userRef,
            groupRef: team.groupRef,
            score: team.score,
            reasons: [reason],
          });
        }
      }
    }
    return [...byUser.values()].sort((a, b) => b.score - a.score).slice(0, 10);
  }

  private async suggestRunbooks(
    incident: Incident,
    causes: CauseSuggestion[],
    credentials: BackstageCredentials,
  ): Promise<RunbookSuggestion[]> {
    const top = causes[0]?.score || 1;
    const sources = [
      {
        entityRef: incident.entityRef,
        score: 0.8,
        why: `runbook of the origin, ${nameOf(incident.entityRef)}`,
      },
      ...causes
        .filter(c => c.entityRef !== incident.entityRef)
        .map(c => ({
          entityRef: c.entityRef,
          score: Math.round((c.score / top) * 100) / 100,
          why: `runbook of ${nameOf(c.entityRef)}, probable cause (score ${
            c.score
          })`,
        })),
    ];
    const found = new Map<string, RunbookSuggestion>();
    for (const source of sources) {
      const runbooks = await this.runbooks
        .forEntity(source.entityRef, credentials)
        .catch(error => (NotFoundError.is(error) ? [] : Promise.reject(error)));
      for (const runbook of runbooks) {
        const url = runbook.url ?? `lookout:${runbook.id}`;
        const known = found.get(url);
        const reason = { text: source.why, weight: source.score };
        if (known) {
          known.reasons.push(reason);
          known.score = Math.max(known.score, source.score);
        } else {
          found.set(url, {
            id: `runbook:${url}`,
            title: runbook.title,
            url,
            entityRef: source.entityRef,
            score: source.score,
            reasons: [reason],
          });
        }
      }
    }
    return [...found.values()].sort((a, b) => b.score - a.score).slice(0, 10);
  }

  /** Each provider's note, added to the stored triage when it comes; failures are logged. */
  private async annotate(
    seq: number,
    incident: Incident,
    triage: StoredTriage,
  ) {
    const timeline = await this.options.incidents.listTimeline(seq);
    const notes = await Promise.all(
      (this.options.providers ?? []).map(async provider => {
        const controller = new AbortController();
        const timer = setTimeout(
          () => controller.abort(),
          this.options.providerTimeoutMs ?? 20_000,
        );
        try {
          const text = await provider.annotate(
            { incident, timeline, triage: { ...triage } },
            { signal: controller.signal },
          );
          return text
            ? [{ provider: provider.name, text, at: this.now().toISOString() }]
            : [];
        } catch (error) {
          this.options.logger.warn(
            `Triage provider ${provider.name} failed for ${incident.id}: ${error}`,
          );
          return [];
        } finally {
          clearTimeout(timer);
        }
      }),
    );
    const current = await this.options.store.getTriage(seq);
    // a newer computation replaced this one meanwhile: its own providers' call will annotate it
    if (!current || current.computedAt !== triage.computedAt) return;
    await this.options.store.saveTriage(seq, {
      ...current,
      assistant: notes.flat(),
    });
  }

  /** The stored triage as one reader may see it: entities and incidents they cannot see go. */
  private async forReader(
    seq: number,
    stored: StoredTriage,
    credentials: BackstageCredentials,
  ): Promise<IncidentTriage> {
    const refs = [
      ...stored.causes.map(c => c.entityRef),
      ...stored.runbooks.map(r => r.entityRef),
    ];
    const { items } = refs.length
      ? await this.options.catalog.getEntitiesByRefs(
          {
            entityRefs: refs,
            fields: ['kind', 'metadata.namespace', 'metadata.name'],
          },
          { credentials },
        )
      : { items: [] };
    const visible = new Set(
      items.flatMap(e =>
        e ? [stringifyEntityRef(e).toLocaleLowerCase('en-US')] : [],
      ),
    );
    const similar: SimilarIncidentSuggestion[] = [];
    for (const item of stored.similar) {
      const past = await this.options.incidents.getIncident(
        parseIncidentId(item.incidentId),
      );
      if (
        past &&
        (await this.options.authorizer.allows(
          incidentReadPermission,
          past,
          credentials,
        ))
      ) {
        similar.push(item);
      }
    }
    return {
      ...stored,
      causes: stored.causes.filter(c => visible.has(c.entityRef)),
      runbooks: stored.runbooks.filter(r => visible.has(r.entityRef)),
      similar,
      verdicts: await this.options.store.verdictsOf(seq, actorRef(credentials)),
    };
  }

  private async entities(
    refs: string[],
    credentials: BackstageCredentials,
  ): Promise<Map<string, Entity>> {
    return entitiesByRef(
      this.options.catalog,
      [...new Set(refs)].slice(0, 1000),
      ENTITY_FIELDS,
      credentials,
    );
  }

  private async load(id: string): Promise<Incident> {
    const incident = await this.options.incidents.getIncident(
      parseIncidentId(id),
    );
    if (!incident) throw new NotFoundError(`No incident ${id}`);
    return incident;
  }

  private now(): Date {
    return this.options.clock?.() ?? new Date();
  }
}

interface PastDetails {
  timeline: TimelineEvent[];
  alerts: Alert[];
  postmortem:
    | Awaited<ReturnType<PostmortemLookup['forIncidents']>>[number]
    | null;
  confirmed: string[];
}

/**
 * What was seen at a probable cause (its alerts, its changes and its name): words that say how
 * this incident happened, for finding past incidents that happened the same way.
 */
function evidenceOf(
  cause: CauseSuggestion | undefined,
  evidence: CauseEvidence,
): string[] {
  if (!cause) return [];
  const at = (ref: string) => ref === cause.entityRef;
  return [
    nameOf(cause.entityRef),
    ...evidence.alerts.filter(a => at(a.entityRef)).map(a => a.summary),
    ...evidence.changes.filter(c => at(c.entityRef)).map(c => c.summary),
  ];
}

/** What a past incident's cause was, as far as its postmortem, responders or notes say. */
function causesOf(
  details: PastDetails | undefined,
  names: Map<string, string>,
): Array<{ entityRef: string; via: 'postmortem' | 'confirmed' | 'mentioned' }> {
  if (!details) return [];
  const root =
    details.postmortem?.postmortem.rootCauseEntityRef?.toLocaleLowerCase(
      'en-US',
    );
  if (root) return [{ entityRef: root, via: 'postmortem' }];
  if (details.confirmed.length) {
    return details.confirmed.map(entityRef => ({
      entityRef,
      via: 'confirmed',
    }));
  }
  // without either, a candidate named in what responders wrote (once, if only one is)
  const text = [...notesOf(details.timeline), details.postmortem?.text ?? '']
    .join(' ')
    .toLocaleLowerCase('en-US');
  const named = [...names].filter(([, name]) =>
    new RegExp(`(^|[^a-z0-9-])${escape(name)}([^a-z0-9-]|$)`).test(text),
  );
  return named.length === 1
    ? [{ entityRef: named[0][0], via: 'mentioned' }]
    : [];
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function notesOf(timeline: TimelineEvent[]): string[] {
  return timeline.flatMap(e => {
    if (e.type === 'note') return [String(e.data.markdown ?? '')];
    if (e.type === 'status_changed' && e.data.note)
      return [String(e.data.note)];
    return [];
  });
}

/** How a past incident ended: the note given when it was resolved, else the last note. */
function resolutionOf(timeline: TimelineEvent[]): string | null {
  const resolved = timeline.filter(
    e => e.type === 'status_changed' && e.data.to === 'resolved' && e.data.note,
  );
  if (resolved.length)
    return excerpt(String(resolved[resolved.length - 1].data.note));
  const notes = timeline.filter(e => e.type === 'note');
  return notes.length
    ? excerpt(String(notes[notes.length - 1].data.markdown ?? ''))
    : null;
}

function excerpt(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 280 ? `${flat.slice(0, 277)}…` : flat;
}

function labelWords(labels: Record<string, string>): string[] {
  return Object.entries(labels).flatMap(([key, value]) =>
    key === 'alertname' ||
    key === 'job' ||
    key === 'service' ||
    key === 'reason'
      ? [value]
      : [key, value],
  );
}

function ownerOf(entity: Entity | undefined): string | null {
  const owner = entity?.relations?.find(r => r.type === RELATION_OWNED_BY);
  return owner ? owner.targetRef.toLocaleLowerCase('en-US') : null;
}

/** The suggestion an id names, with its kind and what it named, for recording a verdict. */
function findSuggestion(
  triage: StoredTriage,
  id: string,
): { kind: TriageSuggestionKind; target: string } | undefined {
  if (id === triage.severity.id)
    return { kind: 'severity', target: triage.severity.severity };
  const cause = triage.causes.find(c => c.id === id);
  if (cause) return { kind: 'cause', target: cause.entityRef };
  const similar = triage.similar.find(s => s.id === id);
  if (similar) return { kind: 'similar', target: similar.incidentId };
  const runbook = triage.runbooks.find(r => r.id === id);
  if (runbook) return { kind: 'runbook', target: runbook.url };
  const responder = triage.responders.find(r => r.id === id);
  if (responder) return { kind: 'responder', target: responder.userRef };
  return undefined;
}
