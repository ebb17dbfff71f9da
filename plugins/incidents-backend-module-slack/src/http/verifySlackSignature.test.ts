import { signSlackRequest, verifySlackSignature } from './verifySlackSignature';

describe('verifySlackSignature', () => {
  // Slack's worked example from "Verifying requests from Slack"
  const secret = '8f742231b10e8888abcd99yyyzzz85a5';
  const timestamp = '1531420618';
  const body =
    'token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c';
  const signature =
    'v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503';

  it("accepts Slack's own example", () => {
    expect(signSlackRequest(secret, timestamp, body)).toBe(signature);
    expect(() =>
      verifySlackSignature({
        signingSecret: secret,
        body: Buffer.from(body),
        timestamp,
        signature,
        nowSeconds: 1531420618 + 60,
      }),
    ).not.toThrow();
  });

  it.each([
    ['a changed body', { body: Buffer.from(`${body}x`) }, /does not match/],
    ['another secret', { signingSecret: 'other' }, /does not match/],
    [
      'a truncated signature',
      { signature: signature.slice(0, 20) },
      /does not match/,
    ],
    ['no signature', { signature: undefined }, /Missing/],
    ['no timestamp', { timestamp: undefined }, /Missing/],
    [
      'a timestamp over five minutes old',
      { nowSeconds: 1531420618 + 301 },
      /five minutes/,
    ],
    [
      'a timestamp over five minutes ahead',
      { nowSeconds: 1531420618 - 301 },
      /five minutes/,
    ],
    ['a timestamp that is no number', { timestamp: 'soon' }, /five minutes/],
  ])('refuses %s with AuthenticationError', (_, change, message) => {
    expect(() =>
      verifySlackSignature({
        signingSecret: secret,
        body: Buffer.from(body),
        timestamp,
        signature,
        nowSeconds: 1531420618,
        ...change,
      }),
    ).toThrow(
      expect.objectContaining({
        name: 'AuthenticationError',
        message: expect.stringMatching(message),
      }),
    );
  });
});
