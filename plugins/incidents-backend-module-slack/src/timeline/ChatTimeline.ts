import { IncidentChatHost } from '@lookout/plugin-incidents-node';
import { ChannelStore } from '../channels/ChannelStore';
import { SlackPeople } from '../people/SlackPeople';
import { SlackClient } from '../slack/SlackClient';
import { handleRequeuingRateLimits } from '../slack/handleRequeuingRateLimits';

export const KIND_TIMELINE_MESSAGE = 'slack.timeline';

/**
 * Puts a message given the configured reaction, or pinned, on its incident's timeline with its
 * own time, author and permalink, once: the work item is keyed by the message's channel and
 * `ts`, so Slack's retries, a second reaction and a pin of the same message change nothing, and
 * the incidents backend checks the key again before it writes.
 */
export class ChatTimeline {
  constructor(
    private readonly options: {
      host: IncidentChatHost;
      store: ChannelStore;
      slack: SlackClient;
      people: SlackPeople;
    },
  ) {}

  start(): void {
    handleRequeuingRateLimits(this.options.host, KIND_TIMELINE_MESSAGE, p =>
      this.record(p.channel, p.ts),
    );
  }

  /** Schedules the message for the timeline; false when its channel is no incident's. */
  async capture(channel: string, ts: string): Promise<boolean> {
    const incidentChannel = await this.options.store.byChannel(channel);
    if (!incidentChannel) return false;
    await this.options.host.enqueue([
      {
        kind: KIND_TIMELINE_MESSAGE,
        key: `slack-timeline:${channel}:${ts}`,
        payload: { channel, ts },
      },
    ]);
    return true;
  }

  private async record(channel: string, ts: string): Promise<void> {
    const { host, store, slack, people } = this.options;
    const incidentChannel = await store.byChannel(channel);
    if (!incidentChannel) return;
    const message = await slack.message(channel, ts);
    if (!message) return;
    const author = message.user
      ? (await people.userRefOf(message.user)) ?? `slack:${message.user}`
      : 'slack:unknown';
    const messageKey = `slack:${channel}:${ts}`;
    await host.recordMessage(incidentChannel.incidentId, {
      actor: author,
      at: new Date(Number(ts) * 1000).toISOString(),
      markdown: message.text,
      permalink: message.permalink,
      messageKey,
    });
    await store.rememberMessage(messageKey, incidentChannel.incidentId);
  }
}
