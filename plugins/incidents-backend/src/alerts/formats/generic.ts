import { z } from 'zod';
import { ALERT_STATUSES, AlertDelivery } from '../types';
import { clean, labelSet, links, senderTime } from './common';

/**
 * Lookout's own alert format, for senders with neither an Alertmanager nor a PagerDuty
 * integration: one alert per request, identified by `dedupKey`.
 */
export const genericSchema = z.object({
  summary: z.string().trim().min(1, 'summary must not be empty').max(1000),
  dedupKey: z.string().trim().min(1, 'dedupKey must not be empty').max(255),
  status: z.enum(ALERT_STATUSES).default('firing'),
  severity: z.string().max(64).optional(),
  source: z.string().max(255).optional(),
  description: z.string().max(20_000).optional(),
  entityRef: z.string().max(255).optional(),
  labels: labelSet.optional(),
  annotations: labelSet.optional(),
  links: z
    .array(
      z.object({
        title: z.string().max(200).optional(),
        url: z.url({ protocol: /^https?$/ }).max(2000),
      }),
    )
    .max(50)
    .optional(),
  /** When it began firing, or when it resolved; the time of receipt when left out. */
  timestamp: senderTime.optional(),
});
export type GenericPayload = z.infer<typeof genericSchema>;

export function fromGeneric(payload: GenericPayload): AlertDelivery {
  const dedupKey = clean(payload.dedupKey, 255);
  const at = payload.timestamp ?? null;
  const firing = payload.status === 'firing';
  return {
    dedupKey,
    status: payload.status,
    startsAt: firing ? at : null,
    endsAt: firing ? null : at,
    content: {
      fingerprint: dedupKey,
      groupKey: null,
      summary: clean(payload.summary, 1000),
      description: clean(payload.description ?? ''),
      severity: payload.severity ? clean(payload.severity, 64) : null,
      source: clean(payload.source || 'generic', 255),
      labels: payload.labels ?? {},
      annotations: payload.annotations ?? {},
      links: links(payload.links ?? []),
      details: {},
      ...(payload.entityRef ? { entityRef: payload.entityRef } : {}),
    },
  };
}
