import http from 'node:http';
import { AddressInfo } from 'node:net';

/** One message a fake helpdesk accepted on a ticket. */
export interface FakeMessage {
  body: string;
  /** True for what the customer sees (a public comment, a reply); false for internal notes. */
  public: boolean;
  at: number;
}

/** What every fake helpdesk offers its test. */
export interface FakeHelpdesk {
  url: string;
  /** Messages per ticket id, oldest first. */
  messages: Map<string, FakeMessage[]>;
  /** Every request that reached it, refused ones included. */
  requests: number;
  /** Requests answered 429. */
  throttled: number;
  /** Adds a ticket (only known tickets take messages; others answer 404). */
  addTicket(id: string): void;
  /** The next `count` message calls answer `status` (500 by default). */
  failNext(count: number, status?: number): void;
  close(): Promise<void>;
}

interface FakeOptions {
  /** Requests a minute before 429 with Retry-After, spread evenly (a token bucket). */
  requestsPerMinute?: number;
  /** How many requests may come at once before the bucket runs dry. */
  burst?: number;
  /** How long each answer takes, as a real helpdesk's API does (100–300 ms). */
  latencyMs?: number;
  /** A fixed port, for a portal configured to call it; any free port by default. */
  port?: number;
}

interface Route {
  method: string;
  pattern: RegExp;
  handle: (
    match: RegExpExecArray,
    body: any,
    url: URL,
  ) => { status: number; json?: unknown; headers?: Record<string, string> };
}

/**
 * The shared core of the fakes: state kept per ticket, authentication checked on every call,
 * a token-bucket rate limit answering 429 with Retry-After (in seconds, as Zendesk and
 * Freshdesk send it), and 5xx on demand.
 */
async function startFake(
  authorized: (header: string | undefined) => boolean,
  routes: (state: FakeHelpdesk) => Route[],
  options: FakeOptions,
): Promise<FakeHelpdesk> {
  const perMinute = options.requestsPerMinute ?? 0;
  const burst = options.burst ?? Math.max(1, Math.round(perMinute / 60));
  let tokens = burst;
  let refilledAt = Date.now();
  let failures: { count: number; status: number } = { count: 0, status: 500 };
  const tickets = new Set<string>();

  const state: FakeHelpdesk = {
    url: '',
    messages: new Map(),
    requests: 0,
    throttled: 0,
    addTicket: id => {
      tickets.add(id);
      if (!state.messages.has(id)) state.messages.set(id, []);
    },
    failNext: (count, status = 500) => {
      failures = { count, status };
    },
    close: async () => undefined,
  };
  const table = routes(state);

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', c => chunks.push(c));
    req.on('end', () => {
      state.requests++;
      const send = (
        status: number,
        json?: unknown,
        headers: Record<string, string> = {},
      ) => {
        const answer = () => {
          res.writeHead(status, {
            'content-type': 'application/json',
            ...headers,
          });
          res.end(json === undefined ? '' : JSON.stringify(json));
        };
        // the answer is late, the rate limit counted the request on arrival
        if (options.latencyMs) setTimeout(answer, options.latencyMs);
        else answer();
      };
      if (!authorized(req.headers.authorization)) {
        send(401, { error: "Couldn't authenticate you" });
        return;
      }
      if (perMinute > 0) {
        const now = Date.now();
        tokens = Math.min(
          burst,
          tokens + ((now - refilledAt) * perMinute) / 60_000,
        );
        refilledAt = now;
        if (tokens < 1) {
          state.throttled++;
          const waitS = Math.max(1, Math.ceil(((1 - tokens) * 60) / perMinute));
          send(
            429,
            { error: 'APIRateLimitExceeded' },
            { 'retry-after': String(waitS) },
          );
          return;
        }
        tokens -= 1;
      }
      const url = new URL(req.url ?? '/', 'http://fake');
      for (const route of table) {
        const match = route.pattern.exec(url.pathname);
        if (!match || route.method !== req.method) continue;
        let body: any;
        try {
          body = chunks.length
            ? JSON.parse(Buffer.concat(chunks).toString('utf8'))
            : undefined;
        } catch {
          send(400, { error: 'InvalidJSON' });
          return;
        }
        if (req.method !== 'GET' && failures.count > 0) {
          failures.count--;
          if (failures.status === 429) state.throttled++;
          send(
            failures.status,
            {
              error:
                failures.status === 429
                  ? 'APIRateLimitExceeded'
                  : 'InternalError',
            },
            failures.status === 429 || failures.status === 503
              ? { 'retry-after': '1' }
              : {},
          );
          return;
        }
        const known = tickets.has(decodeURIComponent(match[1]));
        if (!known) {
          send(404, { error: 'RecordNotFound', description: 'Not found' });
          return;
        }
        const out = route.handle(match, body, url);
        send(out.status, out.json, out.headers);
        return;
      }
      send(404, { error: 'InvalidEndpoint' });
    });
  });
  await new Promise<void>(resolve =>
    server.listen(options.port ?? 0, '127.0.0.1', resolve),
  );
  const { port } = server.address() as AddressInfo;
  state.url = `http://127.0.0.1:${port}`;
  state.close = () =>
    new Promise<void>(resolve => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return state;
}

