import { mockServices } from '@backstage/backend-test-utils';
import { FakeSlack } from '../__testUtils__/FakeSlack';
import { slackErrorCode, SlackClient, SlackRetryLater } from './SlackClient';

describe('SlackClient', () => {
  let slack: FakeSlack;
  let apiUrl: string;

  beforeEach(async () => {
    slack = new FakeSlack();
    apiUrl = await slack.start();
  });
  afterEach(() => slack.stop());

  const client = (maxWaitMs?: number) =>
    new SlackClient({
      botToken: slack.token,
      apiUrl,
      logger: mockServices.logger.mock(),
      maxWaitMs,
    });

  it('waits out Retry-After and then lets one call through at a time, so every call passes', async () => {
    // 120 a minute (one every 0.5 s) with bursts of 5: 12 calls need about 3.5 s
    slack.limit('conversations.create', 120, 5);
    const names = Array.from({ length: 12 }, (_, i) => `paced-${i}`);
    const created = await Promise.all(
      names.map(n => client().createChannel(n)),
    );
    expect(created.map(c => c.name).sort()).toEqual([...names].sort());
    const outcomes = slack.callsOf('conversations.create').map(c => c.outcome);
    expect(outcomes.filter(o => o === 'ok')).toHaveLength(12);
    // one client shares its pacing: the 7 calls past the burst do not each hit the limit twice
    const shared = client();
    slack.limit('chat.postMessage', 120, 2);
    const channel = created[0].id;
    await Promise.all(
      Array.from({ length: 6 }, (_, i) => shared.postMessage(channel, `m${i}`)),
    );
    const refused = slack.callsOf('chat.postMessage', 'ratelimited').length;
    expect(refused).toBeLessThanOrEqual(6);
    expect(slack.callsOf('chat.postMessage', 'ok')).toHaveLength(6);
  }, 30_000);

  it('gives the work back with SlackRetryLater when the wait is longer than it may wait', async () => {
    slack.failNext('conversations.create', {
      kind: 'ratelimited',
      retryAfter: 30,
    });
    const error = await client(2_000)
      .createChannel('later')
      .catch(e => e);
    expect(error).toBeInstanceOf(SlackRetryLater);
    expect(error.retryAfterMs).toBeGreaterThan(25_000);
    expect(slack.channelByName('later')).toBeUndefined();
  });

  it("passes Slack's own errors through, and HTTP 500 as an error", async () => {
    await client().createChannel('taken');
    const taken = await client()
      .createChannel('taken')
      .catch(e => e);
    expect(slackErrorCode(taken)).toBe('name_taken');
    slack.failNext('conversations.create', { kind: 'http_500' });
    await expect(client().createChannel('down')).rejects.toThrow(/500/);
    // already in the channel and already archived are what was wanted
    slack.addUser('U1');
    const { id } = await client().createChannel('people');
    await client().invite(id, ['U1']);
    await client().invite(id, ['U1']);
    await client().archive(id);
    await client().archive(id);
    expect(slack.channels.get(id)?.archived).toBe(true);
  });
});
