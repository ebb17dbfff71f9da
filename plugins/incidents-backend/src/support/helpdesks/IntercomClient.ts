import { HelpdeskClient, HelpdeskMessage, sendJson } from './HelpdeskClient';

export interface IntercomSettings {
  /** `https://api.intercom.io` (or the EU / AU hosts). */
  baseUrl: string;
  accessToken: string;
  /** The admin the notes and replies are written as. */
  adminId: string;
}

/**
 * Intercom: a status update is a note and the resolution a reply (`comment`) by the admin,
 * both by `POST /conversations/{id}/reply`.
 */
export class IntercomClient implements HelpdeskClient {
  constructor(
    private readonly settings: IntercomSettings,
    private readonly fetchFn: typeof fetch = fetch,
    private readonly timeoutMs = 10_000,
  ) {}

  async send(message: HelpdeskMessage): Promise<void> {
    const { baseUrl, accessToken, adminId } = this.settings;
    await sendJson(
      this.fetchFn,
      `${baseUrl.replace(/\/+$/, '')}/conversations/${encodeURIComponent(
        message.ticketId,
      )}/reply`,
      {
        method: 'POST',
        headers: {
          authorization: `Bearer ${accessToken}`,
          accept: 'application/json',
          'intercom-version': '2.11',
        },
        body: {
          message_type: message.kind === 'resolution' ? 'comment' : 'note',
          type: 'admin',
          admin_id: adminId,
          body: message.body,
        },
      },
      this.timeoutMs,
    );
  }
}
