import { mockCredentials } from '@backstage/backend-test-utils';
import { AlertDelivery } from '../../alerts/types';
import { Services } from '../../services';

/** A firing alert on the entity, as the generic integration delivers it. */
export function firingAlert(
  key: string,
  entityRef: string,
  startsAt: Date,
  severity = 'critical',
  summary = `${key} is failing`,
): AlertDelivery {
  return {
    dedupKey: key,
    status: 'firing',
    startsAt: startsAt.toISOString(),
    endsAt: null,
    content: {
      fingerprint: key,
      groupKey: null,
      summary,
      description: '',
      severity,
      source: 'test',
      labels: { alertname: key },
      annotations: {},
      links: [],
      details: {},
      entityRef,
    },
  };
}

/**
 * One integration that sends alerts and deploys, as monitoring and a deployer would: `ingest`
 * as the alert routes do, `deploy` as a PagerDuty change event.
 */
export async function createSenders(
  services: Pick<Services, 'integrations' | 'alerts' | 'changes'>,
) {
  const { key } = await services.integrations.create(
    { name: 'Prometheus', type: 'generic' },
    mockCredentials.user(),
  );
  const integration = await services.integrations.authenticate(key);
  const ingest = (...deliveries: AlertDelivery[]) =>
    services.alerts.ingest(integration, deliveries);
  const deploy = (entityRef: string, summary: string, at: Date) =>
    services.changes.record(integration, {
      routing_key: key,
      payload: {
        summary,
        timestamp: at.toISOString(),
        source: 'deployer',
        custom_details: { backstage_entity: entityRef },
      },
    } as any);
  return { ingest, deploy };
}
