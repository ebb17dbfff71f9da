import { NotificationService } from '@backstage/plugin-notifications-node';
import { randomBytes } from 'node:crypto';
import { IncidentsStore } from '../incidents/IncidentsStore';
import { PluginDeps } from '../lib/pluginDeps';
import { AckTokens } from './ackTokens';
import { NotificationsChannel, PageChannel } from './channels';
import { DatabasePagingStore } from './DatabasePagingStore';
import { PageComposer } from './pageContent';
import { PageDelivery } from './PageDelivery';
import {
  ConfiguredWebhook,
  PagingWebhooksService,
} from './PagingWebhooksService';
import { TimerQueue } from './types';

const HOUR_MS = 3_600_000;

/**
 * The delivery side of paging, from `incidents.paging` config: the pages store, acknowledge
 * links, the paging webhooks, the channels (Backstage's notifications when the backend has
 * them) and what a page says. The escalation engine sends through it, and the pages service
 * reads it; `createEscalationServices` builds all three.
 */
export function createPageDelivery(
  deps: PluginDeps & {
    incidentsStore: IncidentsStore;
    queue: TimerQueue;
    /** Runs the queue soon, for a webhook delivery due now. */
    poke: () => void;
    /** Backstage's notifications; without it pages go to webhooks only. */
    notifications?: NotificationService;
  },
) {
  const store = DatabasePagingStore.create({ knex: deps.knex });
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
  const composer = new PageComposer({
    blastRadius: seq => store.latestBlastRadius(seq),
    blastRadii: seqs => store.latestBlastRadii(seqs),
    catalog: deps.catalog,
    auth: deps.auth,
    appBaseUrl: (
      deps.config.getOptionalString('app.baseUrl') ?? 'http://localhost:3000'
    ).replace(/\/$/, ''),
    backendBaseUrl: deps.baseUrl,
    acknowledgeToken: (pageId, now) => ackTokens.sign(pageId, now),
  });
  const delivery = new PageDelivery({
    store,
    queue: deps.queue,
    incidentsStore: deps.incidentsStore,
    channels,
    webhooks,
    composer,
    logger: deps.logger,
    poke: deps.poke,
  });
  return { store, ackTokens, webhooks, composer, delivery };
}
