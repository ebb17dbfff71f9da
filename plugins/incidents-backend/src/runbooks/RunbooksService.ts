import { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  CompoundEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { InputError, NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { ScmIntegrationRegistry } from '@backstage/integration';
import {
  Alert,
  CreateRunbookRequest,
  Incident,
  IncidentRunbook,
  IncidentRunbookStep,
  incidentUpdatePermission,
  Page,
  Runbook,
  RunbookIndexDocument,
  RunbookStepEventData,
  RunbookSuggestionReason,
  TickRunbookStepRequest,
  TimelineEvent,
  UpdateRunbookRequest,
} from '@lookout/plugin-incidents-common';
import { actorRef } from '../incidents/actors';
import { parseIncidentId } from '../incidents/incidentIds';
import { IncidentsService } from '../incidents/IncidentsService';
import { normalizeRef } from '../lib/entityRefs';
import { IncidentsStore } from '../incidents/IncidentsStore';
import { IncidentsAuthorizer } from '../permissions/IncidentsAuthorizer';
import { LookoutRunbooks } from './LookoutRunbooks';
import { RepositoryRunbooks } from './RepositoryRunbooks';
import { RunbookReader } from './RunbookReader';
import { RunbooksStore } from './RunbooksStore';
import { searchWords } from './runbookWords';

/** The most alerts of one incident whose runbook_url is followed. */
const MAX_ALERTS = 200;

/** A search over runbooks; with an entity, within that entity's runbooks of every source. */
export interface RunbookSearchQuery {
  q?: string;
  entityRef?: string;
}

/**
 * The rules of runbooks: where they come from (Lookout itself, see {@link LookoutRunbooks};
 * the `lookout.dev/runbooks` annotation and an alert's `runbook_url`, see
 * {@link RepositoryRunbooks}), which ones an incident suggests, and ticking their checklist
 * steps on the incident's timeline.
 */
export class RunbooksService {
  private readonly written: LookoutRunbooks;
  private readonly repository: RepositoryRunbooks;

  constructor(
    private readonly options: {
      store: RunbooksStore;
      reader: RunbookReader;
      integrations: ScmIntegrationRegistry;
      catalog: CatalogService;
      authorizer: Pick<IncidentsAuthorizer, 'requireBasic' | 'require'>;
      incidents: Pick<IncidentsService, 'get' | 'timeline' | 'announce'>;
      alerts: {
        listForIncident(
          incidentId: string,
          query: { limit?: number },
          credentials: BackstageCredentials,
        ): Promise<Page<Alert>>;
      };
      timeline: Pick<IncidentsStore, 'appendEvents'>;
      clock?: () => Date;
    },
  ) {
    this.written = new LookoutRunbooks(options);
    this.repository = new RepositoryRunbooks(options);
  }

  /**
   * Every runbook of a catalog entity the caller may see: those written in Lookout and
   * attached to it, then those its `lookout.dev/runbooks` annotation names. A file that cannot
   * be read is listed with its `error`, never thrown.
   */
  async forEntity(
    entityRef: string | CompoundEntityRef,
    credentials: BackstageCredentials,
  ): Promise<Runbook[]> {
    const ref = normalizeRef(
      typeof entityRef === 'string' ? entityRef : stringifyEntityRef(entityRef),
      'entityRef',
    );
    const entity = await this.options.catalog.getEntityByRef(ref, {
      credentials,
    });
    if (!entity) {
      throw new NotFoundError(`No entity ${ref} in the catalog`);
    }
    return [
      ...(await this.written.ofEntity(ref)),
      ...(await this.repository.fromAnnotation(entity, ref)),
    ];
  }

  /**
   * The runbooks suggested for an incident: its origin entity's, those its alerts link with
   * `runbook_url`, and Lookout runbooks whose text matches words of its title; each with the
   * reasons and the checklist as the incident's timeline has ticked it. Pass the incident
   * when the caller has already read it with these credentials; an id is read here.
   */
  async forIncident(
    incidentOrId: string | Incident,
    credentials: BackstageCredentials,
  ): Promise<IncidentRunbook[]> {
    const incident =
      typeof incidentOrId === 'string'
        ? await this.options.incidents.get(incidentOrId, credentials)
        : incidentOrId;
    const found = new Map<
      string,
      { runbook: Runbook; reasons: RunbookSuggestionReason[] }
    >();
    const add = (runbook: Runbook, reason: RunbookSuggestionReason) => {
      const entry = found.get(runbook.id) ?? { runbook, reasons: [] };
      entry.reasons.push(reason);
      found.set(runbook.id, entry);
    };

    const [fromEntity, fromAlerts, fromTitle, events] = await Promise.all([
      this.forEntity(incident.entityRef, credentials).catch(error => {
        // an origin the caller cannot see (or that left the catalog) suggests nothing
        if (NotFoundError.is(error)) return [];
        throw error;
      }),
      this.fromAlerts(incident, credentials),
      this.written.matchingTitle(incident.title, credentials),
      this.options.incidents.timeline(incident.id, credentials),
    ]);
    for (const runbook of fromEntity) {
      add(runbook, { type: 'entity', entityRef: incident.entityRef });
    }
    for (const { runbook, alert } of fromAlerts) {
      add(runbook, {
        type: 'alert',
        alertId: alert.id,
        summary: alert.summary,
      });
    }
    for (const { runbook, words } of fromTitle) {
      add(runbook, { type: 'title', words });
    }

    const ticks = latestTicks(events);
    return [...found.values()].map(({ runbook, reasons }) => ({
      runbook,
      reasons,
      steps: runbook.steps.map((step): IncidentRunbookStep => {
        const tick = ticks.get(`${runbook.id}#${step.index}`);
        // a tick counts only for the step it was made on; an edited step starts unticked
        if (!tick || tick.data.text !== step.text) {
          return { ...step, checked: false };
        }
        return {
          ...step,
          checked: tick.data.checked,
          actor: tick.actor,
          at: tick.at,
        };
      }),
    }));
  }

  /**
   * Ticks or unticks one checklist step of a runbook on an incident, as a `runbook_step`
   * timeline event. The runbook must be one the incident suggests, or a Lookout runbook the
   * caller may see; the caller needs `incident.update` on the incident.
   */
  async tickStep(
    incidentId: string,
    request: TickRunbookStepRequest,
    credentials: BackstageCredentials,
  ): Promise<TimelineEvent> {
    const incident = await this.options.incidents.get(incidentId, credentials);
    await this.options.authorizer.require(
      incidentUpdatePermission,
      incident,
      credentials,
    );
    const suggested = await this.forIncident(incident, credentials);
    let runbook = suggested.find(
      s => s.runbook.id === request.runbookId,
    )?.runbook;
    if (!runbook) {
      runbook = await this.get(request.runbookId, credentials).catch(error => {
        if (NotFoundError.is(error)) return undefined;
        throw error;
      });
    }
    if (!runbook) {
      throw new InputError(
        `runbookId: ${request.runbookId} is neither suggested for ${incident.id} nor a runbook you can see`,
      );
    }
    const step = runbook.steps[request.step];
    if (!step) {
      throw new InputError(
        runbook.steps.length === 0
          ? `step: '${runbook.title}' has no checklist steps`
          : `step: '${runbook.title}' has steps 0 to ${
              runbook.steps.length - 1
            }; ${request.step} is not one of them`,
      );
    }
    const data: RunbookStepEventData = {
      runbookId: runbook.id,
      runbookTitle: runbook.title,
      step: step.index,
      text: step.text,
      checked: request.checked,
    };
    const [event] = await this.options.timeline.appendEvents(
      parseIncidentId(incident.id),
      [
        {
          type: 'runbook_step',
          actor: actorRef(credentials),
          at: this.now().toISOString(),
          data: { ...data },
        },
      ],
    );
    // the same live update a note sends: open incident pages refetch their timeline
    await this.options.incidents.announce(
      { type: 'note', incident },
      credentials,
    );
    return event;
  }

  /** A Lookout runbook, if the caller may see one of its entities. */
  get(id: string, credentials: BackstageCredentials): Promise<Runbook> {
    return this.written.get(id, credentials);
  }

  /**
   * Searches runbooks: with an entity, all of that entity's runbooks (any source) whose title
   * or text hold every word of `q`; without, the Lookout runbooks the caller may see.
   */
  async search(
    query: RunbookSearchQuery,
    credentials: BackstageCredentials,
  ): Promise<Runbook[]> {
    const words = searchWords(query.q);
    if (query.entityRef) {
      const all = await this.forEntity(query.entityRef, credentials);
      return all.filter(runbook => {
        const text = `${runbook.title}\n${
          runbook.markdown ?? ''
        }`.toLocaleLowerCase('en-US');
        return words.every(word => text.includes(word));
      });
    }
    return this.written.search(words, credentials);
  }

  create(
    request: CreateRunbookRequest,
    credentials: BackstageCredentials,
  ): Promise<Runbook> {
    return this.written.create(request, credentials);
  }

  update(
    id: string,
    request: UpdateRunbookRequest,
    credentials: BackstageCredentials,
  ): Promise<Runbook> {
    return this.written.update(id, request, credentials);
  }

  delete(id: string, credentials: BackstageCredentials): Promise<void> {
    return this.written.delete(id, credentials);
  }

  /**
   * Every runbook for the portal's search index, as the caller (the search plugin's service
   * identity) may see it: Lookout runbooks, and each annotated entity's readable files. A file
   * several entities name is one document, listing them all.
   */
  async listForIndexing(
    credentials: BackstageCredentials,
  ): Promise<RunbookIndexDocument[]> {
    const documents = new Map<string, RunbookIndexDocument>();
    for (const runbook of await this.written.all(credentials)) {
      documents.set(runbook.id, {
        id: runbook.id,
        source: 'lookout',
        title: runbook.title,
        markdown: runbook.markdown,
        entityRefs: runbook.entityRefs,
        url: null,
      });
    }
    for await (const entity of this.repository.annotatedEntities(credentials)) {
      const ref = stringifyEntityRef(entity).toLocaleLowerCase('en-US');
      for (const runbook of await this.repository.fromAnnotation(entity, ref)) {
        if (runbook.markdown === null) continue;
        const known = documents.get(runbook.id);
        if (known) {
          if (!known.entityRefs.includes(ref)) known.entityRefs.push(ref);
          continue;
        }
        documents.set(runbook.id, {
          id: runbook.id,
          source: runbook.source,
          title: runbook.title,
          markdown: runbook.markdown,
          entityRefs: [ref],
          url: runbook.url,
        });
      }
    }
    return [...documents.values()];
  }

  /** The runbooks the incident's alerts link with `runbook_url`. */
  private async fromAlerts(
    incident: Incident,
    credentials: BackstageCredentials,
  ): Promise<Array<{ runbook: Runbook; alert: Alert }>> {
    const { items } = await this.options.alerts.listForIncident(
      incident.id,
      { limit: MAX_ALERTS },
      credentials,
    );
    return this.repository.fromAlerts(items);
  }

  private now(): Date {
    return this.options.clock?.() ?? new Date();
  }
}

/** The last tick of each runbook step on a timeline, by `runbookId#step`. */
function latestTicks(events: TimelineEvent[]) {
  const ticks = new Map<
    string,
    { data: RunbookStepEventData; actor: string; at: string }
  >();
  for (const event of events) {
    if (event.type !== 'runbook_step') continue;
    const data = event.data as unknown as RunbookStepEventData;
    ticks.set(`${data.runbookId}#${data.step}`, {
      data,
      actor: event.actor,
      at: event.at,
    });
  }
  return ticks;
}
