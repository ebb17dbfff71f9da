import {
  BackstageCredentials,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { InputError, NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  Incident,
  incidentReadPermission,
  IncidentTriage,
  incidentUpdatePermission,
  isOpenStatus,
  SimilarIncidentSuggestion,
  TriageFeedbackSummary,
  TriageVerdict,
} from '@lookout/plugin-incidents-common';
import { TriageProvider } from '@lookout/plugin-incidents-node';
import { actorRef } from '../incidents/actors';
import { parseIncidentId } from '../incidents/incidentIds';
import { IncidentChange } from '../incidents/IncidentChangeStream';
import { IncidentsStore } from '../incidents/IncidentsStore';
import { IncidentsAuthorizer } from '../permissions/IncidentsAuthorizer';
import { askProviders } from './providerNotes';
import { TriageEngine } from './TriageEngine';
import { TriageScheduler } from './TriageScheduler';
import { StoredTriage, TriageStore } from './TriageStore';
import { findSuggestion, summarizeVerdicts } from './verdicts';

/**
 * The triage assistant: when an incident opens it suggests a severity, probable causes,
 * similar past incidents, runbooks and responders, and drafts a status update and a timeline
 * summary, each with its reasons. No language model is needed; providers added through the
 * `incidents.triage` extension point may add a note beside the suggestions.
 *
 * Triage is computed as the plugin (it sees every entity and incident, see `TriageEngine`)
 * and stored; it is served to whoever may read the incident, cut down to the entities and
 * incidents they may see. `TriageScheduler` decides when it is computed in the background.
 */
export class TriageService {
  private readonly scheduler: TriageScheduler;
  private readonly triaged: Array<
    (incident: Incident) => void | Promise<void>
  > = [];

  constructor(
    private readonly options: {
      store: TriageStore;
      incidents: Pick<IncidentsStore, 'getIncident' | 'listTimeline'>;
      authorizer: Pick<
        IncidentsAuthorizer,
        'require' | 'allows' | 'readCondition'
      >;
      catalog: CatalogService;
      engine: Pick<TriageEngine, 'build'>;
      providers?: TriageProvider[];
      /** How long a provider may take before its note is given up. */
      providerTimeoutMs?: number;
      /** How long an open incident's changes settle before its triage is computed again. */
      recomputeDelayMs?: number;
      logger: LoggerService;
      clock?: () => Date;
    },
  ) {
    this.scheduler = new TriageScheduler({
      compute: (seq, trigger) => this.compute(seq, trigger),
      recomputeDelayMs: options.recomputeDelayMs,
      logger: options.logger,
    });
  }

  /** For the incident change stream: see `TriageScheduler.onIncidentChange`. */
  onIncidentChange(change: IncidentChange): void {
    this.scheduler.onIncidentChange(change);
  }

  /**
   * Evidence arrived on entities (a change event, an alert): open incidents whose triage read
   * them are triaged again once it settles.
   */
  evidenceOn(entityRefs: string[]): void {
    this.scheduler.evidenceOn(entityRefs);
  }

  /** Follows every stored triage (open pages refetch when theirs changes). */
  onTriaged(listener: (incident: Incident) => void | Promise<void>): void {
    this.triaged.push(listener);
  }

  /** Resolves once no triage is being computed in the background (for tests). */
  idle(): Promise<void> {
    return this.scheduler.idle();
  }

  /** For shutdown: lets what is being computed finish and drops what waits to settle. */
  stop(): Promise<void> {
    return this.scheduler.stop();
  }

  /** The incident's triage for the caller: computed now if it never was. */
  async get(
    id: string,
    credentials: BackstageCredentials,
  ): Promise<IncidentTriage> {
    const { seq } = await this.allowed(id, incidentReadPermission, credentials);
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
    const { seq } = await this.allowed(
      id,
      incidentUpdatePermission,
      credentials,
    );
    const stored = await this.compute(seq, 'refresh');
    return this.forReader(seq, stored, credentials);
  }

  /** Records a responder's verdict on one suggestion of the incident's current triage. */
  async feedback(
    id: string,
    request: { suggestionId: string; verdict: TriageVerdict },
    credentials: BackstageCredentials,
  ): Promise<{ suggestionId: string; verdict: TriageVerdict }> {
    const { incident, seq } = await this.allowed(
      id,
      incidentUpdatePermission,
      credentials,
    );
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
    return summarizeVerdicts(await this.options.store.countVerdicts());
  }

  /** Computes and stores the triage of an incident, then asks providers for their notes. */
  async compute(
    seq: number,
    trigger: IncidentTriage['trigger'],
  ): Promise<StoredTriage> {
    const started = Date.now();
    const incident = await this.options.incidents.getIncident(seq);
    if (!incident) throw new NotFoundError(`No incident ${seq}`);
    const mark = this.scheduler.mark();
    const { triage, watched } = await this.options.engine.build(
      incident,
      trigger,
    );
    this.scheduler.watch(
      seq,
      isOpenStatus(incident.status) ? [incident.entityRef, ...watched] : [],
      mark,
    );
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
    for (const listener of this.triaged) {
      this.scheduler.track(
        Promise.resolve().then(() => listener(incident)),
        `Announcing the triage of INC-${seq}`,
      );
    }
    if (ask) {
      this.scheduler.track(
        this.annotate(seq, incident, triage),
        `Annotating INC-${seq}`,
      );
    }
    return triage;
  }

  /** Each provider's note, added to the stored triage when it comes; failures are logged. */
  private async annotate(
    seq: number,
    incident: Incident,
    triage: StoredTriage,
  ) {
    const timeline = await this.options.incidents.listTimeline(seq);
    const notes = await askProviders(
      this.options.providers ?? [],
      { incident, timeline, triage },
      {
        timeoutMs: this.options.providerTimeoutMs ?? 20_000,
        logger: this.options.logger,
        now: () => this.now(),
      },
    );
    const current = await this.options.store.getTriage(seq);
    // a newer computation replaced this one meanwhile: its own providers' call will annotate it
    if (!current || current.computedAt !== triage.computedAt) return;
    await this.options.store.saveTriage(seq, { ...current, assistant: notes });
  }

  /** The stored triage as one reader may see it: entities and incidents they cannot see go. */
  private async forReader(
    seq: number,
    stored: StoredTriage,
    credentials: BackstageCredentials,
  ): Promise<IncidentTriage> {
    const visible = await this.visibleEntities(
      [
        ...stored.causes.map(c => c.entityRef),
        ...stored.runbooks.map(r => r.entityRef),
      ],
      credentials,
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

  /** Those of the refs the reader may see in the catalog, lowercased. */
  private async visibleEntities(
    refs: string[],
    credentials: BackstageCredentials,
  ): Promise<Set<string>> {
    const { items } = refs.length
      ? await this.options.catalog.getEntitiesByRefs(
          {
            entityRefs: refs,
            fields: ['kind', 'metadata.namespace', 'metadata.name'],
          },
          { credentials },
        )
      : { items: [] };
    return new Set(
      items.flatMap(e =>
        e ? [stringifyEntityRef(e).toLocaleLowerCase('en-US')] : [],
      ),
    );
  }

  /** The incident, once the caller is known to hold the permission on it. */
  private async allowed(
    id: string,
    permission: typeof incidentReadPermission | typeof incidentUpdatePermission,
    credentials: BackstageCredentials,
  ): Promise<{ incident: Incident; seq: number }> {
    const seq = parseIncidentId(id);
    const incident = await this.options.incidents.getIncident(seq);
    if (!incident) throw new NotFoundError(`No incident ${id}`);
    await this.options.authorizer.require(permission, incident, credentials);
    return { incident, seq: parseIncidentId(incident.id) };
  }

  private now(): Date {
    return this.options.clock?.() ?? new Date();
  }
}
