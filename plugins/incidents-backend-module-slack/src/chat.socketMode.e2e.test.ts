import { TestDatabases } from '@backstage/backend-test-utils';
import { AddressInfo } from 'node:net';
import request from 'supertest';
import { WebSocket, WebSocketServer } from 'ws';
import { FakeSlack } from './__testUtils__/FakeSlack';
import {
  announcedChannel,
  API,
  declareIncident,
  eventually,
  startChatBackend,
} from './__testUtils__/slackBackend';

jest.setTimeout(120_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

/**
 * Slack's side of Socket Mode: it greets a client with `hello`, sends envelopes, and collects
 * the client's acknowledgements (`envelope_id`, with the answer as `payload`).
 */
class FakeSocketModeServer {
  readonly acks = new Map<string, any>();
  private readonly server = new WebSocketServer({ port: 0, host: '127.0.0.1' });
  private socket?: WebSocket;
  private next = 1;

  constructor() {
    this.server.on('connection', socket => {
      this.socket = socket;
      socket.on('message', data => {
        const message = JSON.parse(String(data));
        if (message.envelope_id)
          this.acks.set(message.envelope_id, message.payload);
      });
      socket.send(
        JSON.stringify({
          type: 'hello',
          num_connections: 1,
          debug_info: { host: 'fake', approximate_connection_time: 3600 },
          connection_info: { app_id: 'A1' },
        }),
      );
    });
  }

  /** Resolves once the server listens. */
  listening(): Promise<void> {
    return new Promise(resolve => {
      if (this.server.address()) resolve();
      else this.server.once('listening', () => resolve());
    });
  }

  get url() {
    return `ws://127.0.0.1:${(this.server.address() as AddressInfo).port}/link`;
  }

  get connected() {
    return this.socket?.readyState === WebSocket.OPEN;
  }

  send(type: string, payload: object): string {
    const envelopeId = `env-${this.next++}`;
    this.socket!.send(
      JSON.stringify({
        envelope_id: envelopeId,
        type,
        payload,
        accepts_response_payload: type !== 'events_api',
        retry_attempt: 0,
        retry_reason: '',
      }),
    );
    return envelopeId;
  }

  async close() {
    this.server.clients.forEach(c => c.terminate());
    await new Promise(r => this.server.close(r));
  }
}

describe.each(databases.eachSupportedId())('Socket Mode on %p', databaseId => {
  it('takes commands and events over the WebSocket the app-level token opens', async () => {
    const slack = new FakeSlack();
    slack.addUser('UALICE', 'alice@example.com');
    slack.addUser('UBOB', 'bob@example.com');
    const apiUrl = await slack.start();
    const sockets = new FakeSocketModeServer();
    await sockets.listening();
    slack.socketUrl = sockets.url;
    try {
      const knex = await databases.init(databaseId);
      const server = await startChatBackend(knex, {
        apiUrl,
        chat: {
          slack: {
            botToken: slack.token,
            signingSecret: 'unused-over-socket-mode',
            appToken: slack.appToken,
            apiUrl,
          },
        },
      });
      await eventually(() => expect(sockets.connected).toBe(true));
      await declareIncident(server, 'Queue stuck', 'SEV1');
      const channel = await announcedChannel(slack, 'inc-1-queue-stuck');

      const ack = sockets.send('slash_commands', {
        command: '/lookout',
        text: 'ack',
        user_id: 'UALICE',
        channel_id: channel.id,
        trigger_id: '1.2.3',
      });
      const answer = await eventually(() => {
        expect(sockets.acks.has(ack)).toBe(true);
        return sockets.acks.get(ack);
      });
      expect(answer).toEqual({
        response_type: 'in_channel',
        text: 'user:default/alice acknowledged INC-1; escalation stops.',
      });
      expect(
        (await request(server).get(`${API}/incidents/INC-1`)).body
          .acknowledgedAt,
      ).not.toBeNull();

      const ts = slack.post(channel.id, 'UBOB', 'Drained the queue');
      const event = sockets.send('events_api', {
        type: 'event_callback',
        event_id: 'Ev9',
        event: {
          type: 'reaction_added',
          user: 'UALICE',
          reaction: 'pushpin',
          item: { type: 'message', channel: channel.id, ts },
        },
      });
      await eventually(() => expect(sockets.acks.has(event)).toBe(true));
      await eventually(async () => {
        const items = (
          await request(server).get(`${API}/incidents/INC-1/timeline`)
        ).body.items;
        expect(
          items.filter((e: any) => e.data?.markdown === 'Drained the queue'),
        ).toHaveLength(1);
      });
    } finally {
      await sockets.close();
      await slack.stop();
    }
  });
});
