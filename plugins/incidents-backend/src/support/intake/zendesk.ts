import { z } from 'zod';
import { TicketEvent } from '../types';
import { bodyKey, idText, tagList, text, timeOr } from './common';

const id = z.union([z.string().min(1).max(255), z.number().int()]);
const optionalText = z.union([z.string(), z.number()]).nullish();

/** Zendesk's event webhooks: `zen:event-type:ticket.*` with the ticket in `detail`. */
const eventSchema = z.object({
  type: z.string().startsWith('zen:event-type:'),
  id: z.string().min(1).max(255),
  time: z.string().optional(),
  subject: z.string().optional(),
  detail: z.object({
    id,
    subject: optionalText,
    description: optionalText,
    requester_id: optionalText,
    organization_id: optionalText,
    status: optionalText,
    tags: z.union([z.array(z.string()), z.string()]).nullish(),
    updated_at: z.string().optional(),
  }),
});

/**
 * A trigger or automation webhook: a JSON body the admin writes with placeholders; Lookout's
 * documented one is `{"ticket": {"id": "{{ticket.id}}", "title": "{{ticket.title}}", ...}}`.
 */
const triggerSchema = z.object({
  ticket: z.object({
    id,
    url: optionalText,
    title: optionalText,
    subject: optionalText,
    description: optionalText,
    status: optionalText,
    tags: z.union([z.array(z.string()), z.string()]).nullish(),
    updated_at: optionalText,
    requester: z
      .object({ email: optionalText, name: optionalText, id: optionalText })
      .nullish(),
    organization: z
      .union([z.string(), z.object({ name: optionalText }).passthrough()])
      .nullish(),
    product: optionalText,
  }),
});

export const zendeskSchema = z.union([eventSchema, triggerSchema], {
  error: () =>
    'expected a Zendesk ticket event (type "zen:event-type:ticket.*" with detail.id) or a trigger webhook body with ticket.id',
});

/** The ticket event a Zendesk delivery carries; null for event types that are not tickets'. */
export function fromZendesk(
  payload: z.infer<typeof zendeskSchema>,
  body: Buffer,
  now: string,
): TicketEvent | null {
  if ('type' in payload) {
    if (!payload.type.startsWith('zen:event-type:ticket.')) return null;
    const d = payload.detail;
    return {
      eventKey: `event:${payload.id}`,
      ticketId: idText(d.id),
      ticketUrl: null,
      subject: text(d.subject) ?? `Zendesk ticket ${idText(d.id)}`,
      description: text(d.description) ?? '',
      requester: text(d.requester_id),
      organization:
        text(d.organization_id) === '0' ? null : text(d.organization_id),
      product: null,
      tags: tagList(d.tags),
      ticketStatus: text(d.status)?.toLowerCase() ?? null,
      eventAt: timeOr(payload.time ?? d.updated_at, now),
    };
  }
  const t = payload.ticket;
  const organization =
    typeof t.organization === 'string'
      ? text(t.organization)
      : text(t.organization?.name);
  return {
    eventKey: bodyKey(body),
    ticketId: idText(t.id),
    ticketUrl: text(t.url),
    subject:
      text(t.title) ?? text(t.subject) ?? `Zendesk ticket ${idText(t.id)}`,
    description: text(t.description) ?? '',
    requester:
      text(t.requester?.email) ??
      text(t.requester?.name) ??
      text(t.requester?.id),
    organization,
    product: text(t.product),
    tags: tagList(t.tags),
    ticketStatus: text(t.status)?.toLowerCase() ?? null,
    eventAt: timeOr(t.updated_at, now),
  };
}
