import { Config } from '@backstage/config';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { Knex } from 'knex';
import { EscalationPoliciesService } from '../escalation/EscalationPoliciesService';
import { SchedulesService } from '../oncall/SchedulesService';
import { IncidentsAuthorizer } from '../permissions/IncidentsAuthorizer';
import { DatabaseImportStore } from './DatabaseImportStore';
import { ImportService, ImportSettings, SourceFactory } from './ImportService';
import { vendorSources } from './sources';

/** `incidents.import`: tokens (secrets), other API bases, and the owner of unowned objects. */
export function readImportSettings(config: Config): ImportSettings {
  const section = config.getOptionalConfig('incidents.import');
  const pagerduty = section?.getOptionalConfig('pagerduty');
  const opsgenie = section?.getOptionalConfig('opsgenie');
  const definedOnly = <T extends object>(value: T) =>
    Object.fromEntries(
      Object.entries(value).filter(([, v]) => v !== undefined && v !== ''),
    ) as T;
  return {
    tokens: definedOnly({
      pagerduty: pagerduty?.getOptionalString('token'),
      opsgenie: opsgenie?.getOptionalString('apiKey'),
    }),
    apiUrls: definedOnly({
      pagerduty: pagerduty?.getOptionalString('apiUrl'),
      opsgenie: opsgenie?.getOptionalString('apiUrl'),
    }),
    defaultOwnerRef: section?.getOptionalString('defaultOwnerRef'),
  };
}

export function createImportService(deps: {
  knex: Knex;
  config: Config;
  catalog: CatalogService;
  authorizer: IncidentsAuthorizer;
  schedules: SchedulesService;
  escalationPolicies: EscalationPoliciesService;
  sources?: SourceFactory;
}): ImportService {
  return new ImportService({
    store: DatabaseImportStore.create({ knex: deps.knex }),
    schedules: deps.schedules,
    policies: deps.escalationPolicies,
    catalog: deps.catalog,
    authorizer: deps.authorizer,
    settings: readImportSettings(deps.config),
    sources: deps.sources ?? vendorSources(),
  });
}
