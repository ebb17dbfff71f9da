import { JsonValue } from '@backstage/types';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { ENTITY_LABEL } from '../routing';
import { AlertDelivery } from '../types';
import {
  boundedJson,
  clean,
  compact,
  links,
  scalarEntries,
  senderTime,
} from './common';

const text = (max: number) => z.string().max(max);

const linksSchema = z
  .array(z.object({ href: text(2000), text: text(1000).optional() }))
  .max(100);

const imagesSchema = z
  .array(
    z.object({
      src: text(2000),
      href: text(2000).optional(),
      alt: text(1000).optional(),
    }),
  )
  .max(100);

/** PagerDuty Events API v2 (`POST /v2/enqueue`), as in PagerDuty's own OpenAPI document. */
export const pagerDutyEventSchema = z
  .object({
    routing_key: z.string().min(1),
    event_action: z.enum(['trigger', 'acknowledge', 'resolve']),
    dedup_key: z.string().trim().min(1).max(255).optional(),
    payload: z
      .object({
        summary: z.string().trim().min(1).max(1024),
        source: z.string().trim().min(1).max(255),
        severity: z.enum(['critical', 'error', 'warning', 'info']),
        timestamp: senderTime.optional(),
        component: text(255).optional(),
        group: text(255).optional(),
        class: text(255).optional(),
        custom_details: z.unknown().optional(),
      })
      .optional(),
    client: text(255).optional(),
    client_url: text(2000).optional(),
    links: linksSchema.optional(),
    images: imagesSchema.optional(),
  })
  .superRefine((event, ctx) => {
    if (event.event_action === 'trigger' && !event.payload) {
      ctx.addIssue({
        code: 'custom',
        path: ['payload'],
        message: "'payload' is required for a trigger",
      });
    }
    if (event.event_action !== 'trigger' && !event.dedup_key) {
      ctx.addIssue({
        code: 'custom',
        path: ['dedup_key'],
        message: `'dedup_key' is required for ${event.event_action}`,
      });
    }
  });
export type PagerDutyEvent = z.infer<typeof pagerDutyEventSchema>;

/** PagerDuty change events (`POST /v2/change/enqueue`). */
export const pagerDutyChangeSchema = z.object({
  routing_key: z.string().min(1),
  payload: z.object({
    summary: z.string().trim().min(1).max(1024),
    timestamp: senderTime.optional(),
    source: text(255).optional(),
    custom_details: z.unknown().optional(),
  }),
  links: linksSchema.optional(),
  images: imagesSchema.optional(),
});
export type PagerDutyChange = z.infer<typeof pagerDutyChangeSchema>;

/** A trigger without a dedup key gets one, which the 202 hands back. */
export function dedupKeyOf(event: PagerDutyEvent): string {
  return clean(event.dedup_key ?? randomUUID().replace(/-/g, ''), 255);
}

/**
 * A trigger or resolve as an alert delivery. A resolve carries no content: it never creates
 * an alert, so a resolve for an unknown key is accepted and ignored, as PagerDuty does.
 */
export function fromPagerDuty(
  event: PagerDutyEvent,
  dedupKey: string,
): AlertDelivery {
  const payload = event.payload;
  if (event.event_action !== 'trigger' || !payload) {
    return { dedupKey, status: 'resolved', startsAt: null, endsAt: null };
  }
  const details = scalarEntries(payload.custom_details);
  const labels = Object.fromEntries(
    Object.entries({
      source: payload.source,
      component: payload.component,
      group: payload.group,
      class: payload.class,
      // custom_details may name the catalog entity, as an Alertmanager label would
      [ENTITY_LABEL]: details[ENTITY_LABEL],
    }).flatMap(([k, v]) => (v ? [[k, v]] : [])),
  );
  return {
    dedupKey,
    status: 'firing',
    startsAt: payload.timestamp ?? null,
    endsAt: null,
    content: {
      fingerprint: dedupKey,
      groupKey: null,
      summary: clean(payload.summary, 1024),
      description: clean(details.description ?? ''),
      severity: payload.severity,
      source: clean(payload.source, 255),
      labels,
      annotations: details,
      links: links([
        ...(event.links ?? []).map(l => ({ title: l.text, url: l.href })),
        { title: event.client || 'Client', url: event.client_url },
      ]),
      details: compact({
        client: event.client,
        custom_details: boundedJson(payload.custom_details),
        images: boundedJson(event.images) as JsonValue | undefined,
      }),
    },
  };
}
