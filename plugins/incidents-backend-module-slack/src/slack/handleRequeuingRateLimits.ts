import { ChatWorkItem, IncidentChatHost } from '@lookout/plugin-incidents-node';
import { SlackRetryLater } from './SlackClient';

/**
 * Runs the work items of `kind` on whichever replica claims them; work that must wait for
 * Slack is scheduled again as a new item, due after the wait, and this one completes: a rate
 * limit is not a failure, so it never spends the item's attempts (the queue gives up on an
 * item after ten). Every handler here is idempotent, and the new item's key extends the old
 * one's, so it is scheduled once however often this one runs.
 */
export function handleRequeuingRateLimits(
  host: IncidentChatHost,
  kind: string,
  handler: (payload: Record<string, string>) => Promise<void>,
): void {
  host.handle(kind, async (item: ChatWorkItem) => {
    try {
      await handler(
        Object.fromEntries(
          Object.entries(item.payload).map(([k, v]) => [k, String(v)]),
        ),
      );
    } catch (error) {
      if (!(error instanceof SlackRetryLater)) throw error;
      const [baseKey, round = '0'] = item.key.split('#');
      await host.enqueue([
        {
          kind: item.kind,
          key: `${baseKey}#${Number(round) + 1}`,
          payload: item.payload,
          delayMs: error.retryAfterMs,
        },
      ]);
    }
  });
}
