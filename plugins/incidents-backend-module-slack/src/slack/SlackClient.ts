import { LoggerService } from '@backstage/backend-plugin-api';
import { ErrorCode, WebClient } from '@slack/web-api';

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

  constructor(options: {
    botToken: string;
    apiUrl?: string;
    logger: LoggerService;
  }) {
    this.web = new WebClient(options.botToken, {
      ...(options.apiUrl ? { slackApiUrl: options.apiUrl } : {}),
      rejectRateLimitedCalls: true,
      retryConfig: { retries: 0 },
      timeout: 10_000,
    });
  }

  async createChannel(name: string): Promise<{ id: string; name: string }> {
    const r = await this.call(() =>
      this.web.conversations.create({ name, is_private: false }),
    );
    return { id: r.channel!.id!, name: r.channel!.name! };
  }

  async setTopic(channel: string, topic: string): Promise<void> {
    await this.call(() =>
      this.web.conversations.setTopic({ channel, topic: topic.slice(0, 250) }),
    );
  }

  /** Invites people; those already in the channel are no error. */
  async invite(channel: string, users: string[]): Promise<void> {
    if (users.length === 0) return;
    try {
      await this.call(() =>
        this.web.conversations.invite({ channel, users: users.join(',') }),
      );
    } catch (error) {
      if (slackErrorCode(error) !== 'already_in_channel') throw error;
    }
  }

  async archive(channel: string): Promise<void> {
    try {
      await this.call(() => this.web.conversations.archive({ channel }));
    } catch (error) {
      if (slackErrorCode(error) !== 'already_archived') throw error;
    }
  }

  async postMessage(
    channel: string,
    text: string,
    blocks?: SlackBlocks,
  ): Promise<string> {
    const r = await this.call(() =>
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
    await this.call(() =>
      this.web.chat.update({ channel, ts, text, blocks: blocks as any }),
    );
  }

  async postEphemeral(channel: string, user: string, text: string) {
    await this.call(() => this.web.chat.postEphemeral({ channel, user, text }));
  }

  /** The message at `ts` in `channel`, with its author and permalink. */
  async message(
    channel: string,
    ts: string,
  ): Promise<{ text: string; user?: string; permalink?: string } | undefined> {
    const history = await this.call(() =>
      this.web.conversations.history({
        channel,
        latest: ts,
        inclusive: true,
        limit: 1,
      }),
    );
    const found = history.messages?.find(m => m.ts === ts);
    if (!found) return undefined;
    const link = await this.call(() =>
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
      const r = await this.call(() => this.web.users.lookupByEmail({ email }));
      return r.user?.id;
    } catch (error) {
      if (slackErrorCode(error) === 'users_not_found') return undefined;
      throw error;
    }
  }

  async emailOf(user: string): Promise<string | undefined> {
    const r = await this.call(() => this.web.users.info({ user }));
    return r.user?.profile?.email;
  }

  async openView(triggerId: string, view: Record<string, unknown>) {
    await this.call(() =>
      this.web.views.open({ trigger_id: triggerId, view: view as any }),
    );
  }

  private async call<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (error) {
      const e = error as { code?: string; retryAfter?: number };
      if (e?.code === ErrorCode.RateLimitedError) {
        throw new SlackRetryLater(
          'Slack answered ratelimited',
          Math.max(1, e.retryAfter ?? 1) * 1000,
        );
      }
      throw error;
    }
  }
}
