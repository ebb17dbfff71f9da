import { LoggerService } from '@backstage/backend-plugin-api';
import { ErrorCode, LogLevel, WebClient } from '@slack/web-api';

/** A Slack call that must be tried again later; the work queue reads `retryAfterMs`. */
export class SlackRetryLater extends Error {
  constructor(message: string, readonly retryAfterMs: number) {
    super(message);
    this.name = 'SlackRetryLater';
  }
}

/** Slack answered `ok: false` with this error code (`name_taken`, `already_in_channel`…). */
export function slackErrorCode(error: unknown): string | undefined {
  const e = error as { code?: string; data?: { error?: string } };
  return e?.code === ErrorCode.PlatformError ? e.data?.error : undefined;
}

export type SlackBlocks = Array<Record<string, unknown>>;

/**
 * The Slack Web API calls Lookout makes, through one WebClient that never retries by itself:
 * a `ratelimited` answer becomes {@link SlackRetryLater} carrying Slack's Retry-After, so the
 * work queue waits as long as Slack asked (and survives a restart meanwhile), and any other
 * failure is retried by the queue's backoff.
 */
export class SlackClient {
  readonly web: WebClient;
  private readonly maxWaitMs: number;
  private readonly pacing = new Map<
    string,
    { until: number; turn: Promise<void> }
  >();

  constructor(options: {
    botToken: string;
    apiUrl?: string;
    logger: LoggerService;
    /** How long a call may wait out Slack's rate limits before its work goes back to the queue. */
    maxWaitMs?: number;
  }) {
    this.maxWaitMs = options.maxWaitMs ?? 10_000;
    this.web = new WebClient(options.botToken, {
      ...(options.apiUrl ? { slackApiUrl: options.apiUrl } : {}),
      // its warnings are the rate limits and failures this class handles; they go to debug
      logger: {
        debug: (...m: unknown[]) => options.logger.debug(m.join(' ')),
        info: (...m: unknown[]) => options.logger.debug(m.join(' ')),
        warn: (...m: unknown[]) => options.logger.debug(m.join(' ')),
        error: (...m: unknown[]) => options.logger.warn(m.join(' ')),
        setLevel: () => {},
        getLevel: () => LogLevel.DEBUG,
        setName: () => {},
      },
      rejectRateLimitedCalls: true,
      retryConfig: { retries: 0 },
      timeout: 10_000,
    });
  }

  async createChannel(name: string): Promise<{ id: string; name: string }> {
    const r = await this.call('conversations.create', () =>
      this.web.conversations.create({ name, is_private: false }),
    );
    return { id: r.channel!.id!, name: r.channel!.name! };
  }

  async setTopic(channel: string, topic: string): Promise<void> {
    await this.call('conversations.setTopic', () =>
      this.web.conversations.setTopic({ channel, topic: topic.slice(0, 250) }),
    );
  }

  /** Invites people; those already in the channel are no error. */
  async invite(channel: string, users: string[]): Promise<void> {
    if (users.length === 0) return;
    try {
      await this.call('conversations.invite', () =>
        this.web.conversations.invite({ channel, users: users.join(',') }),
      );
    } catch (error) {
      if (slackErrorCode(error) !== 'already_in_channel') throw error;
    }
  }

  async archive(channel: string): Promise<void> {
    try {
      await this.call('conversations.archive', () =>
        this.web.conversations.archive({ channel }),
      );
    } catch (error) {
      if (slackErrorCode(error) !== 'already_archived') throw error;
    }
  }

  async postMessage(
    channel: string,
    text: string,
    blocks?: SlackBlocks,
  ): Promise<string> {
    const r = await this.call('chat.postMessage', () =>
      this.web.chat.postMessage({ channel, text, blocks: blocks as any }),
    );
    return r.ts!;
  }

  async updateMessage(
    channel: string,
    ts: string,
    text: string,
    blocks?: SlackBlocks,
  ): Promise<void> {
    await this.call('chat.update', () =>
      this.web.chat.update({ channel, ts, text, blocks: blocks as any }),
    );
  }

