import { Entity } from '@backstage/catalog-model';
import { JsonObject } from '@backstage/types';
import { Knex } from 'knex';
import { Server } from 'node:http';
import request from 'supertest';
import { startIncidentsBackend } from '../../__testUtils__/backend';
import { createTestDatabases } from '../../__testUtils__/databases';
import { intercomSignature, zendeskSignature } from '../signatures';
import {
  FakeHelpdesk,
  startFakeFreshdesk,
  startFakeIntercom,
  startFakeZendesk,
} from './fakeHelpdesks';

export const API = '/api/incidents';

const component = (
  name: string,
  options: {
    title?: string;
    owner: string;
    product?: string;
    relations?: Array<[string, string]>;
  },
): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name,
    namespace: 'default',
    ...(options.title ? { title: options.title } : {}),
    ...(options.product
      ? { annotations: { 'lookout.dev/support-product': options.product } }
      : {}),
  },
  spec: { type: 'service', owner: options.owner, lifecycle: 'production' },
  relations: [
    { type: 'ownedBy', targetRef: options.owner },
    ...(options.relations ?? []).map(([type, targetRef]) => ({
      type,
      targetRef,
    })),
  ],
});

/**
 * A storefront that depends on checkout, which depends on a database: an incident on checkout
 * hurts the storefront (downstream), and customers call checkout "Payments".
 */
export const supportEntities: Entity[] = [
  component('checkout-service', {
    title: 'Checkout',
    owner: 'group:default/checkout-team',
    product: 'Payments, Checkout',
    relations: [
      ['dependsOn', 'component:default/payments-db'],
      ['dependencyOf', 'component:default/storefront-web'],
    ],
  }),
  component('payments-db', {
    owner: 'group:default/data-team',
    relations: [['dependencyOf', 'component:default/checkout-service']],
  }),
  component('storefront-web', {
    title: 'Storefront',
    owner: 'group:default/web-team',
    relations: [['dependsOn', 'component:default/checkout-service']],
  }),
  component('search-api', { title: 'Search', owner: 'group:default/web-team' }),
  ...['checkout-team', 'data-team', 'web-team'].map(
    (name): Entity => ({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Group',
      metadata: { name, namespace: 'default' },
      spec: { type: 'team', children: [] },
    }),
  ),
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'User',
    metadata: { name: 'mock', namespace: 'default' },
    spec: {},
  },
];

export const HELPDESK_CREDENTIALS = {
  zendesk: { email: 'agent@acme.test', apiToken: 'zd-token' },
  intercom: { accessToken: 'ic-token', adminId: '991' },
  freshdesk: { apiKey: 'fd-key' },
};

export interface Helpdesks {
  zendesk: FakeHelpdesk;
  intercom: FakeHelpdesk;
  freshdesk: FakeHelpdesk;
  close(): Promise<void>;
}

/**
 * Declares `tests` once per database engine, with the fake helpdesks running for the whole
 * file: `init` gives a fresh database of the engine, `helpdesks` is filled before any test.
 */
export function eachSupportDatabase(
  tests: (database: {
    databaseId: string;
    init: () => Promise<Knex>;
    helpdesks: Helpdesks;
  }) => void,
): void {
  const databases = createTestDatabases();
  const helpdesks = {} as Helpdesks;
  beforeAll(async () => {
    Object.assign(helpdesks, await startHelpdesks());
  });
  afterAll(async () => {
    await helpdesks.close?.();
  });
  describe.each(databases.eachSupportedId())('on %p', databaseId => {
    tests({ databaseId, init: () => databases.init(databaseId), helpdesks });
  });
}

export async function startHelpdesks(
  rate: { requestsPerMinute?: number; burst?: number } = {},
): Promise<Helpdesks> {
  const zendesk = await startFakeZendesk(HELPDESK_CREDENTIALS.zendesk, rate);
  const intercom = await startFakeIntercom(HELPDESK_CREDENTIALS.intercom, rate);
  const freshdesk = await startFakeFreshdesk(
    HELPDESK_CREDENTIALS.freshdesk,
    rate,
  );
  return {
    zendesk,
    intercom,
    freshdesk,
    close: async () => {
      await Promise.all([zendesk.close(), intercom.close(), freshdesk.close()]);
    },
  };
}

/** `incidents.support` pointing at the fakes. */
export function supportConfig(
  helpdesks: Helpdesks,
  extra: JsonObject = {},
): JsonObject {
  return {
    autoLinkConfidence: 0.8,
    zendesk: {
      baseUrl: helpdesks.zendesk.url,
      ...HELPDESK_CREDENTIALS.zendesk,
    },
    intercom: {
      baseUrl: helpdesks.intercom.url,
      ...HELPDESK_CREDENTIALS.intercom,
    },
    freshdesk: {
      baseUrl: helpdesks.freshdesk.url,
      ...HELPDESK_CREDENTIALS.freshdesk,
    },
    ...extra,
  };
}

