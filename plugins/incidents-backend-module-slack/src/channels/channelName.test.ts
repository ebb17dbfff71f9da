import { channelName, MAX_CHANNEL_NAME } from './channelName';

describe('channelName', () => {
  const template = 'inc-{number}-{title}';

  it('follows the template in lower case with hyphens', () => {
    expect(
      channelName(template, { id: 'INC-42', title: 'Checkout latency' }),
    ).toBe('inc-42-checkout-latency');
    expect(channelName('{id}', { id: 'INC-7', title: 'x' })).toBe('inc-7');
  });

  it("keeps to Slack's characters: accents dropped, punctuation and spaces become one hyphen", () => {
    expect(
      channelName(template, {
        id: 'INC-3',
        title: 'Crème brûlée: 50% of  PAYMENTS fail!! (EU)',
      }),
    ).toBe('inc-3-creme-brulee-50-of-payments-fail-eu');
    expect(channelName(template, { id: 'INC-4', title: '🔥🔥' })).toBe('inc-4');
    expect(channelName('{title}', { id: 'INC-5', title: '!!!' })).toBe('inc-5');
  });

  it('stays within 80 characters, suffix included, and never ends in a hyphen', () => {
    const title = 'a very long title '.repeat(10);
    const first = channelName(template, { id: 'INC-1234', title });
    const third = channelName(template, { id: 'INC-1234', title }, 3);
    expect(first.length).toBeLessThanOrEqual(MAX_CHANNEL_NAME);
    expect(third.length).toBeLessThanOrEqual(MAX_CHANNEL_NAME);
    expect(third.endsWith('-3')).toBe(true);
    expect(first).not.toMatch(/-$/);
    expect(third).toMatch(/^[a-z0-9_-]+$/);
  });
});
