import {
  AuthService,
  LoggerService,
  PermissionsRegistryService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { EscalationService } from '../escalation/EscalationService';
import { GraphService } from '../graph/GraphService';
import { IncidentChangeStream } from '../incidents/IncidentChangeStream';
import { IncidentsStore } from '../incidents/IncidentsStore';
import { OnCallResolver } from '../oncall/OnCallResolver';
import { QueueWorker } from '../queue/QueueWorker';
import { WorkQueue } from '../queue/WorkQueue';

/** What the incidents backend lends its chat integrations from, built once in createServices. */
export interface ChatHostDeps {
  store: IncidentsStore;
  incidentChanges: IncidentChangeStream;
  queue: WorkQueue;
  worker: QueueWorker;
  catalog: CatalogService;
  auth: AuthService;
  permissions: PermissionsService;
  permissionsRegistry: PermissionsRegistryService;
  logger: LoggerService;
  graph: GraphService;
  oncall: OnCallResolver;
  /** Escalate now and reassign, as the portal's Escalate and Page buttons call them. */
  escalation: EscalationService;
}