export async function startSupportBackend(
  knex: Knex,
  helpdesks: Helpdesks,
  options: {
    support?: JsonObject;
    features?: any[];
    /** More of `incidents` (triage, status page…). */
    incidents?: JsonObject;
  } = {},
): Promise<Server> {
  return startIncidentsBackend(knex, {
    entities: supportEntities,
    config: {
      incidents: {
        support: supportConfig(helpdesks, options.support),
        workQueue: { sweepInterval: { milliseconds: 200 } },
        ...options.incidents,
      },
    },
    features: options.features,
  });
}

export async function createKey(
  server: Server,
  type: 'zendesk' | 'intercom' | 'freshdesk' | 'support',
): Promise<{ key: string; signingSecret?: string; id: string }> {
  const res = await request(server)
    .post(`${API}/integrations`)
    .send({ name: `${type} helpdesk`, type });
  if (res.status !== 201) {
    throw new Error(
      `creating a ${type} integration: ${res.status} ${res.text}`,
    );
  }
  return {
    key: res.body.key,
    signingSecret: res.body.signingSecret,
    id: res.body.integration.id,
  };
}

/** A Zendesk ticket event, as Zendesk's event webhooks send it. */
export function zendeskTicketEvent(
  ticketId: string,
  detail: Record<string, unknown> = {},
  eventId = `01HZ-${ticketId}`,
) {
  return {
    type: 'zen:event-type:ticket.created',
    account_id: 88888888,
    id: eventId,
    time: new Date().toISOString(),
    zendesk_event_version: '2022-11-06',
    subject: `zen:ticket:${ticketId}`,
    detail: {
      id: ticketId,
      subject: 'Payments fail at checkout',
      description: 'Card payments time out for all our shoppers',
      requester_id: '20978392',
      organization_id: '509974',
      status: 'OPEN',
      tags: ['enterprise'],
      via: { channel: 'web' },
      created_at: new Date().toISOString(),
      updated_at: new Date().toISOString(),
      ...detail,
    },
    event: { current: { status: 'OPEN' } },
  };
}

/** Posts as Zendesk does: the body signed with the timestamp. */
export function postZendesk(
  server: Server,
  key: string,
  secret: string,
  body: unknown,
  options: { timestamp?: string; signature?: string } = {},
) {
  const text = JSON.stringify(body);
  const timestamp = options.timestamp ?? new Date().toISOString();
  return request(server)
    .post(`${API}/support/intake/zendesk`)
    .set('Authorization', `Bearer ${key}`)
    .set('Content-Type', 'application/json')
    .set('X-Zendesk-Webhook-Signature-Timestamp', timestamp)
    .set(
      'X-Zendesk-Webhook-Signature',
      options.signature ??
        zendeskSignature(secret, timestamp, Buffer.from(text)),
    )
    .send(text);
}

export function intercomNotification(
  conversationId: string,
  topic = 'conversation.user.created',
) {
  return {
    type: 'notification_event',
    app_id: 'abc123',
    id: `notif_${conversationId}_${topic}`,
    topic,
    delivery_status: 'pending',
    delivery_attempts: 1,
    created_at: Math.floor(Date.now() / 1000),
    data: {
      type: 'notification_event_data',
      item: {
        type: 'conversation',
        id: conversationId,
        title: null,
        state: 'open',
        source: {
          type: 'conversation',
          subject: '',
          body: '<p>The storefront shows an error page when I pay</p>',
          author: { type: 'user', email: 'bob@globex.test', name: 'Bob' },
        },
        tags: { type: 'tag.list', tags: [] },
        custom_attributes: { organization: 'Globex' },
      },
    },
  };
}

export function postIntercom(
  server: Server,
  key: string,
  secret: string,
  body: unknown,
  signature?: string,
) {
  const text = JSON.stringify(body);
  return request(server)
    .post(`${API}/support/intake/intercom`)
    .set('Authorization', `Bearer ${key}`)
    .set('Content-Type', 'application/json')
    .set(
      'X-Hub-Signature',
      signature ?? intercomSignature(secret, Buffer.from(text)),
    )
    .send(text);
}

/** Polls until `check` passes or `timeoutMs` runs out, then asserts once more. */
export async function eventually<T>(
  read: () => Promise<T>,
  check: (value: T) => boolean,
  timeoutMs = 30_000,
): Promise<T> {
  const until = Date.now() + timeoutMs;
  let value = await read();
  while (!check(value) && Date.now() < until) {
    await new Promise(r => setTimeout(r, 200));
    value = await read();
  }
  return value;
}
