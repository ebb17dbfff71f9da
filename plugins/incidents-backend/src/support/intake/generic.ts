import { z } from 'zod';
import { TicketEvent } from '../types';
import { bodyKey, tagList, timeOr } from './common';

/** Lookout's own JSON for any other helpdesk; documented in openapi.yaml. */
export const genericSchema = z.object({
  ticketId: z.union([z.string().trim().min(1).max(255), z.number().int()]),
  subject: z.string().trim().min(1).max(500),
  description: z.string().max(100_000).optional(),
  requester: z.string().max(255).optional(),
  organization: z.string().max(255).optional(),
  product: z.string().max(255).optional(),
  tags: z.array(z.string().max(100)).max(100).optional(),
  status: z.string().max(64).optional(),
  url: z.url().max(1000).optional(),
  /** The sender's id of this event; without one the body itself is the key. */
  eventId: z.string().min(1).max(200).optional(),
  occurredAt: z.iso.datetime({ offset: true }).optional(),
});

export function fromGeneric(
  payload: z.infer<typeof genericSchema>,
  body: Buffer,
  now: string,
): TicketEvent {
  return {
    eventKey: payload.eventId ? `event:${payload.eventId}` : bodyKey(body),
    ticketId: String(payload.ticketId),
    ticketUrl: payload.url ?? null,
    subject: payload.subject,
    description: payload.description ?? '',
    requester: payload.requester ?? null,
    organization: payload.organization ?? null,
    product: payload.product ?? null,
    tags: tagList(payload.tags),
    ticketStatus: payload.status ?? null,
    eventAt: timeOr(payload.occurredAt, now),
  };
}
