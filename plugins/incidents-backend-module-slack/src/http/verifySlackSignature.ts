import { AuthenticationError } from '@backstage/errors';
import { createHmac, timingSafeEqual } from 'node:crypto';

/** Slack refuses replays older than five minutes; so do we. */
export const SIGNATURE_WINDOW_SECONDS = 5 * 60;

/**
 * Checks Slack's v0 request signature: `X-Slack-Signature` must be `v0=` and the hex
 * HMAC-SHA256, keyed with the signing secret, of `v0:<X-Slack-Request-Timestamp>:<raw body>`,
 * and the timestamp must be within five minutes of now. Throws AuthenticationError (401).
 */
export function verifySlackSignature(options: {
  signingSecret: string;
  body: Buffer;
  timestamp: string | undefined;
  signature: string | undefined;
  nowSeconds?: number;
}): void {
  const { signingSecret, body, timestamp, signature } = options;
  if (!timestamp || !signature) {
    throw new AuthenticationError(
      'Missing X-Slack-Signature or X-Slack-Request-Timestamp',
    );
  }
  const sent = Number(timestamp);
  const now = options.nowSeconds ?? Math.floor(Date.now() / 1000);
  if (
    !Number.isInteger(sent) ||
    Math.abs(now - sent) > SIGNATURE_WINDOW_SECONDS
  ) {
    throw new AuthenticationError(
      'X-Slack-Request-Timestamp is more than five minutes from now',
    );
  }
  const expected = Buffer.from(
    signSlackRequest(signingSecret, timestamp, body),
  );
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
    throw new AuthenticationError('X-Slack-Signature does not match');
  }
}

/** The `X-Slack-Signature` value Slack sends for this body at this timestamp. */
export function signSlackRequest(
  signingSecret: string,
  timestamp: string,
  body: Buffer | string,
): string {
  const hmac = createHmac('sha256', signingSecret);
  hmac.update(`v0:${timestamp}:`);
  hmac.update(body);
  return `v0=${hmac.digest('hex')}`;
}
