import { TestDatabases } from '@backstage/backend-test-utils';
import { Server } from 'node:http';
import request from 'supertest';
import { Receiver } from './__testUtils__/Receiver';
import {
  announcedChannel,
  API,
  commandBody,
  declareIncident,
  eventually,
  fakeSlackPerTest,
  slackInteraction,
  slackPost,
  startChatBackend,
} from './__testUtils__/slackBackend';

jest.setTimeout(120_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

describe.each(databases.eachSupportedId())(
  'Slack interactions, reminders and Teams on %p',
  databaseId => {
    const fake = fakeSlackPerTest();
    let receiver: Receiver;
    let receiverUrl: string;

    beforeEach(async () => {
      receiver = new Receiver();
      receiverUrl = await receiver.start();
    });

    afterEach(() => receiver.stop());

    async function start(chat: object = {}): Promise<Server> {
      const knex = await databases.init(databaseId);
      return startChatBackend(knex, {
        apiUrl: fake.apiUrl,
        chat: chat as any,
      });
    }

    it('declares from the modal and acknowledges and escalates from the announcement’s buttons', async () => {
      const server = await start();
      // /lookout declare opens the modal
      await slackPost(
        server,
        'commands',
        commandBody({
          text: 'declare',
          user_id: 'UALICE',
          channel_id: 'CGENERAL',
        }),
      ).expect(200);
      expect(fake.slack.views).toHaveLength(1);
      expect(fake.slack.views[0]).toMatchObject({
        callback_id: 'lookout_declare',
        type: 'modal',
      });

      const submission = (entity: string) => ({
        type: 'view_submission',
        user: { id: 'UALICE' },
        view: {
          callback_id: 'lookout_declare',
          private_metadata: 'CGENERAL',
          state: {
            values: {
              title: {
                value: { type: 'plain_text_input', value: 'Carts empty' },
              },
              entity: { value: { type: 'plain_text_input', value: entity } },
              severity: {
                value: {
                  type: 'static_select',
                  selected_option: { value: 'SEV2' },
                },
              },
              description: { value: { type: 'plain_text_input', value: null } },
            },
          },
        },
      });
      const refused = await slackInteraction(
        server,
        submission('component:default/nowhere'),
      ).expect(200);
      expect(refused.body.response_action).toBe('errors');
      expect(refused.body.errors.entity).toMatch(
        /Not in the catalog: component:default\/nowhere/,
      );

      const declared = await slackInteraction(
        server,
        submission('component:default/checkout-service'),
      ).expect(200);
      expect(declared.body).toEqual({ response_action: 'clear' });
      const incident = (await request(server).get(`${API}/incidents/INC-1`))
        .body;
      expect(incident).toMatchObject({
        title: 'Carts empty',
        severity: 'SEV2',
        createdBy: 'user:default/alice',
      });

      // a SEV2 gets its channel; the buttons answer privately through the response URL
      const channel = await announcedChannel(fake.slack, 'inc-1-carts-empty');
      const press = (user: string, actionId: string) =>
        slackInteraction(server, {
          type: 'block_actions',
          user: { id: user },
          channel: { id: channel.id },
          response_url: `${receiverUrl}/respond`,
          actions: [{ action_id: actionId, value: 'INC-1' }],
        }).expect(200);
      await press('UCAROL', 'lookout_acknowledge');
      await press('UALICE', 'lookout_acknowledge');
      // escalating while the acknowledgement is being written is refused (the escalation
      // moved on), so bob presses once alice's answer is back
      await eventually(() =>
        expect(receiver.accepted('/respond')).toHaveLength(2),
      );
      await press('UBOB', 'lookout_escalate');
      const answers = await eventually(() => {
        const got = receiver.accepted('/respond').map(r => r.body.text);
        expect(got).toHaveLength(3);
        return got;
      });
      expect(answers).toEqual(
        expect.arrayContaining([
          expect.stringMatching(
            /^Refused\. Not allowed: incident\.update on INC-1/,
          ),
          'You acknowledged INC-1.',
          // Escalate pages the next level now: checkout-team's policy has one level, so
          // its second round
          'user:default/bob escalated INC-1 to level 1 of checkout-team (from ownership): paged alice, bob.',
        ]),
      );
      expect(
        receiver
          .accepted('/respond')
          .every(r => r.body.response_type === 'ephemeral'),
      ).toBe(true);
      const after = (await request(server).get(`${API}/incidents/INC-1`)).body;
      expect(after.severity).toBe('SEV2');
      expect(after.acknowledgedAt).not.toBeNull();
      const pages = (await request(server).get(`${API}/incidents/INC-1/pages`))
        .body;
      expect(pages.escalation).toMatchObject({ level: 1, round: 2 });
    });

    it('reminds the communications lead at the severity’s cadence and a stable incident to close', async () => {
      const server = await start({
        slack: {
          botToken: 'xoxb-test-token',
          signingSecret: 'test-signing-secret',
          apiUrl: fake.apiUrl,
          // seconds, for the test: 1.2 s and 1.8 s
          statusUpdateReminderMinutes: { SEV2: 0.02 },
          closeReminderHours: 0.0005,
        },
      });
      await declareIncident(server, 'Slow search', 'SEV2');
      const channel = await announcedChannel(fake.slack, 'inc-1-slow-search');
      await slackPost(
        server,
        'commands',
        commandBody({
          text: 'assign communications <@UBOB|bob>',
          user_id: 'UALICE',
          channel_id: channel.id,
        }),
      ).expect(200);
      await eventually(() =>
        expect(channel.messages.map(m => m.text)).toContainEqual(
          expect.stringMatching(
            /^:loudspeaker: <@UBOB>: time for a status update on INC-1/,
          ),
        ),
      );
      await slackPost(
        server,
        'commands',
        commandBody({
          text: 'status monitoring',
          user_id: 'UALICE',
          channel_id: channel.id,
        }),
      ).expect(200);
      await eventually(() =>
        expect(channel.messages.map(m => m.text)).toContainEqual(
          expect.stringMatching(/INC-1 has been monitoring for a while/),
        ),
      );
    });

    it('posts Adaptive Cards to the owning team’s Workflows webhook, again after a 429', async () => {
      receiver.answers.push(429);
      const server = await start({
        teams: {
          webhooks: [
            {
              groupRef: 'group:default/checkout-team',
              url: `${receiverUrl}/checkout-team`,
            },
            {
              groupRef: 'group:default/web-team',
              url: `${receiverUrl}/web-team`,
            },
          ],
        },
      });
      await declareIncident(server, 'Payments down', 'SEV3');
      await request(server)
        .post(`${API}/incidents/INC-1/acknowledge`)
        .expect(200);
      const cards = await eventually(() => {
        const got = receiver.accepted('/checkout-team');
        expect(got).toHaveLength(2);
        return got.map(r => r.body);
      });
      expect(receiver.received.filter(r => r.status === 429)).toHaveLength(1);
      expect(
        receiver.received.filter(r => r.path === '/web-team'),
      ).toHaveLength(0);
      for (const card of cards) {
        expect(card).toMatchObject({
          type: 'message',
          attachments: [
            {
              contentType: 'application/vnd.microsoft.card.adaptive',
              content: {
                type: 'AdaptiveCard',
                body: expect.arrayContaining([
                  expect.objectContaining({ text: 'INC-1: Payments down' }),
                ]),
                actions: [
                  {
                    type: 'Action.OpenUrl',
                    title: 'Open in Lookout',
                    url: 'http://portal.test/incidents/INC-1',
                  },
                ],
              },
            },
          ],
        });
      }
      expect(
        cards.map(c => c.attachments[0].content.body[1].text).sort(),
      ).toEqual(['Acknowledged', 'Declared SEV3']);
    });
  },
);
