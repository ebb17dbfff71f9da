import { LoggerService } from '@backstage/backend-plugin-api';
import { Incident, ResolvedTarget } from '@lookout/plugin-incidents-common';
import { Knex } from 'knex';
import { randomUUID } from 'node:crypto';
import { IncidentsStore } from '../incidents/IncidentsStore';
import { PageChannel } from './channels';
import { PageComposer } from './pageContent';
import { PageRecord, PageSlot, PagingStore, toOnCallPage } from './PagingStore';
import { PagingWebhooksService } from './PagingWebhooksService';
import { PAGING_KINDS, TimerItem, TimerQueue } from './types';

/** Who the timeline names for what the engine does by itself. */
const ENGINE_ACTOR = 'service:plugin:incidents';
/** When a queue does not say its lease, how long a page waits for its sender before the backstop. */
const DEFAULT_BACKSTOP_MS = 30_000;

/**
 * How pages reach people: written once per (incident, slot, person) with a backstop on the
 * work queue, sent right away through every channel, posted to the paging webhooks as queue
 * items of their own, and recorded on the incident's timeline once sent.
 */
export class PageDelivery {
  constructor(
    private readonly options: {
      store: PagingStore;
      queue: TimerQueue;
      incidentsStore: Pick<IncidentsStore, 'getIncident' | 'appendEvents'>;
      channels: PageChannel[];
      webhooks: PagingWebhooksService;
      composer: PageComposer;
      logger: LoggerService;
      /** Runs the queue soon, for an item due now. */
      poke?: () => void;
    },
  ) {}

  /** The queue kinds delivery handles itself; the backstop (`deliver`) is the engine's. */
  handlers(): Record<string, (item: TimerItem) => Promise<void>> {
    return {
      [PAGING_KINDS.webhook]: item => this.deliverWebhook(item),
    };
  }

  /**
   * Writes the pages of one slot (those that exist already are skipped) and, in the same
   * transaction, each new page's backstop delivery, due a lease from now: by then the replica
   * that wrote the page has sent it, or has died and the backstop sends it.
   */
  async write(
    trx: Knex.Transaction,
    seq: number,
    slot: PageSlot,
    targets: ResolvedTarget[],
    dueAt: Date,
    now: number,
  ): Promise<PageRecord[]> {
    const pages = await this.options.store.insertPages(
      targets.map(target => ({
        id: randomUUID(),
        incidentSeq: seq,
        ...slot,
        userRef: target.userRef,
        reason: target.reason,
        dueAt,
      })),
      new Date(now),
      trx,
    );
    const backstop = new Date(
      now + (this.options.queue.leaseMs ?? DEFAULT_BACKSTOP_MS),
    );
    await this.options.queue.enqueue(
      pages.map(page => ({
        kind: PAGING_KINDS.deliver,
        key: `page:${page.id}`,
        payload: { pageId: page.id },
        dueAt: backstop,
      })),
      trx,
    );
    return pages;
  }

  /** Sends pages a step (or a person) just wrote, without a round trip through the queue. */
  async sendNow(
    pages: PageRecord[],
    incident: Incident,
    now: number,
  ): Promise<void> {
    await Promise.all(
      pages.map(page =>
        this.send(page, incident, now, { lastAttempt: false }).catch(error =>
          this.options.logger.warn(
            `Page ${page.id} of ${incident.id} waits for its backstop: ${error}`,
          ),
        ),
      ),
    );
  }

  /**
   * Sends one page through every channel and queues its webhook deliveries. Answers whether
   * the page is done with: reached someone, or failed for good on its last attempt. A page
   * that reached no channel stays pending for its backstop.
   */
  async send(
    page: PageRecord,
    incident: Incident,
    now: number,
    options: { lastAttempt: boolean },
  ): Promise<boolean> {
    const content = await this.options.composer.compose(page, incident, now);
    const sent: string[] = [];
    const errors: string[] = [];
    for (const channel of this.options.channels) {
      try {
        await channel.send(page, content);
        sent.push(channel.name);
      } catch (error) {
        errors.push(`${channel.name}: ${error}`);
      }
    }
    const hooks = await this.options.webhooks.forIncident(incident);
    if (hooks.length > 0) {
      await this.options.queue.enqueue(
        hooks.map(hook => ({
          kind: PAGING_KINDS.webhook,
          key: `hook:${hook.id}:${page.id}`,
          payload: { pageId: page.id, webhookId: hook.id },
        })),
      );
      this.options.poke?.();
    }
    sent.push(...hooks.map(hook => `webhook:${hook.name}`));
    if (errors.length > 0) {
      this.options.logger.warn(
        `Page ${page.id} of ${incident.id} to ${page.userRef}: ${errors.join(
          '; ',
        )}`,
      );
    }
    if (sent.length === 0 && !options.lastAttempt) return false;
    const at = new Date(now);
    const finished = await this.options.store.finishPage(page.id, {
      status: sent.length > 0 ? 'sent' : 'failed',
      channels: sent,
      at,
      error: errors.length ? errors.join('; ') : undefined,
    });
    if (finished && sent.length > 0) {
      await this.options.incidentsStore.appendEvents(page.incidentSeq, [
        {
          type: 'page_sent',
          actor: ENGINE_ACTOR,
          at: at.toISOString(),
          data: {
            pageId: page.id,
            userRef: page.userRef,
            level: page.level,
            round: page.round,
            reason: page.reason,
            channels: sent,
          },
        },
      ]);
    }
    return true;
  }

  private async deliverWebhook(item: TimerItem): Promise<void> {
    const [page, webhook] = await Promise.all([
      this.options.store.getPage(String(item.payload.pageId)),
      this.options.webhooks.find(String(item.payload.webhookId)),
    ]);
    if (!page || !webhook) return;
    const incident = await this.options.incidentsStore.getIncident(
      page.incidentSeq,
    );
    if (!incident) return;
    const content = await this.options.composer.compose(
      page,
      incident,
      await this.options.queue.now(),
    );
    await this.options.webhooks.post(webhook, {
      type: 'page',
      deliveryId: item.key,
      page: toOnCallPage(page, incident.id),
      incident: {
        id: incident.id,
        title: incident.title,
        severity: incident.severity,
        status: incident.status,
        entityRef: incident.entityRef,
        ownerRef: incident.ownerRef,
        url: content.incidentUrl,
      },
      blastRadius: content.blastRadius,
      runbookUrl: content.runbookUrl,
      acknowledgeUrl: content.acknowledgeUrl,
    });
  }
}
