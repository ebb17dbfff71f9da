import { OPEN_STATUSES } from '@lookout/plugin-incidents-common';
import { IncidentCursor, IncidentsStore } from '../incidents/IncidentsStore';
import { IncidentCondition } from '../permissions/conditions';
import { OpenIncident } from './liveStatus';

const PAGE = 1000;

/**
 * Every open incident the condition admits, through the incidents store's own list (paged
 * with its cursor), reduced to what live status needs.
 */
export async function listOpenIncidents(
  store: Pick<IncidentsStore, 'listIncidents'>,
  condition: IncidentCondition | undefined,
): Promise<OpenIncident[]> {
  const open: OpenIncident[] = [];
  let after: IncidentCursor | undefined;
  do {
    const page = await store.listIncidents({
      status: OPEN_STATUSES,
      condition,
      after,
      limit: PAGE,
    });
    for (const incident of page.items) {
      open.push({
        id: incident.id,
        severity: incident.severity,
        entityRef: incident.entityRef,
        impactedEntityRefs: incident.impactedEntityRefs,
      });
    }
    after = page.last;
  } while (after);
  return open;
}
