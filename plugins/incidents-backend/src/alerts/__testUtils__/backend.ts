import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { JsonObject } from '@backstage/types';
import { Knex } from 'knex';
import fs from 'node:fs';
import { Server } from 'node:http';
import path from 'node:path';
import request from 'supertest';
import { catalogEntity } from '../../__testUtils__/catalog';
import { startOnEachDatabase } from '../../__testUtils__/databases';
import { incidentsPlugin } from '../../plugin';

const entity = (
  kind: string,
  name: string,
  owner?: string,
  relations: Array<[string, string]> = [],
): Entity => catalogEntity(kind, name, { owner, relations });

/** A small catalog: what the fixtures' labels and the test routes point at. */
export const testEntities: Entity[] = [
  entity('Component', 'checkout-service', 'group:default/checkout-team', [
    ['dependsOn', 'component:default/mysql'],
  ]),
  entity('Component', 'mysql', 'group:default/data-team', [
    ['dependencyOf', 'component:default/checkout-service'],
  ]),
  entity('Component', 'network-probe', 'group:default/platform'),
  entity('Component', 'storefront-web', 'group:default/web-team'),
  entity('Component', 'memory-watch', 'group:default/platform'),
  entity('Group', 'checkout-team'),
  entity('Group', 'platform'),
  entity('User', 'mock'),
];

/**
 * Routes for the fixtures, whose labels name no catalog entity: the ICMP probes of
 * firing-capture.json and Grafana's team "blue".
 */
export const testAlertsConfig: JsonObject = {
  routes: [
    {
      match: { job: 'blackbox-icmp' },
      entityRef: 'component:default/network-probe',
    },
    { match: { team: 'blue' }, entityRef: 'component:default/storefront-web' },
  ],
};

export function fixture(name: string): any {
  return JSON.parse(fixtureText(name));
}

export function fixtureText(name: string): string {
  return fs.readFileSync(
    path.resolve(__dirname, '../__fixtures__', name),
    'utf8',
  );
}

/** The plugin on a test backend, with the test catalog and `incidents.alerts` config. */
export async function startAlertsBackend(
  knex: Knex,
  options: { alerts?: JsonObject; features?: any[] } = {},
): Promise<Server> {
  const { server } = await startTestBackend({
    features: [
      incidentsPlugin,
      mockServices.database.factory({ knex }),
      catalogServiceMock.factory({ entities: testEntities }),
      mockServices.rootConfig.factory({
        data: {
          backend: { baseUrl: 'http://lookout.test:7007' },
          incidents: { alerts: options.alerts ?? testAlertsConfig },
        },
      }),
      ...(options.features ?? []),
    ],
  });
  return server;
}

/** Creates an integration through the API and answers its key and id. */
export async function createIntegration(
  server: any,
  body: object = {},
): Promise<{ key: string; id: string; body: any }> {
  const res = await request(server)
    .post('/api/incidents/integrations')
    .send({ name: 'Prometheus', type: 'alertmanager', ...body });
  if (res.status !== 201) {
    throw new Error(`creating an integration: ${res.status} ${res.text}`);
  }
  return { key: res.body.key, id: res.body.integration.id, body: res.body };
}

/**
 * Declares the alert route tests (the `router.*.test.ts` files) once per engine; `start`
 * gives a fresh database and the plugin over it, with `alerts` as `incidents.alerts` config
 * when given.
 */
export function describeAlertRoutes(
  tests: (
    start: (alerts?: JsonObject) => Promise<{ knex: Knex; server: Server }>,
  ) => void,
): void {
  describe('alert routes', () => {
    startOnEachDatabase(
      async (knex: Knex, alerts?: JsonObject) => ({
        knex,
        server: await startAlertsBackend(knex, alerts ? { alerts } : {}),
      }),
      tests,
    );
  });
}
