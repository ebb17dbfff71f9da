import { LoggerService } from '@backstage/backend-plugin-api';
import { randomUUID } from 'node:crypto';
import { Incident, isOpenStatus } from '@lookout/plugin-incidents-common';
import {
  IncidentChatHost,
  IncidentStreamChange,
} from '@lookout/plugin-incidents-node';
import {
  announcementBlocks,
  announcementText,
  incidentUrl,
} from '../announcement/announcementBlocks';
import { SlackConfig } from '../config/readChatConfig';
import { SlackPeople } from '../people/SlackPeople';
import {
  SlackClient,
  slackErrorCode,
  SlackRetryLater,
} from '../slack/SlackClient';
import { channelName } from './channelName';
import { ChannelStore, IncidentChannel } from './ChannelStore';
import { handleRequeuingRateLimits } from '../slack/handleRequeuingRateLimits';

export const KIND_CREATE_CHANNEL = 'slack.channel';
export const KIND_SYNC_CHANNEL = 'slack.sync';
export const KIND_REMINDER = 'slack.reminder';

/** How many names a channel tries after `name_taken` before it gives up. */
const MAX_NAME_ATTEMPTS = 20;
const SYNC_LEASE_MS = 30_000;

/**
 * Keeps each incident's Slack channel in step with the incident. Every change schedules a
 * sync keyed by the incident's version; the sync reads the incident as it is *now*, so a queue
 * that waited out Slack's rate limits or an outage catches up in one update rather than
 * replaying each step. Creating a channel is its own item, keyed by the incident, so it
 * happens once.
 */
export class ChannelSync {
  constructor(
    private readonly options: {
      host: IncidentChatHost;
      store: ChannelStore;
      slack: SlackClient;
      people: SlackPeople;
      config: SlackConfig;
      portalBaseUrl: string;
      logger: LoggerService;
    },
  ) {}

  start(): void {
    const { host } = this.options;
    handleRequeuingRateLimits(host, KIND_CREATE_CHANNEL, p =>
      this.createChannel(p.incidentId),
    );
    handleRequeuingRateLimits(host, KIND_SYNC_CHANNEL, p =>
      this.sync(p.incidentId),
    );
    handleRequeuingRateLimits(host, KIND_REMINDER, p =>
      this.remind(p.incidentId, p.reminder, Number(p.version)),
    );
    host.subscribe('slack', change => this.onChange(change));
  }

  /** Asks for a channel now (the incident page's action, `/lookout channel`). */
  async requestChannel(incidentId: string): Promise<void> {
    await this.options.host.enqueue([
      {
        kind: KIND_CREATE_CHANNEL,
        key: `slack-channel:${incidentId}`,
        payload: { incidentId },
      },
    ]);
  }

  private async onChange({ type, incident }: IncidentStreamChange) {
    if (type === 'deleted') return;
    const { config } = this.options;
    if (
      isOpenStatus(incident.status) &&
      config.channelSeverities.includes(incident.severity)
    ) {
      await this.requestChannel(incident.id);
    }
    await this.enqueueSync(
      incident.id,
      `slack-sync:${incident.id}:v${incident.version}:${type}`,
    );
  }

  /** Brings the channel up to date for what changes no incident's version (a page sent). */
  async requestSync(incidentId: string): Promise<void> {
    await this.enqueueSync(
      incidentId,
      `slack-sync:${incidentId}:${randomUUID()}`,
    );
  }

  private async enqueueSync(incidentId: string, key: string) {
    if (!(await this.options.store.get(incidentId))) return;
    await this.options.host.enqueue([
      { kind: KIND_SYNC_CHANNEL, key, payload: { incidentId } },
    ]);
  }

  private async createChannel(incidentId: string): Promise<void> {
    const { host, store, slack, config } = this.options;
    let channel = await store.get(incidentId);
    if (!channel) {
      const incident = await host.getIncident(incidentId);
      let created: { id: string; name: string } | undefined;
      for (let attempt = 1; !created; attempt++) {
        const name = channelName(config.channelNameTemplate, incident, attempt);
        try {
          created = await slack.createChannel(name);
        } catch (error) {
          if (
            slackErrorCode(error) !== 'name_taken' ||
            attempt >= MAX_NAME_ATTEMPTS
          ) {
            throw error;
          }
        }
      }
      // stored at once: a retry after this point never makes a second channel
      await store.insert({
        incidentId,
        channelId: created.id,
        channelName: created.name,
      });
      channel = (await store.get(incidentId))!;
      const incidentNow = await host.getIncident(incidentId);
      await slack.setTopic(
        channel.channelId,
        `${incidentNow.id} ${incidentNow.severity}: ${
          incidentNow.title
        } · ${incidentUrl(this.options.portalBaseUrl, incidentNow)}`,
      );
    }
    await this.sync(incidentId);
  }

  /** Brings the channel to the incident's current state: people, announcement, archive. */
  async sync(incidentId: string): Promise<void> {
    const { store } = this.options;
    if (!(await store.get(incidentId))) return;
    if (!(await store.lockSync(incidentId, SYNC_LEASE_MS))) {
      throw new SlackRetryLater(`${incidentId} is being synced`, 250);
    }
    try {
      const channel = (await store.get(incidentId))!;
      if (channel.archived) return;
      const incident = await this.options.host.getIncident(incidentId);
      await this.invite(channel, incident);
      await this.announce(channel, incident);
      await this.scheduleReminders(incident);
      await this.archiveIfDone(channel, incident);
    } finally {
      await store.unlockSync(incidentId);
    }
  }

