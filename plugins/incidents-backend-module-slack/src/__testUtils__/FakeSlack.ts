import http from 'node:http';
import { AddressInfo } from 'node:net';
import { FakeViews } from './FakeViews';

/** A message in a fake channel. */
export interface FakeMessage {
  ts: string;
  user: string;
  text: string;
  blocks?: unknown[];
  /** How many times chat.update replaced it. */
  edits: number;
  updatedAt?: number;
}

export interface FakeChannel {
  id: string;
  name: string;
  topic: string;
  members: Set<string>;
  archived: boolean;
  messages: FakeMessage[];
  pins: Set<string>;
  reactions: Array<{ ts: string; name: string; user: string }>;
}

export interface FakeCall {
  method: string;
  args: Record<string, string>;
  /** What the fake answered: ok, an error code, ratelimited or http_500. */
  outcome: string;
  at: number;
}

type Failure =
  | { kind: 'ratelimited'; retryAfter: number }
  | { kind: 'http_500' };

/** The bot's member ID; it is in every channel it creates. */
export const FAKE_BOT_USER = 'UBOT0000';

const NAME_RULE = /^[a-z0-9_-]+$/;

/**
 * A fake Slack Web API on loopback, written from Slack's method docs, for WebClient's
 * `slackApiUrl`: it keeps channels, members, messages, pins and reactions; enforces channel
 * names (lower case letters, digits, `-` and `_`, at most 80 characters, unique, `name_taken`
 * otherwise); checks the bot token; and answers `ratelimited` (HTTP 429 with Retry-After) or
 * HTTP 500 on demand, or whenever a method goes over the per-minute rate it was given (Slack's
 * tiers: Tier 2 is 20 a minute, Tier 3 is 50), with short bursts tolerated.
 */
export class FakeSlack {
  readonly channels = new Map<string, FakeChannel>();
  readonly users = new Map<string, { id: string; email?: string }>();
  readonly calls: FakeCall[] = [];
  /** Modals: views.open, views.update, and Slack's payloads for their menus. */
  readonly modals = new FakeViews();
  /** Every view opened, in order. */
  readonly views = this.modals.opened;
  private readonly failures = new Map<string, Failure[]>();
  private readonly limits = new Map<
    string,
    { perMinute: number; burst: number }
  >();
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  private server?: http.Server;
  private nextChannel = 1;
  private nextTs = 1;
  /** Where `apps.connections.open` sends Socket Mode clients. */
  socketUrl?: string;
  /** Answer every call with 500 (Slack down) while true. */
  down = false;

  constructor(
    readonly token = 'xoxb-test-token',
    readonly appToken = 'xapp-test-token',
  ) {}

  /** Starts listening; answers the base URL for `slackApiUrl` (ending in `/api/`). */
  async start(): Promise<string> {
    this.server = http.createServer((req, res) => this.serve(req, res));
    await new Promise<void>(resolve =>
      this.server!.listen(0, '127.0.0.1', () => resolve()),
    );
    const { port } = this.server.address() as AddressInfo;
    return `http://127.0.0.1:${port}/api/`;
  }

  async stop(): Promise<void> {
    await new Promise<void>(resolve => this.server?.close(() => resolve()));
  }

  addUser(id: string, email?: string): void {
    this.users.set(id, { id, email });
  }

  /** The next `count` calls of `method` fail this way. */
  failNext(method: string, failure: Failure, count = 1): void {
    const list = this.failures.get(method) ?? [];
    for (let i = 0; i < count; i++) list.push(failure);
    this.failures.set(method, list);
  }

  /**
   * Limits `method` to `perMinute` calls, spread evenly, with bursts of up to `burst` (Slack
   * tolerates short bursts over a tier's rate); past them, `ratelimited` with the Retry-After
   * in which the next call would pass.
   */
  limit(method: string, perMinute: number, burst = 10): void {
    this.limits.set(method, { perMinute, burst });
    this.buckets.set(method, { tokens: burst, at: Date.now() });
  }

  /** A member writes in a channel (as people do); answers the message's ts. */
  post(channelId: string, user: string, text: string): string {
    const channel = this.channels.get(channelId)!;
    const ts = this.ts();
    channel.messages.push({ ts, user, text, edits: 0 });
    return ts;
  }

  channelByName(name: string): FakeChannel | undefined {
    return [...this.channels.values()].find(c => c.name === name);
  }

