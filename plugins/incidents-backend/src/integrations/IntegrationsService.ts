import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { parseEntityRef } from '@backstage/catalog-model';
import {
  AuthenticationError,
  InputError,
  NotFoundError,
} from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { randomUUID } from 'node:crypto';
import { actorRef } from '../incidents/actors';
import { normalizeRef } from '../lib/entityRefs';
import { IncidentsAuthorizer } from '../permissions/IncidentsAuthorizer';
import { TooManyRequestsError } from './errors';
import { IntegrationsStore, StoredIntegration } from './IntegrationsStore';
import {
  generateKey,
  generateSigningSecret,
  grafanaSignature,
  hashKey,
  keyHint,
  signaturesMatch,
} from './keys';
import { buildSnippets, GRAFANA_SIGNATURE_HEADER } from './snippets';
import {
  CreatedIntegration,
  CreateIntegrationRequest,
  Integration,
} from './types';

const MINUTE_MS = 60_000;
/** Helpdesks that sign their webhooks: their integrations always get a signing secret. */
const SIGNED_SENDERS: ReadonlySet<string> = new Set(['zendesk', 'intercom']);
/** A signed Grafana delivery older or newer than this is refused as a possible replay. */
const SIGNATURE_MAX_SKEW_MS = 5 * MINUTE_MS;
/**
 * How long a replica trusts a key it has checked, so an alert storm does not look the key up
 * for every delivery. A revoke takes effect at once on the replica that did it and within this
 * time on the others.
 */
const KEY_CACHE_MS = 5_000;
/** The most keys a replica remembers; past it the memory starts over. */
const KEY_CACHE_SIZE = 10_000;
/** `lastUsedAt` is kept to the minute; writing it more often would only cost statements. */
const TOUCH_INTERVAL_MS = MINUTE_MS;

/**
 * The rules of integration keys: who may create and revoke them, how a key is made, checked,
 * rate limited and how Grafana signatures are verified. No HTTP and no SQL here.
 */
export class IntegrationsService {
  constructor(
    private readonly options: {
      store: IntegrationsStore;
      catalog: CatalogService;
      authorizer: Pick<IncidentsAuthorizer, 'requireCreate'>;
      /** The plugin's external base URL (`…/api/incidents`), for the snippets. */
      baseUrl: () => Promise<string>;
      /** Events per minute per key on the PagerDuty routes; 0 turns the limit off. */
      rateLimitPerMinute: number;
      clock?: () => Date;
    },
  ) {}

  private readonly checkedKeys = new Map<
    string,
    { integration: StoredIntegration; until: number }
  >();
  private readonly touchedAt = new Map<string, number>();

  /** Creating a key lets its holder open incidents, so it needs `incident.create`. */
  async create(
    request: CreateIntegrationRequest,
    credentials: BackstageCredentials,
  ): Promise<CreatedIntegration> {
    await this.options.authorizer.requireCreate(credentials);
    const entityRef = request.entityRef
      ? normalizeRef(request.entityRef, 'entityRef')
      : null;
    const groupRef = request.groupRef
      ? normalizeRef(request.groupRef, 'groupRef')
      : null;
    if (groupRef && parseEntityRef(groupRef).kind !== 'group') {
      throw new InputError(`groupRef: ${groupRef} is not a Group entity`);
    }
    await this.requireInCatalog(
      [entityRef, groupRef].filter((r): r is string => r !== null),
      credentials,
    );

    const key = generateKey();
    // Zendesk and Intercom sign every webhook; their keys always come with a secret
    const signingSecret =
      request.signed || SIGNED_SENDERS.has(request.type)
        ? generateSigningSecret()
        : undefined;
    const stored = await this.options.store.createIntegration({
      id: randomUUID(),
      name: request.name,
      type: request.type,
      keyHash: hashKey(key),
      keyHint: keyHint(key),
      entityRef,
      groupRef,
      autoResolve: request.autoResolve ?? true,
      signingSecret: signingSecret ?? null,
      createdBy: actorRef(credentials),
      createdAt: this.now().toISOString(),
    });
    return {
      integration: publicView(stored),
      key,
      ...(signingSecret ? { signingSecret } : {}),
      snippets: buildSnippets({
        baseUrl: await this.options.baseUrl(),
        name: request.name,
        key,
        signingSecret,
      }),
    };
  }

  /** Any signed-in user or service may see which integrations exist; keys are never listed. */
  async list(): Promise<Integration[]> {
    return (await this.options.store.listIntegrations()).map(publicView);
  }

