import {
  createHash,
  createHmac,
  randomBytes,
  randomInt,
  timingSafeEqual,
} from 'node:crypto';

/** Every Lookout key starts with this, so a leaked one is recognisable in a scan. */
export const KEY_PREFIX = 'lk_';
const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';
/**
 * 29 characters of 36 carry about 150 random bits; with the prefix a key is 32 characters
 * long, the length PagerDuty-style senders expect of a routing key. Lowercase letters and
 * digits survive every config format and header unquoted.
 */
const KEY_BODY_LENGTH = 29;
const HINT_LENGTH = KEY_PREFIX.length + 4;

export function generateKey(): string {
  let body = '';
  for (let i = 0; i < KEY_BODY_LENGTH; i++) {
    body += ALPHABET[randomInt(ALPHABET.length)];
  }
  return `${KEY_PREFIX}${body}`;
}

/** A key is looked up by its sha256; the key itself is never stored. */
export function hashKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

export function keyHint(key: string): string {
  return key.slice(0, HINT_LENGTH);
}

/** A secret for Grafana's HMAC signing: 256 random bits. */
export function generateSigningSecret(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * Grafana's webhook signature: hex HMAC-SHA256 of the raw body, or of `timestamp:body` when
 * the contact point also sends a timestamp header.
 */
export function grafanaSignature(
  secret: string,
  body: Buffer,
  timestamp?: string,
): string {
  const hmac = createHmac('sha256', secret);
  if (timestamp !== undefined) hmac.update(`${timestamp}:`, 'utf8');
  return hmac.update(body).digest('hex');
}

/** Compares in constant time, so a forger learns nothing from how long a refusal takes. */
export function signaturesMatch(expected: string, given: string): boolean {
  const a = Buffer.from(expected, 'utf8');
  const b = Buffer.from(given.trim().toLowerCase(), 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}