  callsOf(method: string, outcome?: string): FakeCall[] {
    return this.calls.filter(
      c => c.method === method && (!outcome || c.outcome === outcome),
    );
  }

  private ts(): string {
    const n = this.nextTs++;
    return `${Math.floor(Date.now() / 1000)}.${String(n).padStart(6, '0')}`;
  }

  private serve(req: http.IncomingMessage, res: http.ServerResponse) {
    let body = '';
    req.on('data', chunk => {
      body += chunk;
    });
    req.on('end', () => {
      const method = (req.url ?? '').replace(/^\/api\//, '').split('?')[0];
      const type = req.headers['content-type'] ?? '';
      const args: Record<string, string> = type.includes('json')
        ? JSON.parse(body || '{}')
        : Object.fromEntries(new URLSearchParams(body));
      const record = (outcome: string) =>
        this.calls.push({ method, args, outcome, at: Date.now() });
      const failure = this.down
        ? ({ kind: 'http_500' } as Failure)
        : this.failures.get(method)?.shift() ?? this.overLimit(method);
      if (failure?.kind === 'http_500') {
        record('http_500');
        res.writeHead(500, { 'Content-Type': 'text/plain' });
        res.end('Internal Server Error');
        return;
      }
      if (failure?.kind === 'ratelimited') {
        record('ratelimited');
        res.writeHead(429, {
          'Content-Type': 'application/json',
          'Retry-After': String(failure.retryAfter),
        });
        res.end(JSON.stringify({ ok: false, error: 'ratelimited' }));
        return;
      }
      let answer: Record<string, unknown>;
      const wanted =
        method === 'apps.connections.open' ? this.appToken : this.token;
      if (req.headers.authorization !== `Bearer ${wanted}`) {
        answer = { ok: false, error: 'invalid_auth' };
      } else {
        try {
          answer = { ok: true, ...this.handle(method, args) };
        } catch (error) {
          answer = { ok: false, error: (error as Error).message };
        }
      }
      record(answer.ok ? 'ok' : String(answer.error));
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(answer));
    });
  }

  private overLimit(method: string): Failure | undefined {
    const limit = this.limits.get(method);
    const bucket = this.buckets.get(method);
    if (!limit || !bucket) return undefined;
    const now = Date.now();
    const perMs = limit.perMinute / 60_000;
    bucket.tokens = Math.min(
      limit.burst,
      bucket.tokens + (now - bucket.at) * perMs,
    );
    bucket.at = now;
    if (bucket.tokens < 1) {
      const retryAfter = Math.max(
        1,
        Math.ceil((1 - bucket.tokens) / perMs / 1000),
      );
      return { kind: 'ratelimited', retryAfter };
    }
    bucket.tokens -= 1;
    return undefined;
  }

  private channel(id: string | undefined, writable = false): FakeChannel {
    const channel = id ? this.channels.get(id) : undefined;
    if (!channel) throw new Error('channel_not_found');
    if (writable && channel.archived) throw new Error('is_archived');
    return channel;
  }

