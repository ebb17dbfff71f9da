import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { JsonObject } from '@backstage/types';
import incidentsPlugin from '@lookout/plugin-incidents-backend';
import { Knex } from 'knex';
import { Server } from 'node:http';
import request from 'supertest';
import { signSlackRequest } from '../http/verifySlackSignature';
import { incidentsModuleSlack } from '../module';
import { FakeChannel, FakeSlack } from './FakeSlack';

export const SIGNING_SECRET = 'test-signing-secret';
export const API = '/api/incidents';

const user = (
  name: string,
  team: string,
  extra: { slackId?: string; email?: string } = {},
): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'User',
  metadata: {
    name,
    namespace: 'default',
    ...(extra.slackId
      ? { annotations: { 'slack.com/user-id': extra.slackId } }
      : {}),
  },
  spec: {
    memberOf: [team],
    ...(extra.email ? { profile: { email: extra.email } } : {}),
  },
  relations: [{ type: 'memberOf', targetRef: `group:default/${team}` }],
});

/**
 * The catalog of the chat tests: checkout-service owned by checkout-team, whose members are
 * alice (mapped by annotation) and bob (mapped by e-mail); carol is in another team; dave has
 * no Slack account at all.
 */
export const chatEntities: Entity[] = [
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'checkout-service', namespace: 'default' },
    spec: { type: 'service', owner: 'group:default/checkout-team' },
    relations: [{ type: 'ownedBy', targetRef: 'group:default/checkout-team' }],
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name: 'checkout-team', namespace: 'default' },
    spec: { type: 'team', members: ['alice', 'bob'] },
    relations: [
      { type: 'hasMember', targetRef: 'user:default/alice' },
      { type: 'hasMember', targetRef: 'user:default/bob' },
    ],
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name: 'web-team', namespace: 'default' },
    spec: { type: 'team' },
    relations: [{ type: 'hasMember', targetRef: 'user:default/carol' }],
  },
  user('alice', 'checkout-team', { slackId: 'UALICE' }),
  user('bob', 'checkout-team', { email: 'bob@example.com' }),
  user('carol', 'web-team', { slackId: 'UCAROL' }),
  user('mock', 'web-team'),
];

/**
 * A fresh fake Slack for each test, with the members of {@link chatEntities} (alice, bob and
 * carol, and `UNOBODY`, whom no User maps to); read `slack` and `apiUrl` inside a test.
 */
export function fakeSlackPerTest(): { slack: FakeSlack; apiUrl: string } {
  const current = {} as { slack: FakeSlack; apiUrl: string };
  beforeEach(async () => {
    current.slack = new FakeSlack();
    current.slack.addUser('UALICE', 'alice@example.com');
    current.slack.addUser('UBOB', 'bob@example.com');
    current.slack.addUser('UCAROL', 'carol@example.com');
    current.slack.addUser('UNOBODY', 'nobody@example.com');
    current.apiUrl = await current.slack.start();
  });
  afterEach(() => current.slack.stop());
  return current;
}

/** The incidents plugin with the Slack module, against the fake Slack at `apiUrl`. */
export async function startChatBackend(
  knex: Knex,
  options: { apiUrl: string; chat?: JsonObject; entities?: Entity[] },
): Promise<Server> {
  const { server } = await startTestBackend({
    features: [
      incidentsPlugin,
      incidentsModuleSlack,
      mockServices.database.factory({ knex }),
      catalogServiceMock.factory({
        entities: options.entities ?? chatEntities,
      }),
      mockServices.rootConfig.factory({
        data: {
          app: { baseUrl: 'http://portal.test' },
          backend: { baseUrl: 'http://lookout.test:7007' },
          incidents: {
            workQueue: { sweepInterval: { milliseconds: 200 } },
            chat: {
              slack: {
                botToken: 'xoxb-test-token',
                signingSecret: SIGNING_SECRET,
                apiUrl: options.apiUrl,
              },
              ...options.chat,
            },
          },
        },
      }),
    ],
  });
  return server;
}

/** A request as Slack signs it: `body` is sent byte for byte. */
export function slackPost(
  server: Server,
  path: 'events' | 'commands' | 'interactions',
  body: string,
  options: { timestamp?: number; secret?: string; retryNum?: number } = {},
) {
  const timestamp = String(options.timestamp ?? Math.floor(Date.now() / 1000));
  const req = request(server)
    .post(`${API}/chat/slack/${path}`)
    .set(
      'Content-Type',
      path === 'events'
        ? 'application/json'
        : 'application/x-www-form-urlencoded',
    )
    .set('X-Slack-Request-Timestamp', timestamp)
    .set(
      'X-Slack-Signature',
      signSlackRequest(options.secret ?? SIGNING_SECRET, timestamp, body),
    );
  if (options.retryNum !== undefined) {
    req.set('X-Slack-Retry-Num', String(options.retryNum));
    req.set('X-Slack-Retry-Reason', 'http_timeout');
  }
  return req.send(body);
}

/** A signed slash command, as Slack posts it. */
export function slashCommand(
  server: Server,
  member: string,
  channel: string,
  text: string,
) {
  return slackPost(
    server,
    'commands',
    commandBody({ text, user_id: member, channel_id: channel }),
  );
}

/** A signed interaction (a button, a menu, a modal), as Slack posts its payload. */
export function slackInteraction(server: Server, payload: object) {
  return slackPost(
    server,
    'interactions',
    new URLSearchParams({ payload: JSON.stringify(payload) }).toString(),
  );
}

/** A slash command's form body, as Slack posts it. */
export function commandBody(fields: {
  text: string;
  user_id: string;
  channel_id: string;
  command?: string;
}): string {
  return new URLSearchParams({
    token: 'deprecated-verification-token',
    team_id: 'T0001',
    command: '/lookout',
    trigger_id: '1234.5678.abcd',
    response_url: 'https://hooks.slack.test/commands/1',
    ...fields,
  }).toString();
}

/** Declares an incident on checkout-service, as the tests' signed-in portal user. */
export async function declareIncident(
  server: Server,
  title: string,
  severity: string,
): Promise<void> {
  await request(server)
    .post(`${API}/incidents`)
    .send({
      title,
      severity,
      entityRef: 'component:default/checkout-service',
    })
    .expect(201);
}

/** The channel called `name`, once it holds its announcement. */
export function announcedChannel(
  slack: FakeSlack,
  name: string,
): Promise<FakeChannel> {
  return eventually(() => {
    const found = slack.channelByName(name);
    expect(found?.messages.length).toBeGreaterThan(0);
    return found!;
  });
}

/** Polls `check` until it stops throwing, for work the queue does in the background. */
export async function eventually<T>(
  check: () => Promise<T> | T,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise(resolve => setTimeout(resolve, 100));
    }
  }
}
