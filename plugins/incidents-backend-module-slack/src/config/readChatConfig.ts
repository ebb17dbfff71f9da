import { Config } from '@backstage/config';
import { Severity } from '@lookout/plugin-incidents-common';

export type ArchiveWhen = 'resolved' | 'closed' | 'never';

export interface SlackConfig {
  botToken: string;
  signingSecret: string;
  appToken?: string;
  apiUrl?: string;
  command: string;
  channelSeverities: string[];
  channelNameTemplate: string;
  timelineReaction: string;
  broadcastChannel?: string;
  archiveWhen: ArchiveWhen;
  statusUpdateReminderMinutes: Record<string, number>;
  closeReminderHours: number;
}

export interface TeamsConfig {
  webhooks: Array<{ groupRef: string; url: string }>;
}

const DEFAULT_REMINDERS: Record<Severity | string, number> = {
  SEV1: 30,
  SEV2: 60,
  SEV3: 120,
};

/** `incidents.chat.slack`, or undefined when Slack is not configured. */
export function readSlackConfig(config: Config): SlackConfig | undefined {
  const c = config.getOptionalConfig('incidents.chat.slack');
  if (!c) return undefined;
  const archiveWhen = c.getOptionalString('archiveWhen') ?? 'resolved';
  if (!['resolved', 'closed', 'never'].includes(archiveWhen)) {
    throw new Error(
      `incidents.chat.slack.archiveWhen must be resolved, closed or never, not ${archiveWhen}`,
    );
  }
  const reminders = c.getOptionalConfig('statusUpdateReminderMinutes');
  return {
    botToken: c.getString('botToken'),
    signingSecret: c.getString('signingSecret'),
    appToken: c.getOptionalString('appToken'),
    apiUrl: c.getOptionalString('apiUrl'),
    command: c.getOptionalString('command') ?? '/lookout',
    channelSeverities: c.getOptionalStringArray('channelSeverities') ?? [
      'SEV1',
      'SEV2',
    ],
    channelNameTemplate:
      c.getOptionalString('channelNameTemplate') ?? 'inc-{number}-{title}',
    timelineReaction: c.getOptionalString('timelineReaction') ?? 'pushpin',
    broadcastChannel: c.getOptionalString('broadcastChannel'),
    archiveWhen: archiveWhen as ArchiveWhen,
    statusUpdateReminderMinutes: reminders
      ? Object.fromEntries(
          reminders.keys().map(k => [k, reminders.getNumber(k)]),
        )
      : DEFAULT_REMINDERS,
    closeReminderHours: c.getOptionalNumber('closeReminderHours') ?? 24,
  };
}

/** `incidents.chat.teams`, or undefined when Teams is not configured. */
export function readTeamsConfig(config: Config): TeamsConfig | undefined {
  const c = config.getOptionalConfig('incidents.chat.teams');
  if (!c) return undefined;
  return {
    webhooks: c.getConfigArray('webhooks').map(w => ({
      groupRef: w.getString('groupRef').toLocaleLowerCase('en-US'),
      url: w.getString('url'),
    })),
  };
}
