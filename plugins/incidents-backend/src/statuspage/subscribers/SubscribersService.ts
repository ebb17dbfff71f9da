import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { InputError, NotFoundError } from '@backstage/errors';
import { SubscriberCounts } from '@lookout/plugin-incidents-common';
import { Knex } from 'knex';
import { randomBytes, randomUUID } from 'node:crypto';
import { NewWorkItem } from '../../queue/WorkQueue';
import { StatusComponentsService } from '../StatusComponentsService';
import { StatusPageAccess } from '../StatusPageAccess';
import { StatusPageSettings } from '../settings';
import { StatusPageStore, UpdateRecord } from '../StatusPageStore';

/** The work-item kinds of the status page. */
export const DELIVERY_KINDS = {
  email: 'statuspage.email',
  webhook: 'statuspage.webhook',
  confirm: 'statuspage.confirm',
} as const;

const token = () => randomBytes(24).toString('base64url');

/**
 * Who is told about the page's updates: public email sign-ups with double opt-in, the
 * webhooks and vouched-for addresses administrators add, and the delivery of each update to
 * its audience (sent by the handlers in `deliveries.ts`).
 */
export class SubscribersService {
  constructor(
    private readonly options: {
      store: StatusPageStore;
      components: Pick<StatusComponentsService, 'checkedComponents'>;
      access: Pick<StatusPageAccess, 'requireManage'>;
      enqueue: (
        items: NewWorkItem[],
        trx?: Knex.Transaction,
      ) => Promise<number>;
      /** Runs the worker soon, after work due now was enqueued. */
      poke: () => void;
      settings: StatusPageSettings;
      clock?: () => Date;
    },
  ) {}

  /**
   * A public email sign-up. The answer never depends on whether the address is known: a new
   * or unconfirmed address gets a confirmation message, a confirmed one gets nothing.
   */
  async subscribeEmail(request: {
    email: string;
    componentIds?: string[];
  }): Promise<void> {
    if (!this.options.settings.emailEnabled) {
      throw new InputError('Email subscriptions are not enabled on this page');
    }
    const componentIds = await this.options.components.checkedComponents(
      request.componentIds ?? [],
    );
    const { subscriber, alreadyConfirmed } =
      await this.options.store.upsertSubscriber({
        id: randomUUID(),
        kind: 'email',
        address: request.email.trim().toLocaleLowerCase('en-US'),
        componentIds,
        confirmedAt: null,
        createdAt: this.now().toISOString(),
        unsubscribeToken: token(),
        confirmToken: token(),
      });
    if (alreadyConfirmed || !subscriber.confirmToken) return;
    await this.options.enqueue([
      {
        kind: DELIVERY_KINDS.confirm,
        key: `statuspage:confirm:${subscriber.id}:${subscriber.confirmToken}`,
        payload: { subscriberId: subscriber.id },
      },
    ]);
    this.options.poke();
  }

  /** The double opt-in's second step; false for an unknown or used token. */
  async confirm(confirmToken: string): Promise<boolean> {
    return Boolean(
      await this.options.store.confirmSubscriber(
        confirmToken,
        this.now().toISOString(),
      ),
    );
  }

  async unsubscribe(unsubscribeToken: string): Promise<boolean> {
    const subscriber = await this.options.store.findByUnsubscribeToken(
      unsubscribeToken,
    );
    if (!subscriber) return false;
    return this.options.store.deleteSubscriber(subscriber.id);
  }

  /** An administrator adds a webhook (or a vouched-for email, confirmed at once). */
  async addSubscriber(
    request: {
      kind: 'email' | 'webhook';
      address: string;
      componentIds?: string[];
    },
    credentials: BackstageCredentials,
  ): Promise<{
    id: string;
    kind: string;
    address: string;
    componentIds: string[];
  }> {
    await this.options.access.requireManage(credentials);
    const componentIds = await this.options.components.checkedComponents(
      request.componentIds ?? [],
    );
    const { subscriber } = await this.options.store.upsertSubscriber({
      id: randomUUID(),
      kind: request.kind,
      address:
        request.kind === 'email'
          ? request.address.trim().toLocaleLowerCase('en-US')
          : request.address,
      componentIds,
      confirmedAt: this.now().toISOString(),
      createdAt: this.now().toISOString(),
      unsubscribeToken: token(),
      confirmToken: null,
    });
    return {
      id: subscriber.id,
      kind: subscriber.kind,
      address: subscriber.address,
      componentIds: subscriber.componentIds,
    };
  }

  async removeSubscriber(
    id: string,
    credentials: BackstageCredentials,
  ): Promise<void> {
    await this.options.access.requireManage(credentials);
    if (!(await this.options.store.deleteSubscriber(id))) {
      throw new NotFoundError(`No subscriber ${id}`);
    }
  }

  async subscriberCounts(
    credentials: BackstageCredentials,
  ): Promise<SubscriberCounts> {
    await this.options.access.requireManage(credentials);
    const all = await this.options.store.listSubscribers();
    const counts: SubscriberCounts = {
      email: { confirmed: 0, pending: 0 },
      webhook: 0,
      wholePage: 0,
      byComponent: {},
    };
    for (const s of all) {
      if (s.kind === 'webhook') counts.webhook++;
      else if (s.confirmedAt) counts.email.confirmed++;
      else counts.email.pending++;
      if (!s.confirmedAt) continue;
      if (s.componentIds.length === 0) counts.wholePage++;
      for (const id of s.componentIds) {
        counts.byComponent[id] = (counts.byComponent[id] ?? 0) + 1;
      }
    }
    return counts;
  }

  /** Counts a sign-up attempt of a bucket (client address, email address); true if allowed. */
  async allowAttempt(bucket: string, limit: number): Promise<boolean> {
    if (limit <= 0) return true;
    return (await this.options.store.countAttempt(bucket, 3_600_000)) <= limit;
  }

  /**
   * Queues one delivery of the update to each confirmed subscriber of the page or of these
   * components, in the transaction that writes the update, and records them for coverage.
   */
  async scheduleDeliveries(
    update: UpdateRecord,
    componentIds: string[],
    trx: Knex.Transaction,
  ): Promise<void> {
    const audience = await this.options.store.subscribersFor(componentIds, trx);
    if (audience.length === 0) return;
    await this.options.store.recordDeliveries(
      update.id,
      audience.map(s => s.id),
      trx,
    );
    // keyed by (update, subscriber): each subscriber gets each update once; in batches, so
    // each statement stays under SQLite's bound-parameter limit
    const items = audience.map(subscriber => ({
      kind:
        subscriber.kind === 'email'
          ? DELIVERY_KINDS.email
          : DELIVERY_KINDS.webhook,
      key: `statuspage:${update.id}:${subscriber.id}`,
      payload: { updateId: update.id, subscriberId: subscriber.id },
    }));
    for (let i = 0; i < items.length; i += 500) {
      await this.options.enqueue(items.slice(i, i + 500), trx);
    }
  }

  private now(): Date {
    return this.options.clock?.() ?? new Date();
  }
}
