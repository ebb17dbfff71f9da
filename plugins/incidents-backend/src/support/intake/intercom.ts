import { z } from 'zod';
import { parse } from '../../lib/validation';
import { TicketEvent } from '../types';
import { idText, tagList, text, timeOr } from './common';

const optionalText = z.union([z.string(), z.number()]).nullish();

const item = z
  .object({
    type: z.string(),
    id: z.union([z.string().min(1).max(255), z.number().int()]),
    title: optionalText,
    state: optionalText,
    ticket_state: optionalText,
    source: z
      .object({
        subject: optionalText,
        body: optionalText,
        url: optionalText,
        author: z
          .object({ email: optionalText, name: optionalText })
          .passthrough()
          .nullish(),
      })
      .passthrough()
      .nullish(),
    ticket_attributes: z.record(z.string(), z.unknown()).nullish(),
    custom_attributes: z.record(z.string(), z.unknown()).nullish(),
    tags: z
      .object({ tags: z.array(z.object({ name: z.string() }).passthrough()) })
      .passthrough()
      .nullish(),
    company: z.object({ name: optionalText }).passthrough().nullish(),
    contacts: z
      .object({
        contacts: z.array(
          z.object({ id: optionalText, email: optionalText }).passthrough(),
        ),
      })
      .passthrough()
      .nullish(),
  })
  .passthrough();

/** Intercom's webhook notification: `notification_event` with the object in `data.item`. */
export const intercomSchema = z.object({
  type: z.literal('notification_event', {
    error: () => 'type must be "notification_event"',
  }),
  id: z.string().min(1).max(255),
  topic: z.string().min(1),
  created_at: z.number().optional(),
  // the item's shape depends on the topic (`ping` sends a message); it is read per topic below
  data: z.object({ item: z.unknown() }).passthrough(),
});

const TOPICS = /^(conversation|ticket)\./;

/** Intercom marks up bodies as HTML; a report keeps the words. */
function plain(html: string | null): string | null {
  return html
    ? html
        .replace(/<[^>]*>/g, ' ')
        .replace(/\s+/g, ' ')
        .trim()
    : null;
}

/** The ticket event of an Intercom notification; null for `ping` and other topics. */
export function fromIntercom(
  payload: z.infer<typeof intercomSchema>,
  now: string,
): TicketEvent | null {
  if (!TOPICS.test(payload.topic)) return null;
  const it = parse(item, payload.data.item);
  const attr = (name: string) => {
    const value = it.ticket_attributes?.[name] ?? it.custom_attributes?.[name];
    return typeof value === 'string' || typeof value === 'number'
      ? text(value)
      : null;
  };
  const contact = it.contacts?.contacts?.[0];
  return {
    eventKey: `notification:${payload.id}`,
    ticketId: idText(it.id),
    ticketUrl: text(it.source?.url),
    subject:
      text(it.title) ??
      attr('_default_title_') ??
      plain(text(it.source?.subject)) ??
      `Intercom ${it.type} ${idText(it.id)}`,
    description:
      attr('_default_description_') ?? plain(text(it.source?.body)) ?? '',
    requester:
      text(it.source?.author?.email) ??
      text(contact?.email) ??
      text(contact?.id) ??
      null,
    organization:
      text(it.company?.name) ?? attr('organization') ?? attr('Organization'),
    product: attr('product') ?? attr('Product'),
    tags: tagList((it.tags?.tags ?? []).map(t => t.name)),
    ticketStatus: text(it.ticket_state) ?? text(it.state),
    eventAt: timeOr(payload.created_at, now),
  };
}
