import { TestDatabases } from '@backstage/backend-test-utils';
import { Server } from 'node:http';
import request from 'supertest';
import {
  announcedChannel,
  API,
  commandBody,
  eventually,
  fakeSlackPerTest,
  slackPost,
  slashCommand,
  startChatBackend,
} from './__testUtils__/slackBackend';

jest.setTimeout(120_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

describe.each(databases.eachSupportedId())(
  'Slack end to end on %p',
  databaseId => {
    const fake = fakeSlackPerTest();

    async function start(): Promise<Server> {
      const knex = await databases.init(databaseId);
      return startChatBackend(knex, { apiUrl: fake.apiUrl });
    }

    async function openSev2(
      server: Server,
      summary = 'Checkout errors above 5%',
    ) {
      const integration = await request(server)
        .post(`${API}/integrations`)
        .send({ name: 'Synthetics', type: 'generic' })
        .expect(201);
      const fired = await request(server)
        .post(`${API}/alerts/generic`)
        .set('Authorization', `Bearer ${integration.body.key}`)
        .send({
          summary,
          dedupKey: 'checkout-errors',
          severity: 'error',
          entityRef: 'component:default/checkout-service',
        })
        .expect(200);
      return {
        id: fired.body.incidents[0] as string,
        key: integration.body.key as string,
      };
    }

    it('opens a channel for an alert-made SEV2, takes /lookout ack, pins once, archives on resolve', async () => {
      const server = await start();
      const { id } = await openSev2(server);
      expect(id).toBe('INC-1');
      expect(
        (await request(server).get(`${API}/incidents/${id}`)).body.severity,
      ).toBe('SEV2');

      // the channel appears, named from the template, with the owners' people and an announcement
      const channel = await announcedChannel(
        fake.slack,
        'inc-1-checkout-errors-above-5',
      );
      expect(channel.topic).toContain('INC-1 SEV2');
      expect([...channel.members].sort()).toEqual([
        'UALICE',
        'UBOB',
        'UBOT0000',
      ]);
      const announcement = channel.messages[0];
      expect(JSON.stringify(announcement.blocks)).toContain(
        'lookout_acknowledge',
      );
      expect(announcement.text).toContain('INC-1 SEV2');

      // the incident page sees the channel
      const shown = await request(server)
        .get(`${API}/chat/channels/${id}`)
        .expect(200);
      expect(shown.body.channel).toMatchObject({
        id: channel.id,
        name: channel.name,
      });

      // /lookout ack from the channel acknowledges it in the portal, as alice
      const acked = await slashCommand(
        server,
        'UALICE',
        channel.id,
        'ack',
      ).expect(200);
      expect(acked.body).toEqual({
        response_type: 'in_channel',
        text: 'user:default/alice acknowledged INC-1; escalation stops.',
      });
      const incident = (await request(server).get(`${API}/incidents/${id}`))
        .body;
      expect(incident.acknowledgedAt).not.toBeNull();
      const timeline = (
        await request(server).get(`${API}/incidents/${id}/timeline`)
      ).body.items;
      expect(timeline.find((e: any) => e.type === 'acknowledged').actor).toBe(
        'user:default/alice',
      );
      // the announcement follows in place, without the Acknowledge button
      await eventually(() => {
        expect(announcement.edits).toBeGreaterThan(0);
        expect(JSON.stringify(announcement.blocks)).not.toContain(
          'lookout_acknowledge',
        );
        expect(JSON.stringify(announcement.blocks)).toContain('(acknowledged)');
      });

      // bob writes, someone reacts with a pushpin; Slack retries the event; someone pins it too
      const ts = fake.slack.post(channel.id, 'UBOB', 'Rolled back deploy 1234');
      const reaction = JSON.stringify({
        type: 'event_callback',
        event_id: 'Ev1',
        event: {
          type: 'reaction_added',
          user: 'UALICE',
          reaction: 'pushpin',
          item: { type: 'message', channel: channel.id, ts },
          item_user: 'UBOB',
          event_ts: ts,
        },
      });
      await slackPost(server, 'events', reaction).expect(200);
      await slackPost(server, 'events', reaction, { retryNum: 1 }).expect(200);
      await slackPost(
        server,
        'events',
        JSON.stringify({
          type: 'event_callback',
          event_id: 'Ev2',
          event: {
            type: 'pin_added',
            user: 'UALICE',
            channel_id: channel.id,
            item: {
              type: 'message',
              channel: channel.id,
              message: { ts, user: 'UBOB', text: 'Rolled back deploy 1234' },
            },
          },
        }),
      ).expect(200);
      const notes = await eventually(async () => {
        const items = (
          await request(server).get(`${API}/incidents/${id}/timeline`)
        ).body.items;
        const found = items.filter((e: any) => e.data?.messageKey);
        expect(found).toHaveLength(1);
        return found;
      });
      expect(notes[0]).toMatchObject({
        type: 'note',
        actor: 'user:default/bob',
        at: new Date(Number(ts) * 1000).toISOString(),
        data: {
          markdown: 'Rolled back deploy 1234',
          permalink: `https://fake.slack.test/archives/${
            channel.id
          }/p${ts.replace('.', '')}`,
        },
      });
      // a pushpin on a message nobody pinned before, once more, still changes nothing
      await slackPost(server, 'events', reaction, { retryNum: 2 }).expect(200);
      await new Promise(resolve => setTimeout(resolve, 1000));
      const after = (
        await request(server).get(`${API}/incidents/${id}/timeline`)
      ).body.items;
      expect(after.filter((e: any) => e.data?.messageKey)).toHaveLength(1);

      // resolving archives the channel after a last summary
      const resolved = await slashCommand(
        server,
        'UALICE',
        channel.id,
        'resolve rolled back',
      ).expect(200);
      expect(resolved.body.text).toBe('user:default/alice resolved INC-1.');
      await eventually(() => expect(channel.archived).toBe(true));
      expect(channel.messages[channel.messages.length - 1].text).toContain(
        'INC-1 is resolved',
      );
    });

    it('refuses what a user may not do, explains linking, and answers unknown commands privately', async () => {
      const server = await start();
      const { id } = await openSev2(server);
      // announced: the channel is stored by then, so commands in it find its incident
      const channel = await announcedChannel(
        fake.slack,
        'inc-1-checkout-errors-above-5',
      );

      const refused = await slashCommand(
        server,
        'UCAROL',
        channel.id,
        'resolve',
      ).expect(200);
      expect(refused.body.response_type).toBe('ephemeral');
      expect(refused.body.text).toBe(
        'Refused. Not allowed: incident.resolve on INC-1. From chat an incident is changed by the owners of ' +
          'component:default/checkout-service (group:default/checkout-team) and by its commander (nobody); ' +
          'user:default/carol is neither',
      );
      expect(
        (await request(server).get(`${API}/incidents/${id}`)).body.status,
      ).not.toBe('resolved');

      const stranger = await slashCommand(
        server,
        'UNOBODY',
        channel.id,
        'ack',
      ).expect(200);
      expect(stranger.body.response_type).toBe('ephemeral');
      expect(stranger.body.text).toContain('slack.com/user-id: UNOBODY');

      const unknown = await slashCommand(
        server,
        'UALICE',
        channel.id,
        'dance',
      ).expect(200);
      expect(unknown.body.response_type).toBe('ephemeral');
      expect(unknown.body.text).toMatch(/^`dance` is not a Lookout command/);
      expect(unknown.body.text).toContain('/lookout ack');

      const elsewhere = await slashCommand(
        server,
        'UALICE',
        'CRANDOM',
        'ack',
      ).expect(200);
      expect(elsewhere.body.text).toContain('belongs to no incident');

      // carol may read and add nothing; alice makes her commander, then carol may
      await slashCommand(
        server,
        'UALICE',
        channel.id,
        'assign commander <@UCAROL|carol>',
      ).expect(200);
      const asCommander = await slashCommand(
        server,
        'UCAROL',
        channel.id,
        'severity SEV1',
      ).expect(200);
      expect(asCommander.body.text).toBe(
        'user:default/carol set INC-1 to SEV1.',
      );
      await eventually(() => expect(channel.members.has('UCAROL')).toBe(true));
    });

    it('catches up after Slack rate limits, errors and name collisions, losing no call', async () => {
      const server = await start();
      // someone already has the name the template gives
      const taken = await fetch(`${fake.apiUrl}conversations.create`, {
        method: 'POST',
        headers: {
          Authorization: 'Bearer xoxb-test-token',
          'Content-Type': 'application/x-www-form-urlencoded',
        },
        body: 'name=inc-1-checkout-errors-above-5',
      });
      expect((await taken.json()).ok).toBe(true);
      fake.slack.failNext('conversations.create', {
        kind: 'ratelimited',
        retryAfter: 1,
      });
      fake.slack.failNext('chat.postMessage', { kind: 'http_500' });

      await openSev2(server);
      const channel = await eventually(() => {
        const found = fake.slack.channelByName(
          'inc-1-checkout-errors-above-5-2',
        );
        expect(found?.messages.length).toBe(1);
        return found!;
      });
      expect(
        fake.slack.callsOf('conversations.create').map(c => c.outcome),
      ).toEqual(['ok', 'ratelimited', 'name_taken', 'ok']);
      expect(
        fake.slack.callsOf('chat.postMessage').map(c => c.outcome),
      ).toEqual(['http_500', 'ok']);
      expect(channel.messages[0].text).toContain('INC-1');
    });

    it('answers url_verification and refuses unsigned, wrongly signed, stale and malformed requests', async () => {
      const server = await start();
      const challenge = JSON.stringify({
        type: 'url_verification',
        token: 't',
        challenge: 'abc123',
      });
      expect(
        (await slackPost(server, 'events', challenge).expect(200)).body,
      ).toEqual({
        challenge: 'abc123',
      });

      await request(server)
        .post(`${API}/chat/slack/events`)
        .set('Content-Type', 'application/json')
        .send(challenge)
        .expect(401);
      await slackPost(server, 'events', challenge, { secret: 'wrong' }).expect(
        401,
      );
      await slackPost(server, 'events', challenge, {
        timestamp: Math.floor(Date.now() / 1000) - 6 * 60,
      }).expect(401);
      await slackPost(
        server,
        'commands',
        commandBody({ text: 'ack', user_id: 'U', channel_id: 'C' }),
        {
          secret: 'wrong',
        },
      ).expect(401);
      await slackPost(server, 'interactions', 'payload=%7B%7D', {
        secret: 'wrong',
      }).expect(401);

      await slackPost(server, 'events', 'not json').expect(400);
      await slackPost(
        server,
        'events',
        JSON.stringify({ type: 'event_callback' }),
      ).expect(400);
      await slackPost(server, 'commands', 'text=ack&channel_id=C1').expect(400);
      await slackPost(
        server,
        'interactions',
        'payload=%7B%22type%22%3A1%7D',
      ).expect(400);
      await slackPost(server, 'interactions', 'nothing=here').expect(400);
    });
  },
);
