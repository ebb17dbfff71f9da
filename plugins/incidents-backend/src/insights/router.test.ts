import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import request from 'supertest';
import { routesOf, startIncidentsBackend } from '../__testUtils__/backend';
import { createTestDatabases } from '../__testUtils__/databases';
import { createInsightsRouter } from './router';

jest.setTimeout(120_000);

const API = '/api/incidents';

const entity = (
  kind: string,
  name: string,
  relations: Array<[string, string]> = [],
): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind,
  metadata: { name, namespace: 'default' },
  spec:
    kind === 'Component' ? { type: 'service', owner: relations[0]?.[1] } : {},
  relations: relations.map(([type, targetRef]) => ({ type, targetRef })),
});

/** Payments has a sub-team that owns the ledger; search is someone else's. */
const entities: Entity[] = [
  entity('Group', 'payments'),
  entity('Group', 'ledger-team', [['childOf', 'group:default/payments']]),
  entity('Group', 'search-team'),
  entity('Component', 'ledger', [['ownedBy', 'group:default/ledger-team']]),
  entity('Component', 'search', [['ownedBy', 'group:default/search-team']]),
  entity('User', 'mock'),
];

/** Reads only the incidents of what the search team owns. */
const searchReader = createServiceFactory({
  service: coreServices.permissions,
  deps: {},
  factory: () =>
    ({
      authorize: async (requests: any[]) =>
        requests.map(() => ({ result: AuthorizeResult.ALLOW })),
      authorizeConditional: async (requests: any[]) =>
        requests.map((r: any) =>
          r.permission.name === 'incident.read'
            ? {
                result: AuthorizeResult.CONDITIONAL,
                pluginId: 'incidents',
                resourceType: 'incident',
                conditions: {
                  rule: 'IS_ENTITY_OWNER',
                  resourceType: 'incident',
                  params: { claims: ['group:default/search-team'] },
                },
              }
            : { result: AuthorizeResult.ALLOW },
        ),
    } as any),
});

describe('GET /insights', () => {
  const databases = createTestDatabases();

  it('is documented in openapi.yaml', () => {
    const routes = routesOf(createInsightsRouter({} as any));
    expect(routes).toEqual([
      { method: 'get', path: '/insights', documented: true },
    ]);
  });

  describe.each(databases.eachSupportedId())('on %p', databaseId => {
    async function declareBoth(server: any) {
      for (const entityRef of [
        'component:default/ledger',
        'component:default/search',
      ]) {
        await request(server)
          .post(`${API}/incidents`)
          .send({ title: 'Broken', severity: 'SEV2', entityRef })
          .expect(201);
      }
    }

    it('answers the figures of a team with its sub-teams, as documented', async () => {
      const server = await startIncidentsBackend(
        await databases.init(databaseId),
        {
          entities,
        },
      );
      await declareBoth(server);

      const all = await request(server).get(`${API}/insights`).expect(200);
      expect(all.body.incidents.n).toBe(2);
      expect(all.body.response.acknowledged).toMatchObject({
        n: 0,
        median: null,
      });
      expect(all.body.resolve.resolved.targetSeconds).toBe(7200);
      expect(all.body.incidents.weekly.length).toBeGreaterThanOrEqual(4);

      const team = await request(server)
        .get(`${API}/insights`)
        .query({ groupRef: 'group:default/payments', severity: 'SEV1,SEV2' })
        .expect(200);
      expect(team.body.query).toMatchObject({
        groupRef: 'group:default/payments',
        severity: ['SEV1', 'SEV2'],
      });
      expect(team.body.incidents.n).toBe(1);
      // declared by a person: one manual step
      expect(team.body.automation.steps[0]).toMatchObject({
        step: 'opened',
        automated: 0,
        manual: 1,
      });
    });

    it('counts only the incidents the reader may read', async () => {
      const server = await startIncidentsBackend(
        await databases.init(databaseId),
        {
          entities,
          features: [searchReader],
        },
      );
      await declareBoth(server);
      const res = await request(server).get(`${API}/insights`).expect(200);
      expect(res.body.incidents.n).toBe(1);
    });

    it('rejects a bad range or filter with 400', async () => {
      const server = await startIncidentsBackend(
        await databases.init(databaseId),
        {
          entities,
        },
      );
      const backwards = await request(server)
        .get(`${API}/insights`)
        .query({ from: '2026-03-02T00:00:00Z', to: '2026-03-01T00:00:00Z' });
      expect(backwards.status).toBe(400);
      expect(backwards.body.error.message).toMatch(/before to/);
      await request(server).get(`${API}/insights?severity=SEV9`).expect(400);
      await request(server)
        .get(`${API}/insights?groupRef=payments`)
        .expect(400);
    });
  });
});
