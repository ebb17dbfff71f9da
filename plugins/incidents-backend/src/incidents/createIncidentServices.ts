import { LoggerService } from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { IncidentNotifier } from '@lookout/plugin-incidents-node';
import { GraphService } from '../graph/GraphService';
import { summarizeBlastRadius } from '../graph/summarizeBlastRadius';
import { IncidentsAuthorizer } from '../permissions/IncidentsAuthorizer';
import { IncidentChangeStream } from './IncidentChangeStream';
import { IncidentsService } from './IncidentsService';
import { IncidentsStore } from './IncidentsStore';

/**
 * Builds the incidents domain on its store, and subscribes the notifiers that backend modules
 * added to the change stream: each is told of every declared incident, one after the other,
 * and a failing one is logged without stopping the rest.
 */
export function createIncidentServices(deps: {
  store: IncidentsStore;
  catalog: CatalogService;
  authorizer: IncidentsAuthorizer;
  logger: LoggerService;
  incidentChanges: IncidentChangeStream;
  graph: GraphService;
  notifiers: IncidentNotifier[];
}): { incidents: IncidentsService } {
  deps.incidentChanges.subscribe('notifiers', async ({ type, incident }) => {
    if (type !== 'declared') return;
    for (const notifier of deps.notifiers) {
      try {
        await notifier.onIncidentDeclared(incident);
      } catch (error) {
        deps.logger.warn(
          `Notifier ${notifier.name} failed for ${incident.id}: ${error}`,
        );
      }
    }
  });
  const incidents = new IncidentsService({
    store: deps.store,
    catalog: deps.catalog,
    authorizer: deps.authorizer,
    logger: deps.logger,
    incidentChanges: deps.incidentChanges,
    blastRadius: async (entityRef, credentials) =>
      summarizeBlastRadius(
        await deps.graph.blastRadius({ entityRef }, credentials),
      ),
  });
  return { incidents };
}
