import { TestDatabases } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { Server } from 'node:http';
import request from 'supertest';
import { ENTITY_ACTION, ENTITY_BLOCK } from './declare/declareModal';
import {
  API,
  chatEntities,
  eventually,
  fakeSlackPerTest,
  slackInteraction,
  slackPost,
  slashCommand,
  startChatBackend,
} from './__testUtils__/slackBackend';

jest.setTimeout(120_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

/** The chat catalog and checkout-db, owned by web-team, that checkout-service depends on. */
const entities: Entity[] = [
  ...chatEntities.map(entity =>
    entity.metadata.name === 'checkout-service'
      ? {
          ...entity,
          relations: [
            ...(entity.relations ?? []),
            { type: 'dependsOn', targetRef: 'resource:default/checkout-db' },
          ],
        }
      : entity,
  ),
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name: 'checkout-db',
      namespace: 'default',
      title: 'Checkout DB',
    },
    spec: { type: 'database', owner: 'group:default/web-team' },
    relations: [
      { type: 'ownedBy', targetRef: 'group:default/web-team' },
      {
        type: 'dependencyOf',
        targetRef: 'component:default/checkout-service',
      },
    ],
  },
];

const PICKER = { blockId: ENTITY_BLOCK, actionId: ENTITY_ACTION };

describe.each(databases.eachSupportedId())(
  'The declare form in Slack on %p',
  databaseId => {
    const fake = fakeSlackPerTest();

    async function start(): Promise<Server> {
      const knex = await databases.init(databaseId);
      return startChatBackend(knex, { apiUrl: fake.apiUrl, entities });
    }

    it('offers catalog entities as the user types, previews the blast radius of the pick, and declares it', async () => {
      const server = await start();
      await slashCommand(server, 'UALICE', 'CGENERAL', 'declare').expect(200);
      const viewId = fake.slack.modals.idOf(0);

      // Slack asks only from min_query_length characters: the form says two
      expect(() =>
        fake.slack.modals.suggestion(viewId, 'UALICE', PICKER, 'c'),
      ).toThrow(/only from 2 characters/);
      const suggested = await slackInteraction(
        server,
        fake.slack.modals.suggestion(viewId, 'UALICE', PICKER, 'checkout'),
      ).expect(200);
      const options = fake.slack.modals.options(suggested.body);
      expect(options.map(o => o.value)).toEqual([
        'resource:default/checkout-db',
        'component:default/checkout-service',
      ]);
      expect(options[0].text.text).toBe('Checkout DB (Resource)');
      // by title too; users and groups are not where incidents start
      const byTitle = await slackInteraction(
        server,
        fake.slack.modals.suggestion(viewId, 'UALICE', PICKER, 'DB'),
      ).expect(200);
      expect(fake.slack.modals.options(byTitle.body)).toHaveLength(1);
      const people = await slackInteraction(
        server,
        fake.slack.modals.suggestion(viewId, 'UALICE', PICKER, 'team'),
      ).expect(200);
      expect(people.body).toEqual({ options: [] });
      // someone Lookout does not know is offered nothing
      const stranger = await slackInteraction(
        server,
        fake.slack.modals.suggestion(viewId, 'UNOBODY', PICKER, 'checkout'),
      ).expect(200);
      expect(stranger.body).toEqual({ options: [] });
      // a suggestion is verified like every interaction
      const body = new URLSearchParams({
        payload: JSON.stringify(
          fake.slack.modals.suggestion(viewId, 'UALICE', PICKER, 'checkout'),
        ),
      }).toString();
      await slackPost(server, 'interactions', body, {
        secret: 'wrong',
      }).expect(401);
      await slackPost(server, 'interactions', body, {
        timestamp: Math.floor(Date.now() / 1000) - 600,
      }).expect(401);

      // the pick brings the blast radius: views.update on the open form, with its hash
      const opened = fake.slack.modals.get(viewId);
      await slackInteraction(
        server,
        fake.slack.modals.selection(viewId, 'UALICE', PICKER, options[0], {
          title: { value: { type: 'plain_text_input', value: 'DB down' } },
        }),
      ).expect(200);
      const shown = await eventually(() => {
        const view = fake.slack.modals.get(viewId);
        expect(view.hash).not.toBe(opened.hash);
        return view;
      });
      expect(fake.slack.callsOf('views.update')).toEqual([
        expect.objectContaining({
          outcome: 'ok',
          args: expect.objectContaining({ view_id: viewId, hash: opened.hash }),
        }),
      ]);
      const preview = shown.blocks.find(
        (b: any) => b.block_id === 'blast_radius',
      );
      expect(preview.text.text).toMatch(/^\*Blast radius\*: \d+ entit/);
      expect(preview.text.text).toContain('`group:default/checkout-team`');
      expect(preview.text.text).toContain('`group:default/web-team`');
      // the inputs keep their ids, so Slack keeps what was typed; the pick stays picked
      expect(shown.blocks.map((b: any) => b.block_id)).toEqual([
        'title',
        'entity',
        'blast_radius',
        'severity',
        'description',
      ]);
      const picker = shown.blocks.find((b: any) => b.block_id === 'entity');
      expect(picker.element.initial_option.value).toBe(
        'resource:default/checkout-db',
      );

      // a pick on a form that changed meanwhile is refused by Slack and dropped
      const stale = fake.slack.modals.selection(
        viewId,
        'UALICE',
        PICKER,
        options[1],
      );
      stale.view.hash = opened.hash;
      await slackInteraction(server, stale).expect(200);
      await eventually(() =>
        expect(
          fake.slack.callsOf('views.update', 'hash_conflict'),
        ).toHaveLength(1),
      );

      const declared = await slackInteraction(server, {
        type: 'view_submission',
        user: { id: 'UALICE' },
        view: {
          id: viewId,
          callback_id: 'lookout_declare',
          private_metadata: 'CGENERAL',
          state: {
            values: {
              title: { value: { type: 'plain_text_input', value: 'DB down' } },
              entity: {
                value: { type: 'external_select', selected_option: options[0] },
              },
              severity: {
                value: {
                  type: 'static_select',
                  selected_option: { value: 'SEV3' },
                },
              },
              description: { value: { type: 'plain_text_input', value: null } },
            },
          },
        },
      }).expect(200);
      expect(declared.body).toEqual({ response_action: 'clear' });
      const incident = (await request(server).get(`${API}/incidents/INC-1`))
        .body;
      expect(incident).toMatchObject({
        title: 'DB down',
        entityRef: 'resource:default/checkout-db',
        createdBy: 'user:default/alice',
      });
    });

    it('previews why the blast radius is unknown for an entity the catalog lost', async () => {
      const server = await start();
      await slashCommand(server, 'UALICE', 'CGENERAL', 'declare').expect(200);
      const viewId = fake.slack.modals.idOf(0);
      await slackInteraction(
        server,
        fake.slack.modals.selection(viewId, 'UALICE', PICKER, {
          text: { type: 'plain_text', text: 'Gone (Component)' },
          value: 'component:default/gone',
        }),
      ).expect(200);
      const preview = await eventually(() => {
        const block = fake.slack.modals
          .get(viewId)
          .blocks.find((b: any) => b.block_id === 'blast_radius');
        expect(block).toBeDefined();
        return block;
      });
      expect(preview.text.text).toBe(
        '*Blast radius*: not known (Not in the catalog, or not visible to you: ' +
          'component:default/gone). It is computed again when you declare.',
      );
    });
  },
);