  private async invite(channel: IncidentChannel, incident: Incident) {
    const { host, people, slack, store } = this.options;
    const wanted = await people.slackIds(await host.responders(incident));
    const missing = wanted.filter(id => !channel.invited.includes(id));
    if (missing.length === 0) return;
    await slack.invite(channel.channelId, missing);
    await store.update(incident.id, {
      invited: [...channel.invited, ...missing],
    });
  }

  private async announce(channel: IncidentChannel, incident: Incident) {
    const { store, config } = this.options;
    const stale = channel.announcedVersion < incident.version;
    const posted = await this.postOrUpdate(
      channel.channelId,
      channel.announcementTs,
      stale,
      incident,
    );
    if (posted || stale) {
      await store.update(incident.id, {
        ...(posted ? { announcementTs: posted } : {}),
        announcedVersion: incident.version,
      });
    }
    if (config.broadcastChannel) {
      const broadcastTs = await this.postOrUpdate(
        config.broadcastChannel,
        channel.broadcastTs,
        stale,
        incident,
      );
      if (broadcastTs) await store.update(incident.id, { broadcastTs });
    }
  }

  /** Posts the announcement where there is none yet (answers its ts), else edits a stale one. */
  private async postOrUpdate(
    channelId: string,
    ts: string | null | undefined,
    stale: boolean,
    incident: Incident,
  ): Promise<string | undefined> {
    const { slack, portalBaseUrl } = this.options;
    const text = announcementText(incident);
    const blocks = announcementBlocks(incident, portalBaseUrl);
    if (!ts) return slack.postMessage(channelId, text, blocks);
    if (stale) await slack.updateMessage(channelId, ts, text, blocks);
    return undefined;
  }

  /**
   * Reminders are keyed by the incident's version: a change after a reminder was scheduled
   * schedules the next one from that change, and the old one finds the incident moved on.
   */
  private async scheduleReminders(incident: Incident) {
    const { config, host } = this.options;
    const items = [];
    const minutes = config.statusUpdateReminderMinutes[incident.severity];
    if (
      isOpenStatus(incident.status) &&
      incident.status !== 'monitoring' &&
      minutes
    ) {
      items.push(reminderItem(incident, 'status', minutes * 60_000));
    }
    if (incident.status === 'monitoring' && config.closeReminderHours > 0) {
      items.push(
        reminderItem(incident, 'close', config.closeReminderHours * 3_600_000),
      );
    }
    if (items.length) await host.enqueue(items);
  }

  private async remind(incidentId: string, reminder: string, version: number) {
    const { host, store, slack, people } = this.options;
    const channel = await store.get(incidentId);
    if (!channel || channel.archived) return;
    const incident = await host.getIncident(incidentId);
    // something happened since: the sync of that change scheduled the next reminder
    if (incident.version !== version || !isOpenStatus(incident.status)) return;
    if (reminder === 'close') {
      await slack.postMessage(
        channel.channelId,
        `:hourglass: ${incident.id} has been monitoring for a while and looks stable. ` +
          `If it is over, \`${this.options.config.command} resolve\`.`,
      );
      return;
    }
    const lead = incident.roles.communications ?? incident.roles.commander;
    const mention = lead ? await people.slackIdOf(lead) : undefined;
    await slack.postMessage(
      channel.channelId,
      `:loudspeaker: ${
        mention ? `<@${mention}>` : 'Communications lead'
      }: time for a ` +
        `status update on ${incident.id} (${incidentUrl(
          this.options.portalBaseUrl,
          incident,
        )}).`,
    );
    // the next one, as long as nothing changes
    const minutes =
      this.options.config.statusUpdateReminderMinutes[incident.severity] ?? 60;
    await host.enqueue([
      reminderItem(incident, 'status', minutes * 60_000, `:${Date.now()}`),
    ]);
  }

  private async archiveIfDone(channel: IncidentChannel, incident: Incident) {
    const { config, slack, store, portalBaseUrl } = this.options;
    const done =
      (config.archiveWhen === 'resolved' &&
        ['resolved', 'closed', 'declined', 'merged'].includes(
          incident.status,
        )) ||
      (config.archiveWhen === 'closed' &&
        ['closed', 'declined', 'merged'].includes(incident.status));
    if (!done) return;
    const url = incidentUrl(portalBaseUrl, incident);
    await slack.postMessage(
      channel.channelId,
      `:white_check_mark: ${incident.id} is ${incident.status}. Its summary, timeline and ` +
        `postmortem are at ${url}. This channel is now archived.`,
    );
    await slack.archive(channel.channelId);
    await store.update(incident.id, { archived: true });
  }
}

/** A reminder due `delayMs` from now, once per incident version (and `keySuffix`). */
function reminderItem(
  incident: Incident,
  reminder: 'status' | 'close',
  delayMs: number,
  keySuffix = '',
) {
  return {
    kind: KIND_REMINDER,
    key: `slack-reminder:${reminder}:${incident.id}:v${incident.version}${keySuffix}`,
    payload: { incidentId: incident.id, reminder, version: incident.version },
    delayMs,
  };
}