  async postEphemeral(channel: string, user: string, text: string) {
    await this.call('chat.postEphemeral', () =>
      this.web.chat.postEphemeral({ channel, user, text }),
    );
  }

  /** The message at `ts` in `channel`, with its author and permalink. */
  async message(
    channel: string,
    ts: string,
  ): Promise<{ text: string; user?: string; permalink?: string } | undefined> {
    const history = await this.call('conversations.history', () =>
      this.web.conversations.history({
        channel,
        latest: ts,
        inclusive: true,
        limit: 1,
      }),
    );
    const found = history.messages?.find(m => m.ts === ts);
    if (!found) return undefined;
    const link = await this.call('chat.getPermalink', () =>
      this.web.chat.getPermalink({ channel, message_ts: ts }),
    );
    return {
      text: found.text ?? '',
      user: found.user,
      permalink: link.permalink,
    };
  }

  async lookupByEmail(email: string): Promise<string | undefined> {
    try {
      const r = await this.call('users.lookupByEmail', () =>
        this.web.users.lookupByEmail({ email }),
      );
      return r.user?.id;
    } catch (error) {
      if (slackErrorCode(error) === 'users_not_found') return undefined;
      throw error;
    }
  }

  async emailOf(user: string): Promise<string | undefined> {
    const r = await this.call('users.info', () =>
      this.web.users.info({ user }),
    );
    return r.user?.profile?.email;
  }

  async openView(triggerId: string, view: Record<string, unknown>) {
    await this.call('views.open', () =>
      this.web.views.open({ trigger_id: triggerId, view: view as any }),
    );
  }

  /** Replaces an open modal; `hash` makes Slack refuse it (`hash_conflict`) if the modal changed since. */
  async updateView(
    viewId: string,
    hash: string | undefined,
    view: Record<string, unknown>,
  ) {
    await this.call('views.update', () =>
      this.web.views.update({
        view_id: viewId,
        ...(hash ? { hash } : {}),
        view: view as any,
      }),
    );
  }

  /**
   * One call, paced per method: after Slack answers `ratelimited`, calls of that method wait
   * out its Retry-After here and then go one at a time until one passes, instead of every
   * waiting call hitting Slack at once. A wait longer than `maxWaitMs` gives the work back to
   * the queue with {@link SlackRetryLater}.
   */
  private async call<T>(method: string, fn: () => Promise<T>): Promise<T> {
    const started = Date.now();
    for (;;) {
      const pace = this.pacing.get(method);
      if (pace) {
        const turn = pace.turn;
        let release!: () => void;
        pace.turn = new Promise<void>(resolve => {
          release = resolve;
        });
        await turn;
        const wait = pace.until - Date.now();
        if (Date.now() - started + Math.max(0, wait) > this.maxWaitMs) {
          release();
          throw new SlackRetryLater(
            `Slack rate-limits ${method}`,
            Math.max(wait, 1000),
          );
        }
        if (wait > 0) await new Promise(r => setTimeout(r, wait));
        try {
          const result = await fn();
          // it passed: the method is no longer held back
          if (this.pacing.get(method) === pace && pace.until <= Date.now()) {
            this.pacing.delete(method);
          }
          release();
          return result;
        } catch (error) {
          const retryAfterMs = rateLimitedFor(error);
          release();
          if (retryAfterMs === undefined) throw error;
          pace.until = Date.now() + retryAfterMs;
          continue;
        }
      }
      try {
        return await fn();
      } catch (error) {
        const retryAfterMs = rateLimitedFor(error);
        if (retryAfterMs === undefined) throw error;
        if (!this.pacing.has(method)) {
          this.pacing.set(method, {
            until: Date.now() + retryAfterMs,
            turn: Promise.resolve(),
          });
        }
      }
    }
  }
}

/** Slack's Retry-After for a `ratelimited` answer, in milliseconds; undefined for others. */
function rateLimitedFor(error: unknown): number | undefined {
  const e = error as { code?: string; retryAfter?: number };
  if (e?.code !== ErrorCode.RateLimitedError) return undefined;
  return Math.max(1, e.retryAfter ?? 1) * 1000;
}
