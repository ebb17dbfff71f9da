import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { TriageProvider } from '@lookout/plugin-incidents-node';
import { Knex } from 'knex';
import { IncidentChangeStream } from '../incidents/IncidentChangeStream';
import { IncidentsStore } from '../incidents/IncidentsStore';
import { IncidentsAuthorizer } from '../permissions/IncidentsAuthorizer';
import { readTriageConfig } from './config';
import { CustomerReportsLookup } from './customerReports';
import { DatabaseTriageStore } from './DatabaseTriageStore';
import { OpenAiCompatibleTriageProvider } from './llm/OpenAiCompatibleTriageProvider';
import {
  annotationRunbooks,
  catalogOnCall,
  OnCallLookup,
  PostmortemLookup,
  RunbookLookup,
  TriageInputs,
} from './sources';
import { TriageEngine } from './TriageEngine';
import { TriageService } from './TriageService';
import { TelemetryService } from '../telemetry/TelemetryService';

/** Builds the triage assistant from the plugin's shared parts (used by `createServices`). */
export function createTriageService(
  deps: {
    knex: Knex;
    config: Config;
    incidentsStore: IncidentsStore;
    /** Triage is computed again when an open incident changes; it never blocks the change. */
    incidentChanges: IncidentChangeStream;
    authorizer: IncidentsAuthorizer;
    catalog: CatalogService;
    auth: AuthService;
    logger: LoggerService;
    /** Providers that backend modules added through `incidentsTriageExtensionPoint`. */
    triageProviders?: TriageProvider[];
    oncall?: OnCallLookup;
    runbooks?: RunbookLookup;
    postmortems?: PostmortemLookup;
    /** Metrics around an onset; by default from `incidents.telemetry.prometheus`, if set. */
    telemetry?: Pick<TelemetryService, 'around'>;
    /** Who reported an incident through the helpdesks (the support domain). */
    customerReports?: CustomerReportsLookup;
    clock?: () => Date;
  } & TriageInputs,
): TriageService {
  const config = readTriageConfig(deps.config);
  const providers = [...(deps.triageProviders ?? [])];
  if (config.llm) {
    providers.push(new OpenAiCompatibleTriageProvider(config.llm));
  }
  const store = DatabaseTriageStore.create({ knex: deps.knex });
  const own = () => deps.auth.getOwnServiceCredentials();
  const engine = new TriageEngine({
    incidents: deps.incidentsStore,
    store,
    catalog: deps.catalog,
    auth: deps.auth,
    inputs: { alerts: deps.alerts, changes: deps.changes, graph: deps.graph },
    // without the on-call or runbooks domain, the catalog answers alone
    oncall: deps.oncall ?? catalogOnCall(deps.catalog, own),
    runbooks: deps.runbooks ?? annotationRunbooks(deps.catalog),
    postmortems: deps.postmortems,
    telemetry: deps.telemetry ?? TelemetryService.fromConfig(deps.config),
    customerReports: deps.customerReports,
    clock: deps.clock,
  });
  const triage = new TriageService({
    store,
    incidents: deps.incidentsStore,
    authorizer: deps.authorizer,
    catalog: deps.catalog,
    engine,
    providers,
    providerTimeoutMs: config.providerTimeoutMs,
    recomputeDelayMs: config.recomputeDelayMs,
    logger: deps.logger,
    clock: deps.clock,
  });
  deps.incidentChanges.subscribe('triage', change =>
    triage.onIncidentChange(change),
  );
  // a deploy upstream of an open incident, or beside it, is new evidence for its triage
  deps.changes.onRecorded?.(entityRef => triage.evidenceOn([entityRef]));
  return triage;
}
