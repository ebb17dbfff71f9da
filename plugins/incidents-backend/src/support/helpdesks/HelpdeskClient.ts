import { SupportNoticeKind } from '../types';

/** One message to one ticket. */
export interface HelpdeskMessage {
  ticketId: string;
  /** An internal note (status updates) or a reply the customer sees (the resolution). */
  kind: SupportNoticeKind;
  body: string;
  requester: string | null;
  incidentId: string;
}

/** Sends Lookout's messages into one helpdesk's tickets through its REST API. */
export interface HelpdeskClient {
  send(message: HelpdeskMessage): Promise<void>;
}

/**
 * A helpdesk refused or failed a call. `retryAfterMs` is set when it said when to come back
 * (429 with Retry-After, or a 503 with one); the work queue waits exactly that long.
 */
export class HelpdeskError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'HelpdeskError';
  }
}

/** Retry-After as seconds or an HTTP date, in milliseconds from `now`. */
export function parseRetryAfter(
  header: string | null,
  now: number = Date.now(),
): number | undefined {
  if (!header) return undefined;
  if (/^\d+(\.\d+)?$/.test(header.trim())) {
    return Math.ceil(Number(header.trim()) * 1000);
  }
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** Posts JSON and turns anything but a 2xx into a HelpdeskError that says what happened. */
export async function sendJson(
  fetchFn: typeof fetch,
  url: string,
  init: { method: string; headers: Record<string, string>; body: unknown },
  timeoutMs: number,
): Promise<void> {
  let res: Response;
  try {
    res = await fetchFn(url, {
      method: init.method,
      headers: { 'content-type': 'application/json', ...init.headers },
      body: JSON.stringify(init.body),
      signal: AbortSignal.timeout(timeoutMs),
      redirect: 'manual',
    });
  } catch (error) {
    throw new HelpdeskError(
      `${init.method} ${new URL(url).pathname} failed: ${
        (error as Error).message
      }`,
      0,
    );
  }
  if (res.ok) {
    await res.arrayBuffer().catch(() => undefined);
    return;
  }
  const detail = (await res.text().catch(() => '')).slice(0, 300);
  throw new HelpdeskError(
    `${init.method} ${new URL(url).pathname} answered ${res.status}${
      detail ? `: ${detail}` : ''
    }`,
    res.status,
    res.status === 429 || res.status === 503
      ? parseRetryAfter(res.headers.get('retry-after'))
      : undefined,
  );
}
