import { z } from 'zod';
import { AlertDelivery } from '../types';
import {
  alertmanagerAlertSchema,
  alertmanagerSchema,
  fromAlertmanager,
} from './alertmanager';

/** Grafana's `values`: numbers by query ref. Anything else is dropped, not refused. */
const values = z
  .record(z.string(), z.number().nullable())
  .nullish()
  .catch(undefined);

/**
 * Grafana's alerting webhook: Alertmanager's payload (Grafana embeds Alertmanager) plus
 * per-alert dashboard, panel and silence links and values, and a title, state and message.
 */
export const grafanaSchema = alertmanagerSchema.extend({
  orgId: z.number().optional(),
  state: z.string().optional(),
  title: z.string().optional(),
  message: z.string().optional(),
  alerts: z.array(
    alertmanagerAlertSchema.extend({
      silenceURL: z.string().optional(),
      dashboardURL: z.string().optional(),
      panelURL: z.string().optional(),
      values,
    }),
  ),
});
export type GrafanaPayload = z.infer<typeof grafanaSchema>;

export function fromGrafana(
  payload: GrafanaPayload,
  now: string,
): AlertDelivery[] {
  return fromAlertmanager(payload, {
    source: 'grafana',
    now,
    extras: index => {
      const alert = payload.alerts[index];
      return {
        links: [
          { title: 'Dashboard', url: alert.dashboardURL },
          { title: 'Panel', url: alert.panelURL },
          { title: 'Silence', url: alert.silenceURL },
        ],
        details: { orgId: payload.orgId, values: alert.values ?? undefined },
      };
    },
  });
}
