/** An incident's chat channel, as `GET /chat/channels/:incidentId` answers it. */
export interface IncidentChatChannel {
  /** The chat's own channel id, for example Slack's `C0123456789`. */
  id: string;
  name: string;
  /** Opens the channel in the chat. */
  url: string;
  /** The channel was archived when the incident ended. */
  archived: boolean;
}
