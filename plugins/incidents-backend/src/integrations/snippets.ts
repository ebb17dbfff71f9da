import { stringify } from 'yaml';
import { IntegrationSnippets } from './types';

/** Grafana's default signature header, and the timestamp header Lookout reads. */
export const GRAFANA_SIGNATURE_HEADER = 'X-Grafana-Alerting-Signature';
export const GRAFANA_TIMESTAMP_HEADER = 'X-Grafana-Alerting-Timestamp';

/**
 * Sender configuration for a new key, ready to paste: an Alertmanager receiver, a Grafana
 * contact point (file provisioning) and an Alertmanager PagerDuty receiver pointed at
 * Lookout's Events API v2, which any other PagerDuty-style client can use the same way.
 */
export function buildSnippets(options: {
  baseUrl: string;
  name: string;
  key: string;
  signingSecret?: string;
}): IntegrationSnippets {
  const { baseUrl, name, key, signingSecret } = options;
  const receiver = `lookout-${slug(name)}`;

  const alertmanager = stringify({
    receivers: [
      {
        name: receiver,
        webhook_configs: [
          {
            url: `${baseUrl}/alerts/alertmanager`,
            send_resolved: true,
            http_config: {
              authorization: { type: 'Bearer', credentials: key },
            },
          },
        ],
      },
    ],
  });

  const grafana = stringify({
    apiVersion: 1,
    contactPoints: [
      {
        orgId: 1,
        name: receiver,
        receivers: [
          {
            uid: receiver.slice(0, 40),
            type: 'webhook',
            settings: {
              url: `${baseUrl}/alerts/grafana`,
              httpMethod: 'POST',
              authorization_scheme: 'Bearer',
              authorization_credentials: key,
              ...(signingSecret
                ? {
                    hmacConfig: {
                      secret: signingSecret,
                      header: GRAFANA_SIGNATURE_HEADER,
                      timestampHeader: GRAFANA_TIMESTAMP_HEADER,
                    },
                  }
                : {}),
            },
          },
        ],
      },
    ],
  });

  const pagerduty = [
    `# Events API v2 at ${baseUrl}/v2/enqueue, routing_key ${key}`,
    stringify({
      receivers: [
        {
          name: receiver,
          pagerduty_configs: [
            {
              url: `${baseUrl}/v2/enqueue`,
              routing_key: key,
              // Alertmanager otherwise sends every event as "error" (SEV2)
              severity: '{{ .CommonLabels.severity }}',
              send_resolved: true,
            },
          ],
        },
      ],
    }),
  ].join('\n');

  return { alertmanager, grafana, pagerduty };
}

function slug(name: string): string {
  return (
    name
      .toLocaleLowerCase('en-US')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 40) || 'integration'
  );
}
