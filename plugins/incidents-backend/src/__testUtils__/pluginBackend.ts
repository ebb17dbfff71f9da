import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import {
  AuthorizeResult,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { Knex } from 'knex';
import { Server } from 'node:http';
import request from 'supertest';
import { incidentsPlugin } from '../plugin';
import { catalogEntity } from './catalog';
import { startOnEachDatabase } from './databases';

// The whole plugin started in a test backend, as the plugin.*.test.ts files use it.

export const ME = mockCredentials.user().principal.userEntityRef;

const entity = (kind: string, name: string, owner?: string): Entity =>
  catalogEntity(kind, name, { owner });

const partOf = (e: Entity, system: string): Entity => ({
  ...e,
  relations: [...(e.relations ?? []), { type: 'partOf', targetRef: system }],
});

export const entities = [
  partOf(
    {
      ...entity('Component', 'checkout-service', 'group:default/checkout-team'),
      relations: [
        { type: 'ownedBy', targetRef: 'group:default/checkout-team' },
        { type: 'dependencyOf', targetRef: 'component:default/storefront-web' },
      ],
    },
    'system:default/checkout',
  ),
  partOf(entity('System', 'checkout'), 'domain:default/commerce'),
  entity('Domain', 'commerce'),
  entity('Component', 'storefront-web', 'group:default/web-team'),
  entity('User', 'mock'),
  entity('User', 'sam'),
];

/**
 * A restrictive policy: everyone may read and declare; only the incident's commander may
 * change or resolve it; nobody may delete.
 */
export const commanderOnly = createServiceFactory({
  service: coreServices.permissions,
  deps: {},
  factory: () => {
    const decide = (name: string): PolicyDecision => {
      if (name === 'incident.read' || name === 'incident.create') {
        return { result: AuthorizeResult.ALLOW };
      }
      if (name === 'incident.delete') {
        return { result: AuthorizeResult.DENY };
      }
      return {
        result: AuthorizeResult.CONDITIONAL,
        pluginId: 'incidents',
        resourceType: 'incident',
        conditions: {
          rule: 'IS_COMMANDER',
          resourceType: 'incident',
          params: { claims: [ME] },
        },
      };
    };
    return {
      authorize: async (requests: any[]) =>
        requests.map(r => {
          const decision = decide(r.permission.name);
          return decision.result === AuthorizeResult.CONDITIONAL
            ? { result: AuthorizeResult.DENY }
            : decision;
        }),
      authorizeConditional: async (requests: any[]) =>
        requests.map(r => decide(r.permission.name)),
    } as any;
  },
});

/** The plugin on this database with the catalog above, plus any extra features. */
export async function startIncidentsBackend(
  knex: Knex,
  extra: any[] = [],
): Promise<Server> {
  const { server } = await startTestBackend({
    features: [
      incidentsPlugin,
      mockServices.database.factory({ knex }),
      catalogServiceMock.factory({ entities }),
      ...extra,
    ],
  });
  return server;
}

/** Declares an incident on checkout-service; `body` overrides any field. */
export const declare = (server: any, body: object = {}) =>
  request(server)
    .post('/api/incidents/incidents')
    .send({
      title: 'Checkout returns 500s',
      severity: 'SEV2',
      entityRef: 'component:default/checkout-service',
      ...body,
    });

/**
 * Declares the whole-plugin tests (`plugin.*.test.ts`) once per engine; `start` gives the
 * plugin on a fresh database, plus any extra features.
 */
export function describeIncidentsBackend(
  tests: (start: (extra?: any[]) => Promise<Server>) => void,
): void {
  describe('incidents backend', () => {
    startOnEachDatabase(startIncidentsBackend, tests);
  });
}
