import {
  LoggerService,
  RootLifecycleService,
} from '@backstage/backend-plugin-api';
import { SocketModeClient } from '@slack/socket-mode';
import { SlackAnswer, SlackRequests } from './SlackRequests';

type Ack = (response?: Record<string, unknown>) => Promise<void>;

/**
 * Socket Mode, for portals Slack cannot reach: the app-level token opens a WebSocket to Slack
 * and events, slash commands and interactions arrive over it, each handled as its HTTP twin
 * (`SlackRequests`) and acknowledged with the same answer. Events are acknowledged after their
 * work is queued, so an envelope Slack has not seen acknowledged is sent again, never lost.
 */
export async function startSocketMode(options: {
  appToken: string;
  apiUrl?: string;
  requests: SlackRequests;
  logger: LoggerService;
  lifecycle: Pick<RootLifecycleService, 'addShutdownHook'>;
}): Promise<SocketModeClient> {
  const { requests, logger } = options;
  const client = new SocketModeClient({
    appToken: options.appToken,
    clientOptions: options.apiUrl ? { slackApiUrl: options.apiUrl } : {},
    logger: {
      debug: (...m: unknown[]) => logger.debug(m.join(' ')),
      info: (...m: unknown[]) => logger.debug(m.join(' ')),
      warn: (...m: unknown[]) => logger.warn(m.join(' ')),
      error: (...m: unknown[]) => logger.error(m.join(' ')),
      setLevel: () => {},
      getLevel: () => 'debug' as any,
      setName: () => {},
    },
  });
  const answer = async (
    ack: Ack,
    handle: () => Promise<SlackAnswer>,
    what: string,
  ) => {
    try {
      const result = await handle();
      await ack(result.body as Record<string, unknown> | undefined);
      await result.after?.();
    } catch (error) {
      logger.warn(`Slack ${what} over Socket Mode failed: ${error}`);
    }
  };
  // events arrive named by their inner type; the catch-all carries the envelope's type
  client.on('slack_event', ({ type, body, ack }) =>
    type === 'events_api'
      ? answer(ack, () => requests.event(body), 'event')
      : undefined,
  );
  client.on('slash_commands', ({ body, ack }) =>
    answer(ack, () => requests.command(body), 'command'),
  );
  client.on('interactive', ({ body, ack }) =>
    answer(ack, () => requests.interaction(body), 'interaction'),
  );
  await client.start();
  options.lifecycle.addShutdownHook(() => client.disconnect());
  return client;
}
