import { AuthService } from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { Knex } from 'knex';
import { PolicyLookup } from '../escalation/types';
import { IncidentsAuthorizer } from '../permissions/IncidentsAuthorizer';
import { OnCallEntities } from './catalogRefs';
import { DatabaseOnCallStore } from './DatabaseOnCallStore';
import { OnCallResolver } from './OnCallResolver';
import { SchedulesService } from './SchedulesService';

/**
 * Schedules and their overrides. Built before escalation, whose policies page schedules; the
 * on-call answer, which reads both, comes after it (`createOnCallServices`).
 */
export function createSchedulesService(deps: {
  knex: Knex;
  catalog: CatalogService;
  authorizer: IncidentsAuthorizer;
}): SchedulesService {
  return new SchedulesService({
    store: DatabaseOnCallStore.create({ knex: deps.knex }),
    entities: new OnCallEntities(deps.catalog),
    authorizer: deps.authorizer,
  });
}

/** Who is on call: the schedules, and the escalation policy that applies with whom it pages. */
export function createOnCallServices(deps: {
  catalog: CatalogService;
  auth: AuthService;
  schedules: SchedulesService;
  policies: PolicyLookup;
}): { oncall: OnCallResolver } {
  return {
    oncall: new OnCallResolver({
      schedules: deps.schedules,
      policies: deps.policies,
      entities: new OnCallEntities(deps.catalog),
      auth: deps.auth,
    }),
  };
}
