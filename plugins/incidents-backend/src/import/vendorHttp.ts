import { InputError, ServiceUnavailableError } from '@backstage/errors';

/** How a vendor client retries: the waits are capped so a run never stalls for minutes. */
export interface RetryPolicy {
  attempts: number;
  /** The first back-off after a 5xx or a network error; doubles each time. */
  baseDelayMs: number;
  /** No single wait is longer, whatever Retry-After asks. */
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = {
  attempts: 6,
  baseDelayMs: 500,
  maxDelayMs: 30_000,
};

export interface VendorHttpOptions {
  vendor: string;
  baseUrl: string;
  /** The Authorization header, built from the token by the vendor's client. */
  authorization: string;
  extraHeaders?: Record<string, string>;
  retry?: RetryPolicy;
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
}

/**
 * GET with the vendor's token, honouring 429 (Retry-After, or the vendor's reset header) and
 * retrying 5xx and network errors with exponential back-off. A refused token is an InputError
 * that names the vendor and the status, as the person who pasted the token needs to read it.
 */
export class VendorHttp {
  private readonly retry: RetryPolicy;
  private readonly doFetch: typeof fetch;
  private readonly sleep: (ms: number) => Promise<void>;
  /** Requests made and waits taken, for the plan's log and the bench. */
  readonly stats = { requests: 0, rateLimited: 0, retried: 0 };

  constructor(private readonly options: VendorHttpOptions) {
    this.retry = options.retry ?? DEFAULT_RETRY;
    this.doFetch = options.fetch ?? fetch;
    this.sleep =
      options.sleep ?? (ms => new Promise(resolve => setTimeout(resolve, ms)));
  }

  /**
   * The JSON of `path` (relative to the base URL, or absolute as paging links are). `headers`
   * add to or replace the client's own for this request; with `absentOn404` a 404 answers
   * undefined (an API the account does not have) instead of failing the run.
   */
  async get<T>(
    path: string,
    query: Record<string, string | number> = {},
    options: { headers?: Record<string, string>; absentOn404?: boolean } = {},
  ): Promise<T> {
    const url = new URL(
      /^https?:\/\//.test(path)
        ? path
        : `${this.options.baseUrl.replace(/\/+$/, '')}${path}`,
    );
    // a paging link elsewhere would carry the token to another host
    if (url.origin !== new URL(this.options.baseUrl).origin) {
      throw new InputError(
        `${this.options.vendor} linked to ${url.origin}, not its API at ${this.options.baseUrl}`,
      );
    }
    for (const [key, value] of Object.entries(query)) {
      url.searchParams.set(key, String(value));
    }
    const { vendor } = this.options;
    let lastProblem = '';
    for (let attempt = 1; attempt <= this.retry.attempts; attempt++) {
      let response: Response;
      try {
        this.stats.requests++;
        response = await this.doFetch(url, {
          headers: {
            Accept: 'application/json',
            Authorization: this.options.authorization,
            ...this.options.extraHeaders,
            ...options.headers,
          },
        });
      } catch (error) {
        lastProblem = `cannot reach ${url.origin}: ${(error as Error).message}`;
        await this.backOff(attempt);
        continue;
      }
      if (response.ok) return (await response.json()) as T;
      const body = await response.text();
      if (response.status === 404 && options.absentOn404) {
        return undefined as T;
      }
      if (response.status === 401 || response.status === 403) {
        throw new InputError(
          `${vendor} refused the API token (${response.status} on ${url.pathname})` +
            `${vendorMessage(
              body,
            )}; check the token and its permissions. Nothing was written.`,
        );
      }
      if (response.status === 429) {
        this.stats.rateLimited++;
        lastProblem = `rate limited (429) on ${url.pathname}`;
        if (attempt < this.retry.attempts) {
          await this.sleep(
            Math.min(this.retry.maxDelayMs, waitOf(response.headers)),
          );
        }
        continue;
      }
      if (response.status >= 500) {
        lastProblem = `${response.status} on ${url.pathname}${vendorMessage(
          body,
        )}`;
        await this.backOff(attempt);
        continue;
      }
      throw new InputError(
        `${vendor} answered ${response.status} on ${
          url.pathname
        }${vendorMessage(body)}`,
      );
    }
    throw new ServiceUnavailableError(
      `${vendor} kept failing after ${this.retry.attempts} attempts (${lastProblem}); nothing was written`,
    );
  }

  private async backOff(attempt: number) {
    if (attempt >= this.retry.attempts) return;
    this.stats.retried++;
    await this.sleep(
      Math.min(
        this.retry.maxDelayMs,
        this.retry.baseDelayMs * 2 ** (attempt - 1),
      ),
    );
  }
}

/**
 * How long a 429 asks to wait: Retry-After (seconds or an HTTP date), PagerDuty's
 * `ratelimit-reset` (seconds), or Opsgenie's `X-RateLimit-Period-In-Sec`; else a second.
 */
export function waitOf(headers: Headers): number {
  const retryAfter = headers.get('retry-after');
  if (retryAfter) {
    const seconds = Number(retryAfter);
    if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
    const date = Date.parse(retryAfter);
    if (Number.isFinite(date)) return Math.max(0, date - Date.now());
  }
  for (const name of ['ratelimit-reset', 'x-ratelimit-period-in-sec']) {
    const seconds = Number(headers.get(name));
    if (headers.get(name) && Number.isFinite(seconds)) {
      return Math.max(0, seconds * 1000);
    }
  }
  return 1000;
}

/** The vendor's own error message, when the body carries one. */
function vendorMessage(body: string): string {
  try {
    const parsed = JSON.parse(body);
    const message = parsed?.error?.message ?? parsed?.message;
    return typeof message === 'string' ? `: ${message}` : '';
  } catch {
    return '';
  }
}
