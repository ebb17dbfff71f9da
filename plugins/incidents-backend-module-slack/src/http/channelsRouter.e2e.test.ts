import { TestDatabases } from '@backstage/backend-test-utils';
import { openApiContract } from '@lookout/plugin-incidents-backend/src/__testUtils__/openApiContract';
import request from 'supertest';
import {
  API,
  declareIncident,
  eventually,
  fakeSlackPerTest,
  startChatBackend,
} from '../__testUtils__/slackBackend';

jest.setTimeout(120_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

/** Each answer as the incidents backend's openapi.yaml documents the chat routes. */
function documented(method: string, response: request.Response) {
  const check = openApiContract().checkResponse({
    method,
    url: response.request.url,
    status: response.status,
    contentType: response.headers['content-type'],
    body: response.body,
  });
  expect(check).toMatchObject({
    operation: `${method} /chat/channels/{incidentId}`,
    problems: [],
  });
  return response;
}

describe.each(databases.eachSupportedId())(
  'The incident page’s channel routes on %p',
  databaseId => {
    const fake = fakeSlackPerTest();

    it('shows no channel, opens one on request for any severity, then shows it', async () => {
      const knex = await databases.init(databaseId);
      const server = await startChatBackend(knex, { apiUrl: fake.apiUrl });
      await declareIncident(server, 'Slow thumbnails', 'SEV4');
      const get = async () =>
        documented(
          'GET',
          await request(server).get(`${API}/chat/channels/INC-1`),
        );

      expect((await get()).body).toEqual({ channel: null });
      const asked = documented(
        'POST',
        await request(server).post(`${API}/chat/channels/INC-1`),
      );
      expect(asked.status).toBe(202);
      const shown = await eventually(async () => {
        const answer = await get();
        expect(answer.body.channel).not.toBeNull();
        return answer.body.channel;
      });
      const channel = fake.slack.channelByName('inc-1-slow-thumbnails')!;
      expect(shown).toEqual({
        id: channel.id,
        name: 'inc-1-slow-thumbnails',
        url: `https://slack.com/app_redirect?channel=${channel.id}`,
        archived: false,
      });
      // asking again makes no second channel
      documented(
        'POST',
        await request(server).post(`${API}/chat/channels/INC-1`),
      );
      expect(fake.slack.callsOf('conversations.create', 'ok')).toHaveLength(1);

      const missing = documented(
        'GET',
        await request(server).get(`${API}/chat/channels/INC-99`),
      );
      expect(missing.status).toBe(404);
    });
  },
);
