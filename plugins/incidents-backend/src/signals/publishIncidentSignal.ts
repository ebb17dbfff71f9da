import { SignalsService } from '@backstage/plugin-signals-node';
import {
  INCIDENTS_SIGNAL_CHANNEL,
  IncidentsSignal,
} from '@lookout/plugin-incidents-common';
import { IncidentChange } from '../incidents/IncidentChangeStream';

/**
 * Tells open pages that an incident changed, so they refetch. The message carries ids only:
 * every page reads the incident back through the API, under the reader's own permissions.
 */
export async function publishIncidentSignal(
  signals: SignalsService,
  change: Pick<IncidentChange, 'incident'> & {
    /** A change's type, or `triaged` when its triage was computed again. */
    type: IncidentChange['type'] | 'triaged';
  },
): Promise<void> {
  const { incident } = change;
  await signals.publish<IncidentsSignal>({
    recipients: { type: 'broadcast' },
    channel: INCIDENTS_SIGNAL_CHANNEL,
    message: {
      type: change.type,
      incidentId: incident.id,
      entityRefs: [incident.entityRef, ...incident.impactedEntityRefs],
    },
  });
}
