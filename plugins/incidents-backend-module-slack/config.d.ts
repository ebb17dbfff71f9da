export interface Config {
  incidents?: {
    chat?: {
      /** Slack: a channel per incident, its announcement, /lookout commands, chat into the timeline. */
      slack?: {
        /**
         * The bot token (`xoxb-…`) of the Slack app.
         * @visibility secret
         */
        botToken: string;
        /**
         * The app's signing secret; every request from Slack is checked against it.
         * @visibility secret
         */
        signingSecret: string;
        /**
         * An app-level token (`xapp-…`) for Socket Mode, for portals Slack cannot reach.
         * @visibility secret
         */
        appToken?: string;
        /** Slack's Web API base, `https://slack.com/api/` unless set (tests, Enterprise Grid). */
        apiUrl?: string;
        /** The slash command, `/lookout` unless set. */
        command?: string;
        /** Severities that get a channel as soon as they are declared; SEV1 and SEV2 unless set. */
        channelSeverities?: string[];
        /**
         * The channel name template: `{number}` (42), `{id}` (inc-42) and `{title}`;
         * `inc-{number}-{title}` unless set. Slack's rules apply: lower case, at most 80
         * characters, letters, digits, hyphens and underscores.
         */
        channelNameTemplate?: string;
        /** The reaction that puts a message on the timeline, `pushpin` unless set. */
        timelineReaction?: string;
        /** A channel ID that also gets every announcement, kept up to date in place. */
        broadcastChannel?: string;
        /** When the channel is archived after its last summary: `resolved` (default), `closed` or `never`. */
        archiveWhen?: 'resolved' | 'closed' | 'never';
        /**
         * Minutes between reminders to the communications lead to post a status update, per
         * severity; SEV1 30, SEV2 60, SEV3 120, SEV4 none unless set.
         */
        statusUpdateReminderMinutes?: { [severity: string]: number };
        /** Hours a monitoring incident waits before the channel is reminded to close it, 24 unless set. */
        closeReminderHours?: number;
      };
      /** Microsoft Teams, outbound only: announcements through Workflows webhooks. */
      teams?: {
        /** One webhook per team: the incidents whose origin that group owns are posted there. */
        webhooks: Array<{
          /** The owner group, for example `group:default/checkout-team`. */
          groupRef: string;
          /**
           * The Workflows "When a Teams webhook request is received" URL.
           * @visibility secret
           */
          url: string;
        }>;
      };
    };
  };
}