  private handle(
    method: string,
    a: Record<string, string>,
  ): Record<string, unknown> {
    switch (method) {
      case 'conversations.create': {
        const name = a.name ?? '';
        if (!name) throw new Error('invalid_name_required');
        if (name.length > 80) throw new Error('invalid_name_maxlength');
        if (!NAME_RULE.test(name)) throw new Error('invalid_name_specials');
        if (this.channelByName(name)) throw new Error('name_taken');
        const id = `C${String(this.nextChannel++).padStart(8, '0')}`;
        this.channels.set(id, {
          id,
          name,
          topic: '',
          members: new Set([FAKE_BOT_USER]),
          archived: false,
          messages: [],
          pins: new Set(),
          reactions: [],
        });
        return {
          channel: {
            id,
            name,
            is_channel: true,
            created: Math.floor(Date.now() / 1000),
          },
        };
      }
      case 'conversations.invite': {
        const channel = this.channel(a.channel, true);
        const users = (a.users ?? '').split(',').filter(Boolean);
        if (users.length === 0) throw new Error('no_user');
        if (users.some(u => !this.users.has(u)))
          throw new Error('user_not_found');
        if (users.every(u => channel.members.has(u)))
          throw new Error('already_in_channel');
        users.forEach(u => channel.members.add(u));
        return { channel: { id: channel.id, name: channel.name } };
      }
      case 'conversations.setTopic': {
        const channel = this.channel(a.channel, true);
        if ((a.topic ?? '').length > 250) throw new Error('too_long');
        channel.topic = a.topic ?? '';
        return { channel: { id: channel.id, topic: { value: channel.topic } } };
      }
      case 'conversations.rename': {
        const channel = this.channel(a.channel, true);
        if (!NAME_RULE.test(a.name ?? '') || (a.name ?? '').length > 80) {
          throw new Error('invalid_name_specials');
        }
        if (this.channelByName(a.name)) throw new Error('name_taken');
        channel.name = a.name;
        return { channel: { id: channel.id, name: channel.name } };
      }
      case 'conversations.archive': {
        const channel = this.channel(a.channel);
        if (channel.archived) throw new Error('already_archived');
        channel.archived = true;
        return {};
      }
      case 'conversations.info': {
        const channel = this.channel(a.channel);
        return {
          channel: {
            id: channel.id,
            name: channel.name,
            is_archived: channel.archived,
            topic: { value: channel.topic },
          },
        };
      }
      case 'conversations.history': {
        const channel = this.channel(a.channel);
        const latest = a.latest ? Number(a.latest) : Infinity;
        const inclusive = a.inclusive === 'true';
        const messages = channel.messages
          .filter(m =>
            inclusive ? Number(m.ts) <= latest : Number(m.ts) < latest,
          )
          .sort((x, y) => Number(y.ts) - Number(x.ts))
          .slice(0, Number(a.limit ?? 100))
          .map(m => ({
            type: 'message',
            ts: m.ts,
            user: m.user,
            text: m.text,
          }));
        return { messages, has_more: false };
      }
      case 'chat.postMessage': {
        const channel = this.channel(a.channel, true);
        if (!a.text && !a.blocks) throw new Error('no_text');
        const ts = this.ts();
        const message: FakeMessage = {
          ts,
          user: FAKE_BOT_USER,
          text: a.text ?? '',
          blocks: a.blocks ? JSON.parse(a.blocks) : undefined,
          edits: 0,
        };
        channel.messages.push(message);
        return { channel: channel.id, ts, message: { ts, text: message.text } };
      }
      case 'chat.update': {
        const channel = this.channel(a.channel, true);
        const message = channel.messages.find(m => m.ts === a.ts);
        if (!message) throw new Error('message_not_found');
        if (message.user !== FAKE_BOT_USER)
          throw new Error('cant_update_message');
        message.text = a.text ?? message.text;
        message.blocks = a.blocks ? JSON.parse(a.blocks) : message.blocks;
        message.edits += 1;
        message.updatedAt = Date.now();
        return { channel: channel.id, ts: message.ts, text: message.text };
      }
      case 'chat.postEphemeral': {
        this.channel(a.channel, true);
        return { message_ts: this.ts() };
      }
      case 'chat.getPermalink': {
        const channel = this.channel(a.channel);
        if (!channel.messages.some(m => m.ts === a.message_ts)) {
          throw new Error('message_not_found');
        }
        return {
          channel: channel.id,
          permalink: `https://fake.slack.test/archives/${
            channel.id
          }/p${a.message_ts.replace('.', '')}`,
        };
      }
      case 'pins.add': {
        const channel = this.channel(a.channel, true);
        if (!channel.messages.some(m => m.ts === a.timestamp))
          throw new Error('message_not_found');
        if (channel.pins.has(a.timestamp)) throw new Error('already_pinned');
        channel.pins.add(a.timestamp);
        return {};
      }
      case 'reactions.add': {
        const channel = this.channel(a.channel);
        if (!channel.messages.some(m => m.ts === a.timestamp))
          throw new Error('message_not_found');
        channel.reactions.push({
          ts: a.timestamp,
          name: a.name,
          user: FAKE_BOT_USER,
        });
        return {};
      }
      case 'users.lookupByEmail': {
        const user = [...this.users.values()].find(u => u.email === a.email);
        if (!user) throw new Error('users_not_found');
        return { user: { id: user.id, profile: { email: user.email } } };
      }
      case 'users.info': {
        const user = this.users.get(a.user);
        if (!user) throw new Error('user_not_found');
        return { user: { id: user.id, profile: { email: user.email } } };
      }
      case 'apps.connections.open': {
        if (!this.socketUrl) throw new Error('not_allowed_token_type');
        return { url: this.socketUrl };
      }
      case 'views.open':
        return this.modals.open(a);
      case 'views.update':
        return this.modals.update(a);
      default:
        throw new Error('unknown_method');
    }
  }
}
