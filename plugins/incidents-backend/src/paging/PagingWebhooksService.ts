import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { InputError, NotAllowedError, NotFoundError } from '@backstage/errors';
import {
  CreatedPagingWebhook,
  Incident,
  PagingWebhook,
  PagingWebhookPayload,
} from '@lookout/plugin-incidents-common';
import { randomBytes, randomUUID } from 'node:crypto';
import { actorRef } from '../incidents/actors';
import { normalizeRef } from '../lib/entityRefs';
import { IncidentsAuthorizer } from '../permissions/IncidentsAuthorizer';
import { PagingStore, WebhookRecord } from './PagingStore';
import { SIGNATURE_HEADER, signBody } from './signing';
import { requireOnCallManage } from '../oncall/requireOnCallManage';

/** A webhook declared in app-config (`incidents.paging.webhooks`). */
export interface ConfiguredWebhook {
  name: string;
  url: string;
  secret: string;
  groupRef?: string;
}

const TIMEOUT_MS = 10_000;
/** How long a replica reuses the webhook list; a change elsewhere shows within this. */
const LIST_CACHE_MS = 5_000;

/** Paging webhooks: managed through the API or declared in config, and posting to them. */
export class PagingWebhooksService {
  private readonly configured: WebhookRecord[];
  private cached: { at: number; hooks: Promise<WebhookRecord[]> } | undefined;

  constructor(
    private readonly options: {
      store: Pick<
        PagingStore,
        'createWebhook' | 'listWebhooks' | 'getWebhook' | 'deleteWebhook'
      >;
      authorizer: Pick<IncidentsAuthorizer, 'requireBasic'>;
      configured: ConfiguredWebhook[];
      fetch?: typeof fetch;
    },
  ) {
    this.configured = options.configured.map(hook => ({
      id: `config-${hook.name}`,
      name: hook.name,
      url: hook.url,
      secret: hook.secret,
      groupRef: hook.groupRef ? normalizeRef(hook.groupRef, 'groupRef') : null,
      createdBy: 'app-config',
      createdAt: new Date(0),
    }));
  }

  async create(
    request: { name: string; url: string; groupRef?: string; secret?: string },
    credentials: BackstageCredentials,
  ): Promise<CreatedPagingWebhook> {
    await requireOnCallManage(this.options.authorizer, credentials);
    const record: WebhookRecord = {
      id: randomUUID(),
      name: request.name,
      url: request.url,
      secret: request.secret ?? randomBytes(32).toString('hex'),
      groupRef: request.groupRef
        ? normalizeRef(request.groupRef, 'groupRef')
        : null,
      createdBy: actorRef(credentials),
      createdAt: new Date(),
    };
    if (record.groupRef && !record.groupRef.startsWith('group:')) {
      throw new InputError(
        `groupRef: expected a Group entity ref such as group:default/checkout, not ${record.groupRef}`,
      );
    }
    await this.options.store.createWebhook(record);
    this.cached = undefined;
    return { ...toWire(record, 'api'), secret: record.secret };
  }

  async list(credentials: BackstageCredentials): Promise<PagingWebhook[]> {
    await requireOnCallManage(this.options.authorizer, credentials);
    return [
      ...this.configured.map(hook => toWire(hook, 'config')),
      ...(await this.options.store.listWebhooks()).map(hook =>
        toWire(hook, 'api'),
      ),
    ];
  }

  async delete(id: string, credentials: BackstageCredentials): Promise<void> {
    await requireOnCallManage(this.options.authorizer, credentials);
    if (this.configured.some(hook => hook.id === id)) {
      throw new NotAllowedError(
        `Webhook ${id} comes from app-config (incidents.paging.webhooks); remove it there`,
      );
    }
    this.cached = undefined;
    if (!(await this.options.store.deleteWebhook(id))) {
      throw new NotFoundError(`No paging webhook ${id}`);
    }
  }

  /** The webhooks a page of this incident goes to. */
  async forIncident(incident: Incident): Promise<WebhookRecord[]> {
    // every page asks, so the stored list is read at most once per LIST_CACHE_MS
    if (!this.cached || Date.now() - this.cached.at > LIST_CACHE_MS) {
      const hooks = this.options.store.listWebhooks();
      hooks.catch(() => (this.cached = undefined));
      this.cached = { at: Date.now(), hooks };
    }
    const all = [...this.configured, ...(await this.cached.hooks)];
    return all.filter(
      hook => !hook.groupRef || hook.groupRef === incident.ownerRef,
    );
  }

  async find(id: string): Promise<WebhookRecord | undefined> {
    return (
      this.configured.find(hook => hook.id === id) ??
      (await this.options.store.getWebhook(id))
    );
  }

  /** Posts the signed payload; anything but a 2xx throws so the queue retries it. */
  async post(
    webhook: WebhookRecord,
    payload: PagingWebhookPayload,
  ): Promise<void> {
    const body = JSON.stringify(payload);
    const response = await (this.options.fetch ?? fetch)(webhook.url, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        'User-Agent': 'Lookout-Paging',
        'X-Lookout-Delivery': payload.deliveryId,
        [SIGNATURE_HEADER]: signBody(webhook.secret, body),
      },
      body,
      signal: AbortSignal.timeout(TIMEOUT_MS),
      redirect: 'manual',
    });
    if (response.status < 200 || response.status >= 300) {
      throw new Error(
        `Paging webhook ${webhook.name} answered ${response.status}`,
      );
    }
  }
}

function toWire(
  hook: WebhookRecord,
  source: PagingWebhook['source'],
): PagingWebhook {
  return {
    id: hook.id,
    name: hook.name,
    url: hook.url,
    groupRef: hook.groupRef,
    source,
    createdBy: hook.createdBy,
    createdAt: hook.createdAt.toISOString(),
  };
}
