import { FreshdeskClient } from '../helpdesks/FreshdeskClient';
import { HelpdeskError } from '../helpdesks/HelpdeskClient';
import { ZendeskClient } from '../helpdesks/ZendeskClient';
import {
  readAllPages,
  startFakeFreshdesk,
  startFakeZendesk,
} from './fakeHelpdesks';

// The fakes stand in for the vendors in every support test: they must refuse what the vendors
// refuse, page as they page, and throttle as they throttle.
describe('fake helpdesks', () => {
  const zendeskAuth = { email: 'a@b.test', apiToken: 't' };
  const message = (ticketId: string, i: number) => ({
    ticketId,
    kind: 'note' as const,
    body: `note ${i}`,
    requester: null,
    incidentId: 'INC-1',
  });

  it('zendesk: checks the API token, keeps comments, pages them with a cursor', async () => {
    const fake = await startFakeZendesk(zendeskAuth);
    try {
      fake.addTicket('7');
      const wrong = new ZendeskClient({
        baseUrl: fake.url,
        email: 'a@b.test',
        apiToken: 'x',
      });
      await expect(wrong.send(message('7', 0))).rejects.toMatchObject({
        status: 401,
      });
      const client = new ZendeskClient({ baseUrl: fake.url, ...zendeskAuth });
      for (let i = 0; i < 5; i++) await client.send(message('7', i));
      await expect(client.send(message('8', 0))).rejects.toMatchObject({
        status: 404,
      });
      const auth = `Basic ${Buffer.from('a@b.test/token:t').toString(
        'base64',
      )}`;
      const comments = await readAllPages(
        `${fake.url}/api/v2/tickets/7/comments?page[size]=2`,
        auth,
        json => json.comments,
        json => json.links.next,
      );
      expect(comments.map((c: any) => c.body)).toEqual(
        [0, 1, 2, 3, 4].map(i => `note ${i}`),
      );
    } finally {
      await fake.close();
    }
  });

  it('freshdesk: pages conversations with a Link header; throttles with Retry-After; fails on demand', async () => {
    const fake = await startFakeFreshdesk(
      { apiKey: 'k' },
      { requestsPerMinute: 60, burst: 3 },
    );
    try {
      fake.addTicket('9');
      const client = new FreshdeskClient({ baseUrl: fake.url, apiKey: 'k' });
      for (let i = 0; i < 3; i++) await client.send(message('9', i));
      const throttled = await client.send(message('9', 3)).catch(e => e);
      expect(throttled).toBeInstanceOf(HelpdeskError);
      expect(throttled).toMatchObject({ status: 429, retryAfterMs: 1000 });
      expect(fake.throttled).toBe(1);

      const unlimited = await startFakeFreshdesk({ apiKey: 'k' });
      try {
        unlimited.addTicket('9');
        const other = new FreshdeskClient({
          baseUrl: unlimited.url,
          apiKey: 'k',
        });
        unlimited.failNext(1, 500);
        await expect(other.send(message('9', 0))).rejects.toMatchObject({
          status: 500,
        });
        for (let i = 0; i < 5; i++) await other.send(message('9', i));
        const auth = `Basic ${Buffer.from('k:X').toString('base64')}`;
        const notes = await readAllPages(
          `${unlimited.url}/api/v2/tickets/9/conversations?per_page=2`,
          auth,
          json => json,
          (_json, res) =>
            /<([^>]+)>; rel="next"/.exec(res.headers.get('link') ?? '')?.[1] ??
            null,
        );
        expect(notes).toHaveLength(5);
        expect(notes.every((n: any) => n.private)).toBe(true);
      } finally {
        await unlimited.close();
      }
    } finally {
      await fake.close();
    }
  });
});
