import { HelpdeskClient, HelpdeskMessage, sendJson } from './HelpdeskClient';

export interface ZendeskSettings {
  /** `https://<subdomain>.zendesk.com` */
  baseUrl: string;
  /** With an API token: Basic `{email}/token:{apiToken}`. */
  email?: string;
  apiToken?: string;
  /** Or an OAuth access token (Bearer). */
  oauthToken?: string;
}

/**
 * Zendesk Support: a status update is a private comment and the resolution a public one, both
 * by `PUT /api/v2/tickets/{id}` with `ticket.comment`.
 */
export class ZendeskClient implements HelpdeskClient {
  constructor(
    private readonly settings: ZendeskSettings,
    private readonly fetchFn: typeof fetch = fetch,
    private readonly timeoutMs = 10_000,
  ) {}

  async send(message: HelpdeskMessage): Promise<void> {
    const { baseUrl, email, apiToken, oauthToken } = this.settings;
    const authorization = oauthToken
      ? `Bearer ${oauthToken}`
      : `Basic ${Buffer.from(`${email}/token:${apiToken}`).toString('base64')}`;
    await sendJson(
      this.fetchFn,
      `${baseUrl.replace(/\/+$/, '')}/api/v2/tickets/${encodeURIComponent(
        message.ticketId,
      )}`,
      {
        method: 'PUT',
        headers: { authorization },
        body: {
          ticket: {
            comment: {
              body: message.body,
              public: message.kind === 'resolution',
            },
          },
        },
      },
      this.timeoutMs,
    );
  }
}
