import { AuthenticationError } from '@backstage/errors';
import { createHmac, timingSafeEqual } from 'node:crypto';

export const ZENDESK_SIGNATURE_HEADER = 'X-Zendesk-Webhook-Signature';
export const ZENDESK_TIMESTAMP_HEADER = 'X-Zendesk-Webhook-Signature-Timestamp';
export const INTERCOM_SIGNATURE_HEADER = 'X-Hub-Signature';

/** A signed delivery older or newer than this is refused as a possible replay. */
const MAX_SKEW_MS = 5 * 60_000;

/** Zendesk's signature: base64 of HMAC-SHA256 over the timestamp header followed by the raw body. */
export function zendeskSignature(
  secret: string,
  timestamp: string,
  body: Buffer,
): string {
  return createHmac('sha256', secret)
    .update(timestamp, 'utf8')
    .update(body)
    .digest('base64');
}

/** Intercom's signature: `sha1=` and the hex HMAC-SHA1 of the raw body. */
export function intercomSignature(secret: string, body: Buffer): string {
  return `sha1=${createHmac('sha1', secret).update(body).digest('hex')}`;
}

function same(expected: string, given: string): boolean {
  const a = Buffer.from(expected, 'utf8');
  const b = Buffer.from(given.trim(), 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Zendesk sends its timestamp as ISO 8601 (`2024-04-17T17:18:10Z`); Unix seconds are taken too. */
function timestampMs(value: string): number {
  return /^\d{9,11}$/.test(value) ? Number(value) * 1000 : Date.parse(value);
}

/** Throws a 401 unless the delivery carries Zendesk's signature, made within five minutes. */
export function verifyZendesk(
  secret: string | null,
  body: Buffer,
  signature: string | undefined,
  timestamp: string | undefined,
  now: number,
): void {
  if (!secret) {
    throw new AuthenticationError(
      'This key has no signing secret; create a zendesk integration for this route',
    );
  }
  if (!signature || !timestamp) {
    throw new AuthenticationError(
      `Zendesk deliveries must be signed: ${ZENDESK_SIGNATURE_HEADER} and ${ZENDESK_TIMESTAMP_HEADER} are required`,
    );
  }
  const at = timestampMs(timestamp.trim());
  if (!(Math.abs(now - at) <= MAX_SKEW_MS)) {
    throw new AuthenticationError(
      `${ZENDESK_TIMESTAMP_HEADER} is not within five minutes of now; refusing a possible replay`,
    );
  }
  if (!same(zendeskSignature(secret, timestamp, body), signature)) {
    throw new AuthenticationError(
      `${ZENDESK_SIGNATURE_HEADER} does not match the body`,
    );
  }
}

/** Throws a 401 unless the delivery carries Intercom's `X-Hub-Signature` over this body. */
export function verifyIntercom(
  secret: string | null,
  body: Buffer,
  signature: string | undefined,
): void {
  if (!secret) {
    throw new AuthenticationError(
      'This key has no signing secret; create an intercom integration for this route',
    );
  }
  if (!signature) {
    throw new AuthenticationError(
      `Intercom deliveries must be signed: ${INTERCOM_SIGNATURE_HEADER} is missing`,
    );
  }
  if (!same(intercomSignature(secret, body), signature.toLowerCase())) {
    throw new AuthenticationError(
      `${INTERCOM_SIGNATURE_HEADER} does not match the body`,
    );
  }
}
