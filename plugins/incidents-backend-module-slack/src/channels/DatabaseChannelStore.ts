import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { Knex } from 'knex';
import { ChannelStore, IncidentChannel } from './ChannelStore';

const MIGRATIONS = resolvePackagePath(
  '@lookout/plugin-incidents-backend-module-slack',
  'migrations',
);

interface ChannelRow {
  incident_id: string;
  channel_id: string;
  channel_name: string;
  announcement_ts: string | null;
  broadcast_ts: string | null;
  announced_version: number | string;
  invited: string;
  archived: boolean | number;
}

function toChannel(row: ChannelRow): IncidentChannel {
  return {
    incidentId: row.incident_id,
    channelId: row.channel_id,
    channelName: row.channel_name,
    announcementTs: row.announcement_ts,
    broadcastTs: row.broadcast_ts,
    announcedVersion: Number(row.announced_version),
    invited: JSON.parse(row.invited),
    archived: Boolean(row.archived),
  };
}

/** The Slack module's tables, in the incidents plugin's database under their own migrations. */
export class DatabaseChannelStore implements ChannelStore {
  static async create(options: {
    database: DatabaseService;
  }): Promise<DatabaseChannelStore> {
    const knex = await options.database.getClient();
    if (!options.database.migrations?.skip) {
      await knex.migrate.latest({
        directory: MIGRATIONS,
        tableName: 'incidents_slack_knex_migrations',
      });
    }
    return new DatabaseChannelStore(knex);
  }

  private constructor(private readonly db: Knex) {}

  async get(incidentId: string) {
    const row = await this.db<ChannelRow>('slack_incident_channels')
      .where({ incident_id: incidentId })
      .first();
    return row ? toChannel(row) : undefined;
  }

  async byChannel(channelId: string) {
    const row = await this.db<ChannelRow>('slack_incident_channels')
      .where({ channel_id: channelId })
      .first();
    return row ? toChannel(row) : undefined;
  }

  async insert(
    channel: Pick<IncidentChannel, 'incidentId' | 'channelId' | 'channelName'>,
  ) {
    await this.db('slack_incident_channels').insert({
      incident_id: channel.incidentId,
      channel_id: channel.channelId,
      channel_name: channel.channelName,
    });
  }

  async update(
    incidentId: string,
    changes: Partial<Omit<IncidentChannel, 'incidentId' | 'channelId'>>,
  ) {
    const row: Record<string, unknown> = {};
    if (changes.channelName !== undefined)
      row.channel_name = changes.channelName;
    if (changes.announcementTs !== undefined)
      row.announcement_ts = changes.announcementTs;
    if (changes.broadcastTs !== undefined)
      row.broadcast_ts = changes.broadcastTs;
    if (changes.announcedVersion !== undefined)
      row.announced_version = changes.announcedVersion;
    if (changes.invited !== undefined)
      row.invited = JSON.stringify(changes.invited);
    if (changes.archived !== undefined) row.archived = changes.archived;
    if (Object.keys(row).length === 0) return;
    await this.db('slack_incident_channels')
      .where({ incident_id: incidentId })
      .update(row);
  }

  async lockSync(incidentId: string, ms: number): Promise<boolean> {
    const now = Date.now();
    const taken = await this.db('slack_incident_channels')
      .where({ incident_id: incidentId })
      .andWhere(q => q.whereNull('sync_until').orWhere('sync_until', '<', now))
      .update({ sync_until: now + ms });
    return taken > 0;
  }

  async unlockSync(incidentId: string): Promise<void> {
    await this.db('slack_incident_channels')
      .where({ incident_id: incidentId })
      .update({ sync_until: null });
  }

  async rememberMessage(messageKey: string, incidentId: string) {
    const inserted = await this.db('slack_timeline_messages')
      .insert({ message_key: messageKey, incident_id: incidentId })
      .onConflict('message_key')
      .ignore()
      .returning('message_key');
    return inserted.length > 0;
  }
}