const add = (state: FakeHelpdesk, id: string, message: FakeMessage) => {
  state.messages.get(id)!.push(message);
};

/** A page of a list, `page` from 1, and whether more follow. */
function pageOf<T>(list: T[], page: number, size: number) {
  const items = list.slice((page - 1) * size, page * size);
  return { items, more: page * size < list.length };
}

/**
 * Zendesk Support: `PUT /api/v2/tickets/{id}` with `ticket.comment {body, public}` (API token
 * Basic auth `{email}/token:{token}`), and `GET /api/v2/tickets/{id}/comments` with cursor
 * pagination (`page[size]`, `page[after]`, `meta.has_more`, `links.next`).
 */
export function startFakeZendesk(
  credentials: { email: string; apiToken: string },
  options: FakeOptions = {},
): Promise<FakeHelpdesk> {
  const expected = `Basic ${Buffer.from(
    `${credentials.email}/token:${credentials.apiToken}`,
  ).toString('base64')}`;
  return startFake(
    header => header === expected,
    state => [
      {
        method: 'PUT',
        pattern: /^\/api\/v2\/tickets\/([^/.]+)(?:\.json)?$/,
        handle: (m, body) => {
          const comment = body?.ticket?.comment;
          if (typeof comment?.body !== 'string' || !comment.body) {
            return {
              status: 422,
              json: {
                error: 'RecordInvalid',
                details: { comment: 'body is required' },
              },
            };
          }
          add(state, m[1], {
            body: comment.body,
            public: comment.public !== false,
            at: Date.now(),
          });
          return {
            status: 200,
            json: {
              ticket: { id: Number(m[1]) || m[1] },
              audit: { events: [{ type: 'Comment' }] },
            },
          };
        },
      },
      {
        method: 'GET',
        pattern: /^\/api\/v2\/tickets\/([^/.]+)\/comments(?:\.json)?$/,
        handle: (m, _body, url) => {
          const size = Math.min(
            100,
            Number(url.searchParams.get('page[size]') ?? 100),
          );
          const after = Number(url.searchParams.get('page[after]') ?? 0);
          const all = state.messages.get(m[1])!;
          const items = all.slice(after, after + size);
          const more = after + size < all.length;
          return {
            status: 200,
            json: {
              comments: items.map((c, i) => ({
                id: after + i + 1,
                body: c.body,
                public: c.public,
              })),
              meta: {
                has_more: more,
                after_cursor: more ? String(after + size) : null,
              },
              links: {
                next: more
                  ? `${state.url}${
                      url.pathname
                    }?page[size]=${size}&page[after]=${after + size}`
                  : null,
              },
            },
          };
        },
      },
    ],
    options,
  );
}

/**
 * Intercom: `POST /conversations/{id}/reply` with `message_type` `note` or `comment`, `type`
 * `admin` and `admin_id` (Bearer access token), and `GET /conversations/{id}` with its parts.
 */
