import { z } from 'zod';
import { TicketEvent } from '../types';
import { bodyKey, idText, tagList, text, timeOr } from './common';

const optionalText = z.union([z.string(), z.number()]).nullish();

/** The placeholders Freshdesk's automation webhooks offer, as Lookout's documented body uses them. */
const ticket = z
  .object({
    ticket_id: z.union([z.string().min(1).max(255), z.number().int()]),
    ticket_subject: optionalText,
    ticket_description: optionalText,
    ticket_status: optionalText,
    ticket_tags: z.union([z.array(z.string()), z.string()]).nullish(),
    ticket_url: optionalText,
    ticket_portal_url: optionalText,
    ticket_contact_email: optionalText,
    ticket_requester_email: optionalText,
    ticket_company_name: optionalText,
    ticket_product: optionalText,
    ticket_updated_at: optionalText,
    triggered_event: optionalText,
  })
  .passthrough();

/** Either the classic `{"freshdesk_webhook": {...}}` wrapper or the same fields at the top. */
export const freshdeskSchema = z.union(
  [z.object({ freshdesk_webhook: ticket }), ticket],
  {
    error: () =>
      'expected a Freshdesk webhook body with ticket_id (at the top or inside freshdesk_webhook)',
  },
);

export function fromFreshdesk(
  payload: z.infer<typeof freshdeskSchema>,
  body: Buffer,
  now: string,
): TicketEvent {
  const t: z.infer<typeof ticket> =
    'freshdesk_webhook' in payload && payload.freshdesk_webhook
      ? (payload.freshdesk_webhook as z.infer<typeof ticket>)
      : (payload as z.infer<typeof ticket>);
  const ticketId = idText(t.ticket_id);
  return {
    eventKey: bodyKey(body),
    ticketId,
    ticketUrl: text(t.ticket_url) ?? text(t.ticket_portal_url),
    subject: text(t.ticket_subject) ?? `Freshdesk ticket ${ticketId}`,
    description: text(t.ticket_description) ?? '',
    requester: text(t.ticket_requester_email) ?? text(t.ticket_contact_email),
    organization: text(t.ticket_company_name),
    product: text(t.ticket_product),
    tags: tagList(t.ticket_tags),
    ticketStatus: text(t.ticket_status)?.toLowerCase() ?? null,
    eventAt: timeOr(t.ticket_updated_at, now),
  };
}
