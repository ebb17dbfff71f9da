import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { NotificationService } from '@backstage/plugin-notifications-node';
import { Knex } from 'knex';
import { randomBytes } from 'node:crypto';
import { IncidentChangeStream } from '../incidents/IncidentChangeStream';
import { IncidentsService } from '../incidents/IncidentsService';
import { IncidentsStore } from '../incidents/IncidentsStore';
import { IncidentsAuthorizer } from '../permissions/IncidentsAuthorizer';
import { QueueWorker } from '../queue/QueueWorker';
import { WorkQueue } from '../queue/WorkQueue';
import { AckTokens } from './ackTokens';
import { NotificationsChannel, PageChannel } from './channels';
import { DatabaseEscalationStore } from './DatabaseEscalationStore';
import { EscalationService } from './EscalationService';
import { PageComposer } from './pageContent';
import {
  ConfiguredWebhook,
  PagingWebhooksService,
} from './PagingWebhooksService';
import { OnCallLookup } from './types';

const HOUR_MS = 3_600_000;

/**
 * Builds the escalation engine and paging webhooks, registers the engine's queue kinds on this
 * replica's worker, and subscribes the engine to the change stream: an opened incident starts
 * its owner's policy, an acknowledged or resolved one stops it.
 */
export function createEscalationServices(deps: {
  knex: Knex;
  config: Config;
  baseUrl: () => Promise<string>;
  catalog: CatalogService;
  auth: AuthService;
  logger: LoggerService;
  authorizer: IncidentsAuthorizer;
  incidents: IncidentsService;
  incidentsStore: IncidentsStore;
  incidentChanges: IncidentChangeStream;
  oncall: OnCallLookup;
  queue: WorkQueue;
  worker: QueueWorker;
  /** Backstage's notifications; without it pages go to webhooks only. */
  notifications?: NotificationService;
}) {
  const store = DatabaseEscalationStore.create({ knex: deps.knex });
  const paging = deps.config.getOptionalConfig('incidents.paging');
  const configuredSecret = paging?.getOptionalString('ackLinks.secret');
  const ackTokens = new AckTokens(
    async () =>
      configuredSecret ??
      store.sharedSecret('ack-links', () => randomBytes(32).toString('hex')),
    (paging?.getOptionalNumber('ackLinks.ttlHours') ?? 24) * HOUR_MS,
  );
  const webhooks = new PagingWebhooksService({
    store,
    authorizer: deps.authorizer,
    configured: (paging?.getOptionalConfigArray('webhooks') ?? []).map(
      (hook): ConfiguredWebhook => ({
        name: hook.getString('name'),
        url: hook.getString('url'),
        secret: hook.getString('secret'),
        groupRef: hook.getOptionalString('groupRef'),
      }),
    ),
  });
  const channels: PageChannel[] = deps.notifications
    ? [new NotificationsChannel(deps.notifications)]
    : [];
  const escalation = new EscalationService({
    store,
    queue: deps.queue,
    oncall: deps.oncall,
    incidentsStore: deps.incidentsStore,
    incidents: {
      get: (id, credentials) => deps.incidents.get(id, credentials),
      acknowledge: (id, credentials) =>
        deps.incidents.acknowledge(id, credentials),
      acknowledgeAs: async (seq, actor) => {
        const change = await deps.incidents.acknowledgeFromAlert(
          deps.incidentsStore,
          seq,
          actor,
        );
        if (change) {
          await deps.incidents.announce(
            change,
            await deps.auth.getOwnServiceCredentials(),
          );
        }
      },
    },
    authorizer: deps.authorizer,
    catalogHasUser: async (userRef, credentials) =>
      !!(await deps.catalog.getEntityByRef(userRef, { credentials })),
    channels,
    webhooks,
    composer: new PageComposer({
      blastRadius: seq => store.latestBlastRadius(seq),
      catalog: deps.catalog,
      auth: deps.auth,
      appBaseUrl: (
        deps.config.getOptionalString('app.baseUrl') ?? 'http://localhost:3000'
      ).replace(/\/$/, ''),
      backendBaseUrl: deps.baseUrl,
      acknowledgeToken: (pageId, now) => ackTokens.sign(pageId, now),
    }),
    ackTokens,
    logger: deps.logger,
    poke: () => deps.worker.poke(),
  });
  for (const [kind, handler] of Object.entries(escalation.handlers())) {
    deps.worker.handle(kind, handler);
  }
  deps.incidentChanges.subscribe('escalation', change =>
    escalation.onIncidentChange(change),
  );
  return { escalation, pagingWebhooks: webhooks };
}
