import { LoggerService } from '@backstage/backend-plugin-api';
import nodemailer, { Transporter } from 'nodemailer';
import { WorkItem } from '../../queue/WorkQueue';
import { PublicStatusPage } from '../PublicStatusPage';
import { SmtpSettings, StatusPageSettings } from '../settings';
import { incidentJson } from '../statuspageJson';
import { StatusComponentsService } from '../StatusComponentsService';
import { StatusPageStore } from '../StatusPageStore';
import { DELIVERY_KINDS } from './SubscribersService';

/** The queue's own limit: an item that failed this often is given up. */
const MAX_ATTEMPTS = 10;

export function createMailer(smtp: SmtpSettings): Transporter {
  return nodemailer.createTransport({
    host: smtp.host,
    port: smtp.port,
    secure: smtp.secure,
    auth: smtp.auth,
    ...(smtp.ignoreTls ? { ignoreTLS: true } : {}),
  });
}

/**
 * The handlers of the status page's work items: each sends one message to one subscriber and
 * records the result for the coverage figure. A failure throws, so the queue retries it with
 * backoff; the key (update, subscriber) keeps each update to one message per subscriber.
 */
export function statusPageDeliveryHandlers(options: {
  store: StatusPageStore;
  components: Pick<StatusComponentsService, 'publicComponents'>;
  page: PublicStatusPage;
  settings: StatusPageSettings;
  mailer?: Pick<Transporter, 'sendMail'>;
  logger: LoggerService;
  fetchFn?: typeof fetch;
}): Record<string, (item: WorkItem) => Promise<void>> {
  const { store, settings, mailer } = options;
  const fetchFn = options.fetchFn ?? fetch;

  const links = async (unsubscribeToken: string) => {
    const base = await options.page.baseUrl();
    return {
      page: settings.url ?? `${base}/status`,
      unsubscribe: `${base}/status/unsubscribe?token=${encodeURIComponent(
        unsubscribeToken,
      )}`,
      base,
    };
  };

  const loadUpdate = async (item: WorkItem) => {
    const { updateId, subscriberId } = item.payload as {
      updateId: string;
      subscriberId: string;
    };
    const subscriber = await store.getSubscriber(subscriberId);
    const incident = await store.incidentOfUpdate(updateId);
    const update = incident?.updates.find(u => u.id === updateId);
    return { updateId, subscriberId, subscriber, incident, update };
  };

  /** Sends, and records the outcome; throws on failure so the queue retries. */
  const deliver = async (
    item: WorkItem,
    send: (ctx: Awaited<ReturnType<typeof loadUpdate>>) => Promise<void>,
  ) => {
    const ctx = await loadUpdate(item);
    if (!ctx.subscriber || !ctx.update || !ctx.incident) {
      // the subscriber left, or the incident was deleted: nobody left to tell
      await store.setDelivery(ctx.updateId, ctx.subscriberId, 'skipped');
      return;
    }
    try {
      await send(ctx);
      await store.setDelivery(ctx.updateId, ctx.subscriberId, 'delivered');
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      await store.setDelivery(
        ctx.updateId,
        ctx.subscriberId,
        item.attempts >= MAX_ATTEMPTS ? 'failed' : 'pending',
        message,
      );
      throw error;
    }
  };

  return {
    [DELIVERY_KINDS.confirm]: async item => {
      const { subscriberId } = item.payload as { subscriberId: string };
      const subscriber = await store.getSubscriber(subscriberId);
      if (!subscriber?.confirmToken || !mailer || !settings.smtp) return;
      const base = await options.page.baseUrl();
      const confirm = `${base}/status/confirm?token=${encodeURIComponent(
        subscriber.confirmToken,
      )}`;
      const { unsubscribe } = await links(subscriber.unsubscribeToken);
      await mailer.sendMail({
        from: settings.smtp.from,
        to: subscriber.address,
        subject: `Confirm your subscription to ${settings.name}`,
        text: `Someone, hopefully you, asked to receive ${settings.name} status updates at this address.\n\nConfirm the subscription: ${confirm}\n\nIf it was not you, ignore this message; nothing will be sent without confirmation.\n\nUnsubscribe: ${unsubscribe}\n`,
        headers: {
          'List-Unsubscribe': `<${unsubscribe}>`,
          'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
        },
      });
    },

    [DELIVERY_KINDS.email]: item =>
      deliver(item, async ({ subscriber, incident, update }) => {
        if (!mailer || !settings.smtp) {
          throw new Error('No SMTP server is configured');
        }
        const l = await links(subscriber!.unsubscribeToken);
        const label = update!.status.replace('_', ' ');
        await mailer.sendMail({
          from: settings.smtp.from,
          to: subscriber!.address,
          subject: `[${settings.name}] ${incident!.name}: ${label}`,
          text: `${incident!.name}\n${label[0].toUpperCase()}${label.slice(
            1,
          )} — ${update!.createdAt}\n\n${update!.body}\n\nStatus page: ${
            l.page
          }#${incident!.id}\n\nUnsubscribe: ${l.unsubscribe}\n`,
          headers: {
            'List-Unsubscribe': `<${l.unsubscribe}>`,
            'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
          },
        });
      }),

    [DELIVERY_KINDS.webhook]: item =>
      deliver(item, async ({ subscriber, incident }) => {
        const l = await links(subscriber!.unsubscribeToken);
        const components = await options.components.publicComponents([]);
        // Statuspage's webhook shape: meta, page, and the incident as the public API shows it
        const body = {
          meta: { unsubscribe: l.unsubscribe, documentation: l.page },
          page: { id: settings.pageId, name: settings.name, url: l.page },
          incident: incidentJson(incident!, components, {
            id: settings.pageId,
            url: l.page,
          }),
        };
        const res = await fetchFn(subscriber!.address, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
          signal: AbortSignal.timeout(settings.webhookTimeoutMs),
          redirect: 'manual',
        });
        if (!res.ok) {
          throw new Error(`Webhook answered ${res.status}`);
        }
      }),
  };
}
