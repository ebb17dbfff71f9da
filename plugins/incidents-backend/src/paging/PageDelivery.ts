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
/** How many pages of a batch are sent at once. */
const SEND_CONCURRENCY = 16;

/** One page's pass through its channels. */
interface Attempt {
  page: PageRecord;
  incident: Incident;
  /** The channels (and webhooks) that took it. */
  sent: string[];
  errors: string[];
  hooks: Array<{ id: string; name: string }>;
}

/** The queue key of a page's backstop delivery. */
const backstopKey = (page: Pick<PageRecord, 'id'>) => `page:${page.id}`;

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
      incidentsStore: Pick<
        IncidentsStore,
        'getIncident' | 'appendEvents' | 'appendEventsToMany'
      >;
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
    return this.writeMany(trx, [{ seq, slot, targets, dueAt }], now);
  }

  /** {@link write} for several slots at once: one insert of pages, one of their backstops. */
  async writeMany(
    trx: Knex.Transaction,
    slots: Array<{
      seq: number;
      slot: PageSlot;
      targets: ResolvedTarget[];
      dueAt: Date;
    }>,
    now: number,
  ): Promise<PageRecord[]> {
    const pages = await this.options.store.insertPages(
      slots.flatMap(({ seq, slot, targets, dueAt }) =>
        targets.map(target => ({
          id: randomUUID(),
          incidentSeq: seq,
          ...slot,
          userRef: target.userRef,
          reason: target.reason,
          dueAt,
        })),
      ),
      new Date(now),
      trx,
    );
    const backstop = new Date(
      now + (this.options.queue.leaseMs ?? DEFAULT_BACKSTOP_MS),
    );
    await this.options.queue.enqueue(
      pages.map(page => ({
        kind: PAGING_KINDS.deliver,
        key: backstopKey(page),
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
   * Sends a batch of pages just written, outside the transaction that wrote them: every channel
   * of every page (a few at a time), then one update of the pages that went out, one append of
   * their timeline events, and one settlement of their backstops, which no longer need to run.
   * A page that reached nobody stays pending for its backstop; a replica that dies before the
   * update leaves the backstops to send again (the channels replace a repeated notification).
   */
  async sendMany(
    batch: Array<{ page: PageRecord; incident: Incident }>,
    now: number,
  ): Promise<void> {
    if (batch.length === 0) return;
    await this.options.composer
      .prime([...new Map(batch.map(b => [b.incident.id, b.incident])).values()])
      .catch(error =>
        this.options.logger.warn(`Reading what pages share failed: ${error}`),
      );
    const attempts: Attempt[] = [];
    for (let i = 0; i < batch.length; i += SEND_CONCURRENCY) {
      attempts.push(
        ...(await Promise.all(
          batch.slice(i, i + SEND_CONCURRENCY).map(({ page, incident }) =>
            this.attempt(page, incident, now).catch(
              (error): Attempt => ({
                page,
                incident,
                sent: [],
                errors: [String(error)],
                hooks: [],
              }),
            ),
          ),
        )),
      );
    }
    await this.queueWebhooks(attempts);
    // a page that reached nobody stays pending: its backstop tries again
    await this.record(
      attempts.filter(a => a.sent.length > 0),
      new Date(now),
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
    const attempt = await this.attempt(page, incident, now);
    await this.queueWebhooks([attempt]);
    if (attempt.sent.length === 0 && !options.lastAttempt) return false;
    await this.record([attempt], new Date(now));
    return true;
  }

  /** Every channel once; the webhooks this page goes to are queued by the caller. */
  private async attempt(
    page: PageRecord,
    incident: Incident,
    now: number,
  ): Promise<Attempt> {
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
    sent.push(...hooks.map(hook => `webhook:${hook.name}`));
    if (errors.length > 0) {
      this.options.logger.warn(
        `Page ${page.id} of ${incident.id} to ${page.userRef}: ${errors.join(
          '; ',
        )}`,
      );
    }
    return { page, incident, sent, errors, hooks };
  }

  private async queueWebhooks(attempts: Attempt[]): Promise<void> {
    const items = attempts.flatMap(({ page, hooks }) =>
      hooks.map(hook => ({
        kind: PAGING_KINDS.webhook,
        key: `hook:${hook.id}:${page.id}`,
        payload: { pageId: page.id, webhookId: hook.id },
      })),
    );
    if (items.length === 0) return;
    await this.options.queue.enqueue(items);
    this.options.poke?.();
  }

  /**
   * Records the outcome of finished attempts: the pages move out of pending (once: a page that
   * another replica finished first is not recorded twice), their timeline says who was paged,
   * and their backstops are settled.
   */
  private async record(attempts: Attempt[], at: Date): Promise<void> {
    if (attempts.length === 0) return;
    const finished = new Set(
      await this.options.store.finishPages(
        attempts.map(({ page, sent, errors }) => ({
          id: page.id,
          status: sent.length > 0 ? 'sent' : 'failed',
          channels: sent,
          error: errors.length ? errors.join('; ') : undefined,
        })),
        at,
      ),
    );
    const recorded = attempts.filter(
      a => finished.has(a.page.id) && a.sent.length > 0,
    );
    await this.options.incidentsStore.appendEventsToMany(
      recorded.map(({ page, sent }) => ({
        seq: page.incidentSeq,
        event: {
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
      })),
    );
    await this.options.queue.settle?.(
      PAGING_KINDS.deliver,
      attempts
        .filter(a => finished.has(a.page.id))
        .map(a => backstopKey(a.page)),
    );
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
