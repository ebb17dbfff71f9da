/** An incident's Slack channel as Lookout keeps it. */
export interface IncidentChannel {
  incidentId: string;
  channelId: string;
  channelName: string;
  announcementTs: string | null;
  broadcastTs: string | null;
  announcedVersion: number;
  /** Slack member IDs invited so far. */
  invited: string[];
  archived: boolean;
}

export interface ChannelStore {
  get(incidentId: string): Promise<IncidentChannel | undefined>;
  byChannel(channelId: string): Promise<IncidentChannel | undefined>;
  insert(
    channel: Pick<IncidentChannel, 'incidentId' | 'channelId' | 'channelName'>,
  ): Promise<void>;
  update(
    incidentId: string,
    changes: Partial<Omit<IncidentChannel, 'incidentId' | 'channelId'>>,
  ): Promise<void>;
  /** Takes the incident's sync for `ms`; false while another holds it. */
  lockSync(incidentId: string, ms: number): Promise<boolean>;
  unlockSync(incidentId: string): Promise<void>;
  /** Remembers a message as recorded on the timeline; false when it was before. */
  rememberMessage(messageKey: string, incidentId: string): Promise<boolean>;
}