  async revoke(id: string, credentials: BackstageCredentials): Promise<void> {
    await this.options.authorizer.requireCreate(credentials);
    const revoked = await this.options.store.revokeIntegration(
      id,
      this.now().toISOString(),
    );
    if (!revoked) {
      throw new NotFoundError(`No integration ${id}`);
    }
    for (const [hash, { integration }] of this.checkedKeys) {
      if (integration.id === id) this.checkedKeys.delete(hash);
    }
  }

  /** The live integration a key belongs to; anything else is a 401. */
  async authenticate(key: string | undefined): Promise<StoredIntegration> {
    if (!key) {
      throw new AuthenticationError(
        'An integration key is required; create one with POST /integrations',
      );
    }
    const hash = hashKey(key);
    const now = this.now().getTime();
    const checked = this.checkedKeys.get(hash);
    let integration =
      checked && checked.until > now ? checked.integration : undefined;
    if (!integration) {
      integration = await this.options.store.findByKeyHash(hash);
      if (!integration) {
        this.checkedKeys.delete(hash);
        throw new AuthenticationError('Unknown or revoked integration key');
      }
      if (this.checkedKeys.size >= KEY_CACHE_SIZE) this.checkedKeys.clear();
      this.checkedKeys.set(hash, { integration, until: now + KEY_CACHE_MS });
    }
    if (now - (this.touchedAt.get(integration.id) ?? 0) >= TOUCH_INTERVAL_MS) {
      this.touchedAt.set(integration.id, now);
      await this.options.store.touchIntegration(
        integration.id,
        new Date(now).toISOString(),
      );
    }
    return integration;
  }

  /**
   * Grafana signs when its contact point has an HMAC secret. An integration created with one
   * accepts only deliveries signed with it; one without ignores signatures.
   */
  verifyGrafanaSignature(
    integration: StoredIntegration,
    body: Buffer,
    signature: string | undefined,
    timestamp: string | undefined,
  ): void {
    const secret = integration.signingSecret;
    if (!secret) return;
    if (!signature) {
      throw new AuthenticationError(
        `This integration requires signed deliveries; ${GRAFANA_SIGNATURE_HEADER} is missing`,
      );
    }
    if (timestamp !== undefined) {
      const seconds = /^\d{1,12}$/.test(timestamp) ? Number(timestamp) : NaN;
      if (
        !(
          Math.abs(this.now().getTime() - seconds * 1000) <=
          SIGNATURE_MAX_SKEW_MS
        )
      ) {
        throw new AuthenticationError(
          'The signature timestamp is not a Unix time within five minutes of now',
        );
      }
    }
    if (
      !signaturesMatch(grafanaSignature(secret, body, timestamp), signature)
    ) {
      throw new AuthenticationError(
        `${GRAFANA_SIGNATURE_HEADER} does not match the body`,
      );
    }
  }

  /**
   * Counts an event against the key's per-minute budget, in the shared database so the
   * budget holds across replicas. Over budget throws, with the seconds until the next minute.
   */
  async consumeRate(integration: StoredIntegration): Promise<void> {
    const limit = this.options.rateLimitPerMinute;
    if (limit <= 0) return;
    const now = this.now().getTime();
    const windowStart = Math.floor(now / MINUTE_MS) * MINUTE_MS;
    const count = await this.options.store.countEvent(
      integration.id,
      windowStart,
    );
    if (count > limit) {
      throw new TooManyRequestsError(
        `More than ${limit} events in a minute for this routing key`,
        Math.max(1, Math.ceil((windowStart + MINUTE_MS - now) / 1000)),
      );
    }
  }

  private async requireInCatalog(
    refs: string[],
    credentials: BackstageCredentials,
  ): Promise<void> {
    if (refs.length === 0) return;
    const { items } = await this.options.catalog.getEntitiesByRefs(
      {
        entityRefs: refs,
        fields: ['kind', 'metadata.namespace', 'metadata.name'],
      },
      { credentials },
    );
    const missing = refs.filter((_, i) => !items[i]);
    if (missing.length > 0) {
      throw new InputError(`Not in the catalog: ${missing.join(', ')}`);
    }
  }

  private now(): Date {
    return this.options.clock?.() ?? new Date();
  }
}

function publicView(integration: StoredIntegration): Integration {
  const { signingSecret: _secret, ...rest } = integration;
  return rest;
}
