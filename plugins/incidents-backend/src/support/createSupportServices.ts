import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { impactPath } from '@lookout/plugin-incidents-common';
import { Knex } from 'knex';
import { GraphService } from '../graph/GraphService';
import { IncidentChangeStream } from '../incidents/IncidentChangeStream';
import { IncidentsService } from '../incidents/IncidentsService';
import { IncidentsAuthorizer } from '../permissions/IncidentsAuthorizer';
import { QueueWorker } from '../queue/QueueWorker';
import { WorkQueue } from '../queue/WorkQueue';
import { CatalogMatcher } from './CatalogMatcher';
import { DatabaseCustomerReach } from './DatabaseCustomerReach';
import { DatabaseSupportStore } from './DatabaseSupportStore';
import { FreshdeskClient } from './helpdesks/FreshdeskClient';
import { GenericClient } from './helpdesks/GenericClient';
import { IntercomClient } from './helpdesks/IntercomClient';
import { RateGate } from './helpdesks/RateGate';
import { ZendeskClient } from './helpdesks/ZendeskClient';
import { Helpdesk, NoticeQueue } from './NoticeQueue';
import { readSupportSettings, SupportSettings } from './settings';
import { Downstream } from './suggest';
import { SupportService } from './SupportService';
import { SupportProvider } from './types';

/** How long a replica reuses an origin's blast radius while matching reports. */
const DOWNSTREAM_CACHE_MS = 30_000;

/**
 * A burst of reports about one outage asks for the same few origins' blast radius again and
 * again; each is walked once per half minute.
 */
function downstreamCache(
  walk: (entityRef: string) => Promise<Downstream>,
): (entityRef: string) => Promise<Downstream> {
  const cache = new Map<string, { at: number; value: Promise<Downstream> }>();
  return entityRef => {
    const now = Date.now();
    const hit = cache.get(entityRef);
    if (hit && now - hit.at < DOWNSTREAM_CACHE_MS) return hit.value;
    if (cache.size > 1000) cache.clear();
    const value = walk(entityRef);
    value.catch(() => cache.delete(entityRef));
    cache.set(entityRef, { at: now, value });
    return value;
  };
}

/** The helpdesks configured under `incidents.support`, each behind its own rate gate. */
export function configuredHelpdesks(
  settings: SupportSettings,
  fetchFn: typeof fetch = fetch,
): Partial<Record<SupportProvider, Helpdesk>> {
  const helpdesks: Partial<Record<SupportProvider, Helpdesk>> = {};
  const { zendesk, intercom, freshdesk, generic } = settings;
  if (zendesk) {
    helpdesks.zendesk = {
      client: new ZendeskClient(zendesk, fetchFn),
      gate: new RateGate(zendesk.requestsPerMinute),
    };
  }
  if (intercom) {
    helpdesks.intercom = {
      client: new IntercomClient(intercom, fetchFn),
      gate: new RateGate(intercom.requestsPerMinute),
    };
  }
  if (freshdesk) {
    helpdesks.freshdesk = {
      client: new FreshdeskClient(freshdesk, fetchFn),
      gate: new RateGate(freshdesk.requestsPerMinute),
    };
  }
  if (generic) {
    helpdesks.generic = {
      client: new GenericClient(generic, fetchFn),
      gate: new RateGate(generic.requestsPerMinute),
    };
  }
  return helpdesks;
}

/**
 * Builds the support domain: reports in its store, notices through the shared work queue,
 * and a subscription to the incident change stream so status changes and resolutions reach
 * every linked ticket.
 */
export function createSupportServices(deps: {
  knex: Knex;
  config: Config;
  catalog: CatalogService;
  auth: AuthService;
  logger: LoggerService;
  authorizer: IncidentsAuthorizer;
  incidents: IncidentsService;
  incidentChanges: IncidentChangeStream;
  graph: GraphService;
  queue: WorkQueue;
  worker: QueueWorker;
  /** Who reported each incident; shared with triage and the status page's draft. */
  customerReach: DatabaseCustomerReach;
  /** Told when a report is linked: who reported an incident is evidence for its triage. */
  triage?: { evidenceOn(entityRefs: string[]): void };
  fetchFn?: typeof fetch;
}): { support: SupportService } {
  const settings = readSupportSettings(deps.config);
  const store = DatabaseSupportStore.create({ knex: deps.knex });
  const notices = new NoticeQueue({
    store,
    queue: deps.queue,
    worker: deps.worker,
    helpdesks: configuredHelpdesks(settings, deps.fetchFn),
    logger: deps.logger,
  });
  const support = new SupportService({
    store,
    reach: deps.customerReach,
    triage: deps.triage,
    incidents: deps.incidents,
    matcher: new CatalogMatcher({ catalog: deps.catalog, auth: deps.auth }),
    downstreamOf: downstreamCache(async entityRef => {
      const radius = await deps.graph.blastRadius(
        { entityRef, direction: 'downstream' },
        await deps.auth.getOwnServiceCredentials(),
      );
      const index = new Map(radius.impacted.map((i, n) => [i.entityRef, n]));
      return {
        get: ref => {
          const n = index.get(ref);
          if (n === undefined) return undefined;
          const path = impactPath(radius, n).map(
            step => step.entityRef ?? '(hidden)',
          );
          return {
            distance: radius.impacted[n].distance,
            path: [entityRef, ...path],
          };
        },
      } satisfies Downstream;
    }),
    authorizer: deps.authorizer,
    auth: deps.auth,
    settings,
    notices,
    scheduleMatch: reportId => notices.scheduleMatch(reportId),
    logger: deps.logger,
  });
  notices.register(reportId => support.match(reportId));
  deps.incidentChanges.subscribe('support', change =>
    support.onIncidentChange(change),
  );
  return { support };
}
