import { HelpdeskClient, HelpdeskMessage, sendJson } from './HelpdeskClient';

export interface FreshdeskSettings {
  /** `https://<domain>.freshdesk.com` */
  baseUrl: string;
  apiKey: string;
}

/**
 * Freshdesk: a status update is a private note (`POST /api/v2/tickets/{id}/notes`) and the
 * resolution a reply (`POST /api/v2/tickets/{id}/reply`); Basic auth with the API key.
 */
export class FreshdeskClient implements HelpdeskClient {
  constructor(
    private readonly settings: FreshdeskSettings,
    private readonly fetchFn: typeof fetch = fetch,
    private readonly timeoutMs = 10_000,
  ) {}

  async send(message: HelpdeskMessage): Promise<void> {
    const { baseUrl, apiKey } = this.settings;
    const ticket = `${baseUrl.replace(
      /\/+$/,
      '',
    )}/api/v2/tickets/${encodeURIComponent(message.ticketId)}`;
    const authorization = `Basic ${Buffer.from(`${apiKey}:X`).toString(
      'base64',
    )}`;
    await sendJson(
      this.fetchFn,
      message.kind === 'resolution' ? `${ticket}/reply` : `${ticket}/notes`,
      {
        method: 'POST',
        headers: { authorization },
        body:
          message.kind === 'resolution'
            ? { body: message.body }
            : { body: message.body, private: true },
      },
      this.timeoutMs,
    );
  }
}