export function startFakeIntercom(
  credentials: { accessToken: string; adminId: string },
  options: FakeOptions = {},
): Promise<FakeHelpdesk> {
  return startFake(
    header => header === `Bearer ${credentials.accessToken}`,
    state => [
      {
        method: 'POST',
        pattern: /^\/conversations\/([^/]+)\/reply$/,
        handle: (m, body) => {
          if (
            body?.type !== 'admin' ||
            body?.admin_id !== credentials.adminId ||
            !['note', 'comment'].includes(body?.message_type) ||
            typeof body?.body !== 'string'
          ) {
            return {
              status: 400,
              json: {
                type: 'error.list',
                errors: [
                  {
                    code: 'parameter_invalid',
                    message:
                      'admin reply needs type admin, a known admin_id, message_type note or comment, and a body',
                  },
                ],
              },
            };
          }
          add(state, m[1], {
            body: body.body,
            public: body.message_type === 'comment',
            at: Date.now(),
          });
          return { status: 200, json: { type: 'conversation', id: m[1] } };
        },
      },
      {
        method: 'GET',
        pattern: /^\/conversations\/([^/]+)$/,
        handle: m => ({
          status: 200,
          json: {
            type: 'conversation',
            id: m[1],
            conversation_parts: {
              type: 'conversation_part.list',
              conversation_parts: state.messages.get(m[1])!.map((p, i) => ({
                type: 'conversation_part',
                id: String(i + 1),
                part_type: p.public ? 'comment' : 'note',
                body: p.body,
              })),
              total_count: state.messages.get(m[1])!.length,
            },
          },
        }),
      },
    ],
    options,
  );
}

/** Freshdesk's answer to a note or reply without a body. */
const FRESHDESK_MISSING_BODY = {
  status: 400,
  json: {
    description: 'Validation failed',
    errors: [{ field: 'body', code: 'missing_field' }],
  },
};

/**
 * Freshdesk: `POST /api/v2/tickets/{id}/notes` (`private` true by default) and `/reply`, Basic
 * auth with the API key and `X`, and `GET /api/v2/tickets/{id}/conversations` paginated with
 * `page` and `per_page` and a `Link: <…>; rel="next"` header.
 */
export function startFakeFreshdesk(
  credentials: { apiKey: string },
  options: FakeOptions = {},
): Promise<FakeHelpdesk> {
  const expected = `Basic ${Buffer.from(`${credentials.apiKey}:X`).toString(
    'base64',
  )}`;
  return startFake(
    header => header === expected,
    state => [
      {
        method: 'POST',
        pattern: /^\/api\/v2\/tickets\/([^/]+)\/notes$/,
        handle: (m, body) => {
          if (typeof body?.body !== 'string' || !body.body) {
            return FRESHDESK_MISSING_BODY;
          }
          add(state, m[1], {
            body: body.body,
            public: body.private === false,
            at: Date.now(),
          });
          return {
            status: 201,
            json: {
              body: body.body,
              private: body.private !== false,
              ticket_id: Number(m[1]),
            },
          };
        },
      },
      {
        method: 'POST',
        pattern: /^\/api\/v2\/tickets\/([^/]+)\/reply$/,
        handle: (m, body) => {
          if (typeof body?.body !== 'string' || !body.body) {
            return FRESHDESK_MISSING_BODY;
          }
          add(state, m[1], { body: body.body, public: true, at: Date.now() });
          return {
            status: 201,
            json: { body: body.body, ticket_id: Number(m[1]) },
          };
        },
      },
      {
        method: 'GET',
        pattern: /^\/api\/v2\/tickets\/([^/]+)\/conversations$/,
        handle: (m, _body, url) => {
          const page = Math.max(1, Number(url.searchParams.get('page') ?? 1));
          const perPage = Math.min(
            100,
            Number(url.searchParams.get('per_page') ?? 30),
          );
          const { items, more } = pageOf(
            state.messages.get(m[1])!,
            page,
            perPage,
          );
          const headers: Record<string, string> = more
            ? {
                link: `<${state.url}${url.pathname}?page=${
                  page + 1
                }&per_page=${perPage}>; rel="next"`,
              }
            : {};
          return {
            status: 200,
            json: items.map(c => ({ body: c.body, private: !c.public })),
            headers,
          };
        },
      },
    ],
    options,
  );
}

/** Follows a fake's pagination to the end, as a client of the vendor would. */
export async function readAllPages(
  first: string,
  authorization: string,
  itemsOf: (json: any) => unknown[],
  nextOf: (json: any, res: Response) => string | null,
): Promise<unknown[]> {
  const out: unknown[] = [];
  for (let url: string | null = first; url; ) {
    const res: Response = await fetch(url, { headers: { authorization } });
    const json = await res.json();
    out.push(...itemsOf(json));
    url = nextOf(json, res);
  }
  return out;
}
