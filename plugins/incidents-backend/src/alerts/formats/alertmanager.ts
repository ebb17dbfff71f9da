import { z } from 'zod';
import { ALERT_STATUSES, AlertDelivery } from '../types';
import {
  boundedJson,
  clean,
  compact,
  labelSet,
  links,
  senderTime,
  sha256,
} from './common';
import { labelFingerprint } from './fingerprint';

const MAX_SUMMARY = 1000;
const status = z.enum(ALERT_STATUSES);

export const alertmanagerAlertSchema = z.object({
  status: status.optional(),
  labels: labelSet,
  annotations: labelSet.optional(),
  startsAt: senderTime.optional(),
  endsAt: senderTime.optional(),
  generatorURL: z.string().optional(),
  fingerprint: z.string().trim().min(1).max(255).optional(),
});

/** The Alertmanager webhook, version 4 (`<webhook_config>` in Alertmanager's docs). */
export const alertmanagerSchema = z.object({
  version: z.string().optional(),
  groupKey: z.string().optional(),
  truncatedAlerts: z.number().optional(),
  status,
  receiver: z.string().optional(),
  groupLabels: labelSet.optional(),
  commonLabels: labelSet.optional(),
  commonAnnotations: labelSet.optional(),
  externalURL: z.string().optional(),
  alerts: z.array(alertmanagerAlertSchema),
});
export type AlertmanagerPayload = z.infer<typeof alertmanagerSchema>;
type AlertmanagerAlert = z.infer<typeof alertmanagerAlertSchema>;

/**
 * One delivery per alert of an Alertmanager group. An alert is identified by its fingerprint
 * (computed from its labels as Alertmanager does when an older sender leaves it out) within
 * its group key: HA pairs and repeats then land on the same alert.
 */
export function fromAlertmanager(
  payload: AlertmanagerPayload,
  options: {
    source: string;
    now: string;
    /** Per-alert links and details a sender adds (Grafana's dashboards and values). */
    extras?: (index: number) => {
      links: Array<{ title: string; url?: string | null }>;
      details: Record<string, unknown>;
    };
  },
): AlertDelivery[] {
  const groupKey = payload.groupKey ? clean(payload.groupKey) : null;
  return payload.alerts.map((alert, index) => {
    const fingerprint = clean(
      alert.fingerprint ?? labelFingerprint(alert.labels),
    );
    const labels = { ...payload.commonLabels, ...alert.labels };
    const annotations = { ...payload.commonAnnotations, ...alert.annotations };
    const extras = options.extras?.(index);
    return {
      dedupKey: sha256(`${groupKey ?? ''}\n${fingerprint}`),
      status: statusOf(alert, payload.status, options.now),
      startsAt: alert.startsAt ?? null,
      endsAt: alert.endsAt ?? null,
      content: {
        fingerprint,
        groupKey,
        summary: clean(
          annotations.summary ||
            labels.summary ||
            annotations.title ||
            labels.alertname ||
            'Alert',
          MAX_SUMMARY,
        ),
        description: clean(
          annotations.description || annotations.message || '',
        ),
        severity: labels.severity ? clean(labels.severity, 64) : null,
        source: clean(labels.instance || labels.job || options.source, 255),
        labels,
        annotations,
        links: links([
          { title: 'Source', url: alert.generatorURL },
          { title: 'Runbook', url: annotations.runbook_url },
          { title: 'Dashboard', url: annotations.dashboard_url },
          ...(extras?.links ?? []),
        ]),
        details: compact({
          receiver: payload.receiver,
          externalURL: payload.externalURL,
          ...Object.fromEntries(
            Object.entries(extras?.details ?? {}).map(([k, v]) => [
              k,
              boundedJson(v),
            ]),
          ),
        }),
      },
    };
  });
}

/**
 * Older senders leave an alert's status out; then an end time in the past means resolved,
 * and otherwise the group's status holds (it is `resolved` only when every alert is).
 */
function statusOf(
  alert: AlertmanagerAlert,
  groupStatus: AlertDelivery['status'],
  now: string,
): AlertDelivery['status'] {
  if (alert.status) return alert.status;
  if (alert.endsAt && Date.parse(alert.endsAt) <= Date.parse(now)) {
    return 'resolved';
  }
  return groupStatus;
}
