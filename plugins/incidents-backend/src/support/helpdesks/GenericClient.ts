import { HelpdeskClient, HelpdeskMessage, sendJson } from './HelpdeskClient';

/** Any other helpdesk: each message is POSTed as Lookout's JSON to a configured URL. */
export class GenericClient implements HelpdeskClient {
  constructor(
    private readonly settings: { url: string; token?: string },
    private readonly fetchFn: typeof fetch = fetch,
    private readonly timeoutMs = 10_000,
  ) {}

  async send(message: HelpdeskMessage): Promise<void> {
    await sendJson(
      this.fetchFn,
      this.settings.url,
      {
        method: 'POST',
        headers: this.settings.token
          ? { authorization: `Bearer ${this.settings.token}` }
          : {},
        body: {
          ticketId: message.ticketId,
          kind: message.kind,
          public: message.kind === 'resolution',
          body: message.body,
          incidentId: message.incidentId,
        },
      },
      this.timeoutMs,
    );
  }
}
