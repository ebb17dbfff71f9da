import { TestDatabases } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { Server } from 'node:http';
import request from 'supertest';
import {
  announcedChannel,
  API,
  chatEntities,
  declareIncident,
  eventually,
  fakeSlackPerTest,
  slashCommand,
  startChatBackend,
} from './__testUtils__/slackBackend';

jest.setTimeout(120_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

/** The chat catalog with web-team (carol) as checkout-team's parent: level 2 of its policy. */
const entities: Entity[] = chatEntities.map(entity =>
  entity.metadata.name === 'checkout-team'
    ? {
        ...entity,
        spec: { ...entity.spec, parent: 'web-team' },
        relations: [
          ...(entity.relations ?? []),
          { type: 'childOf', targetRef: 'group:default/web-team' },
        ],
      }
    : entity,
);

describe.each(databases.eachSupportedId())(
  'Paging and escalating from Slack on %p',
  databaseId => {
    const fake = fakeSlackPerTest();

    async function openSev2(): Promise<{ server: Server; channelId: string }> {
      const knex = await databases.init(databaseId);
      const server = await startChatBackend(knex, {
        apiUrl: fake.apiUrl,
        entities,
      });
      await declareIncident(server, 'Orders stuck', 'SEV2');
      const channel = await announcedChannel(fake.slack, 'inc-1-orders-stuck');
      return { server, channelId: channel.id };
    }

    const pagesOf = async (server: Server) =>
      (await request(server).get(`${API}/incidents/INC-1/pages`).expect(200))
        .body;

    it('escalates now from the command, as the portal’s Escalate does', async () => {
      const { server, channelId } = await openSev2();
      // the first level pages as the incident opens, in the background
      const before = await eventually(async () => {
        const pages = await pagesOf(server);
        expect(pages.escalation).toMatchObject({ level: 1, round: 1 });
        return pages;
      });

      // carol owns nothing here and commands nothing: refused, with why, and nothing paged
      const refused = await slashCommand(
        server,
        'UCAROL',
        channelId,
        'escalate',
      ).expect(200);
      expect(refused.body.response_type).toBe('ephemeral');
      expect(refused.body.text).toMatch(
        /^Refused\. Not allowed: incident\.update on INC-1\. .*user:default\/carol is neither/,
      );
      expect((await pagesOf(server)).items).toHaveLength(before.items.length);

      const escalated = await slashCommand(
        server,
        'UALICE',
        channelId,
        'escalate',
      ).expect(200);
      expect(escalated.body).toEqual({
        response_type: 'in_channel',
        text: expect.stringMatching(
          /^user:default\/alice escalated INC-1 to level 2 of checkout-team \(from ownership\): paged carol( \(.*\))?\.$/,
        ),
      });
      const after = await pagesOf(server);
      expect(after.escalation).toMatchObject({ level: 2, round: 1 });
      expect(
        after.items
          .filter((p: any) => p.level === 2)
          .map((p: any) => p.userRef)
          .sort(),
      ).toEqual(['user:default/carol']);
      // whoever was paged joins the channel
      await eventually(() =>
        expect(fake.slack.channels.get(channelId)!.members).toContain('UCAROL'),
      );
      // the severity is not what escalating changes
      expect(
        (await request(server).get(`${API}/incidents/INC-1`)).body.severity,
      ).toBe('SEV2');
    });

    it('pages a person or a team’s on-call with a message, and says what it cannot page', async () => {
      const { server, channelId } = await openSev2();
      const page = (user: string, text: string) =>
        slashCommand(server, user, channelId, `page ${text}`).expect(200);

      const bob = await page('UALICE', '<@UBOB|bob> replica lag is 20 min');
      expect(bob.body).toEqual({
        response_type: 'in_channel',
        text: expect.stringMatching(
          /^user:default\/alice paged bob( \(.*\))? for INC-1: replica lag is 20 min$/,
        ),
      });
      const reassigned = (await pagesOf(server)).items.filter(
        (p: any) => p.level === 0,
      );
      expect(reassigned).toEqual([
        expect.objectContaining({
          userRef: 'user:default/bob',
          reason: 'reassigned by user:default/alice',
        }),
      ]);
      const timeline = (
        await request(server).get(`${API}/incidents/INC-1/timeline`)
      ).body;
      const events = timeline.items ?? timeline;
      expect(events).toContainEqual(
        expect.objectContaining({
          type: 'note',
          actor: 'user:default/alice',
          data: expect.objectContaining({
            markdown: 'Paged user:default/bob: replica lag is 20 min',
          }),
        }),
      );

      // a team by its bare name pages whom its policy pages first: web-team's members
      const team = await page('UALICE', 'web-team');
      expect(team.body.text).toMatch(
        /^user:default\/alice paged carol( \(.*\))? for INC-1\.$/,
      );
      await eventually(() =>
        expect(fake.slack.channels.get(channelId)!.members).toContain('UCAROL'),
      );

      expect((await page('UALICE', 'nobody-here')).body).toEqual({
        response_type: 'ephemeral',
        text: expect.stringMatching(
          /^That did not work: Nobody in the catalog is called nobody-here: name a person/,
        ),
      });
      expect(
        (await page('UALICE', 'component:default/checkout-service')).body.text,
      ).toMatch(/Pages go to a person \(user:…\) or a team \(group:…\)/);
      expect((await page('UCAROL', '@bob')).body.text).toMatch(
        /^Refused\. Not allowed: incident\.update on INC-1/,
      );
      expect(
        (await slashCommand(server, 'UALICE', channelId, 'page')).body.text,
      ).toMatch(/`page` takes a person \(@someone\) or a team/);
      // one reassignment for bob, one for web-team's carol: the refusals paged nobody
      expect(
        (await pagesOf(server)).items.filter((p: any) => p.level === 0),
      ).toHaveLength(2);

      await slashCommand(server, 'UALICE', channelId, 'resolve').expect(200);
      expect((await page('UALICE', '@bob')).body.text).toMatch(
        /INC-1 is resolved; only an open incident can be reassigned/,
      );
    });
  },
);
