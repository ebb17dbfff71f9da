import { createHmac } from 'node:crypto';

/** The header a paging webhook's body is signed in. */
export const SIGNATURE_HEADER = 'X-Lookout-Signature';

/** `sha256=<hex HMAC-SHA256 of the exact body bytes>`, as GitHub signs its webhooks. */
export function signBody(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}
