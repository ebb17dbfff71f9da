import { MetricsService } from '@backstage/backend-plugin-api/alpha';
import { NotificationService } from '@backstage/plugin-notifications-node';
import { AlertIncidentWriter } from '../incidents/AlertIncidentWriter';
import { IncidentChangeStream } from '../incidents/IncidentChangeStream';
import { IncidentsService } from '../incidents/IncidentsService';
import { IncidentsStore } from '../incidents/IncidentsStore';
import { OnCallEntities } from '../oncall/catalogRefs';
import { SchedulesService } from '../oncall/SchedulesService';
import { createPageDelivery } from '../paging/createPageDelivery';
import { IncidentsAccess, PagesService } from '../paging/PagesService';
import { PluginDeps } from '../lib/pluginDeps';
import { QueueWorker } from '../queue/QueueWorker';
import { WorkQueue } from '../queue/WorkQueue';
import { DatabaseEscalationPolicyStore } from './DatabaseEscalationPolicyStore';
import { DatabaseEscalationStore } from './DatabaseEscalationStore';
import { EscalationEngine } from './EscalationEngine';
import { EscalationPoliciesService } from './EscalationPoliciesService';
import { EscalationPolicyResolver } from './EscalationPolicyResolver';
import { EngineHealth, readLateAfterMs } from './EngineHealth';
import { EscalationService } from './EscalationService';
import { registerEngine } from './registerEngine';
import { StepLateness } from './StepLateness';

/**
 * Builds escalation and paging together: escalation policies and their resolver, the engine,
 * and paging around it. They are one construction because they need each other in turn: the
 * engine writes and sends pages through paging's delivery, and acknowledging a page stops the
 * engine; so delivery comes first, then the engine, then the pages people acknowledge.
 * Registers the engine's and delivery's queue kinds on this replica's worker, and subscribes
 * the engine to the change stream: an opened incident starts its owner's policy, an
 * acknowledged or resolved one stops it.
 */
export function createEscalationServices(
  deps: PluginDeps & {
    incidents: IncidentsService;
    alertIncidents: AlertIncidentWriter;
    incidentsStore: IncidentsStore;
    incidentChanges: IncidentChangeStream;
    /** On-call schedules, which policies page and check. */
    schedules: SchedulesService;
    queue: WorkQueue;
    worker: QueueWorker;
    /** Backstage's notifications; without it pages go to webhooks only. */
    notifications?: NotificationService;
    /** Backstage's metrics; the engine records how late its steps fire. */
    metrics?: Pick<MetricsService, 'createHistogram'>;
  },
) {
  const policyStore = DatabaseEscalationPolicyStore.create({ knex: deps.knex });
  const entities = new OnCallEntities(deps.catalog);
  const escalationPolicies = new EscalationPoliciesService({
    store: policyStore,
    schedules: deps.schedules,
    entities,
    authorizer: deps.authorizer,
  });
  const policyResolver = new EscalationPolicyResolver({
    store: policyStore,
    schedules: deps.schedules,
    entities,
    auth: deps.auth,
    logger: deps.logger,
  });

  const poke = () => deps.worker.poke();
  const paging = createPageDelivery({ ...deps, poke });
  const incidents: IncidentsAccess = {
    get: (id, credentials) => deps.incidents.get(id, credentials),
    acknowledge: (id, credentials) =>
      deps.incidents.acknowledge(id, credentials),
    acknowledgeAs: async (seq, actor) => {
      const change = await deps.alertIncidents.acknowledgeFromAlert(
        deps.incidentsStore,
        seq,
        actor,
      );
      if (change) {
        await deps.alertIncidents.announce(
          change,
          await deps.auth.getOwnServiceCredentials(),
        );
      }
    },
  };
  const store = DatabaseEscalationStore.create({ knex: deps.knex });
  const lateAfterMs = readLateAfterMs(deps.config);
  const lateness = new StepLateness({
    logger: deps.logger,
    metrics: deps.metrics,
    lateAfterMs,
  });
  const engine = new EscalationEngine({
    store,
    pages: paging.store,
    delivery: paging.delivery,
    queue: deps.queue,
    policies: policyResolver,
    incidentsStore: deps.incidentsStore,
    logger: deps.logger,
    poke,
    lateness,
  });
  const escalation = new EscalationService({
    engine,
    store,
    pages: paging.store,
    delivery: paging.delivery,
    queue: deps.queue,
    incidents,
    authorizer: deps.authorizer,
    engineHealth: new EngineHealth({ queue: deps.queue, lateAfterMs }),
    catalogHasUser: async (userRef, credentials) =>
      !!(await deps.catalog.getEntityByRef(userRef, { credentials })),
  });
  const pages = new PagesService({
    store: paging.store,
    queue: deps.queue,
    incidents,
    incidentsStore: deps.incidentsStore,
    escalation: engine,
    composer: paging.composer,
    ackTokens: paging.ackTokens,
  });

  registerEngine(deps.worker, engine, paging.delivery);
  deps.incidentChanges.subscribe('escalation', change =>
    engine.onIncidentChange(change),
  );
  return {
    escalationPolicies,
    /** Which policy applies and whom it pages: for the on-call answer and triage. */
    policyResolver,
    escalation,
    paging: pages,
    pagingWebhooks: paging.webhooks,
  };
}
