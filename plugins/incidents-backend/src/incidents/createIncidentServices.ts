import { LoggerService } from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { IncidentNotifier } from '@lookout/plugin-incidents-node';
import { GraphService } from '../graph/GraphService';
import { summarizeBlastRadius } from '../graph/summarizeBlastRadius';
import { IncidentsAuthorizer } from '../permissions/IncidentsAuthorizer';
import { AlertIncidentWriter } from './AlertIncidentWriter';
import { BlastRadiusOf } from './IncidentAnnouncer';
import { IncidentChangeStream } from './IncidentChangeStream';
import { IncidentsService } from './IncidentsService';
import { IncidentsStore } from './IncidentsStore';

/**
 * Builds the incidents domain on its store: the rules for people (IncidentsService) and the
 * writer through which alert ingestion opens and changes incidents (AlertIncidentWriter).
 * Subscribes the notifiers that backend modules added to the change stream: each is told of
 * every declared incident, one after the other, and a failing one is logged without stopping
 * the rest.
 */
export function createIncidentServices(deps: {
  store: IncidentsStore;
  catalog: CatalogService;
  authorizer: IncidentsAuthorizer;
  logger: LoggerService;
  incidentChanges: IncidentChangeStream;
  graph: GraphService;
  notifiers: IncidentNotifier[];
}): { incidents: IncidentsService; alertIncidents: AlertIncidentWriter } {
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
  const blastRadius: BlastRadiusOf = async (entityRef, credentials) =>
    summarizeBlastRadius(
      await deps.graph.blastRadius({ entityRef }, credentials),
    );
  const incidents = new IncidentsService({
    store: deps.store,
    catalog: deps.catalog,
    authorizer: deps.authorizer,
    logger: deps.logger,
    incidentChanges: deps.incidentChanges,
    blastRadius,
  });
  const alertIncidents = new AlertIncidentWriter({
    store: deps.store,
    logger: deps.logger,
    incidentChanges: deps.incidentChanges,
    blastRadius,
  });
  return { incidents, alertIncidents };
}
