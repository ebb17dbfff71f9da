import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Acknowledge links: `<payload>.<signature>`, the payload naming one page and when the link
 * expires, the signature an HMAC-SHA256 of the payload under a secret all replicas share.
 * Whoever holds the link may acknowledge that page's incident, and nothing else.
 */
export class AckTokens {
  constructor(
    private readonly secret: () => Promise<string>,
    private readonly ttlMs: number,
  ) {}

  async sign(pageId: string, now: number): Promise<string> {
    const payload = Buffer.from(
      JSON.stringify({ p: pageId, e: Math.floor((now + this.ttlMs) / 1000) }),
    ).toString('base64url');
    return `${payload}.${await this.mac(payload)}`;
  }

  /** The page a token names, or a reason it is refused. */
  async verify(
    token: string,
    now: number,
  ): Promise<{ pageId: string } | { refused: string }> {
    const [payload, signature, ...rest] = token.split('.');
    if (!payload || !signature || rest.length > 0) {
      return { refused: 'This acknowledge link is malformed' };
    }
    const expected = Buffer.from(await this.mac(payload));
    const given = Buffer.from(signature);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
      return { refused: 'This acknowledge link is not valid' };
    }
    let claims: { p?: unknown; e?: unknown };
    try {
      claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    } catch {
      return { refused: 'This acknowledge link is malformed' };
    }
    if (typeof claims.p !== 'string' || typeof claims.e !== 'number') {
      return { refused: 'This acknowledge link is malformed' };
    }
    if (claims.e * 1000 < now) {
      return {
        refused:
          'This acknowledge link has expired; acknowledge the incident in the portal',
      };
    }
    return { pageId: claims.p };
  }

  private async mac(payload: string): Promise<string> {
    return createHmac('sha256', await this.secret())
      .update(payload)
      .digest('base64url');
  }
}
