import {
  coreServices,
  createBackendModule,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import { createCatalogPermissionRule } from '@backstage/plugin-catalog-backend/alpha';
import { catalogProcessingExtensionPoint } from '@backstage/plugin-catalog-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { impactPaths } from '@lookout/plugin-incidents-common';
import { Knex } from 'knex';
import request from 'supertest';
import { z as z3 } from 'zod/v3';
import { eachDatabase } from '../__testUtils__/databases';
import { incidentsPlugin } from '../plugin';
import {
  catalogCondition,
  ReadDecision,
  readPolicy,
} from './__testUtils__/readPolicy';

jest.setTimeout(180_000);

/**
 * A rule a catalog module adds, which the graph does not know: entities it decides are left to
 * the catalog, in bulk.
 */
const isInProject = createCatalogPermissionRule({
  name: 'IS_IN_PROJECT',
  description: 'Entities of a project',
  resourceType: 'catalog-entity',
  paramsSchema: z3.object({ project: z3.string() }),
  apply: (entity, { project }) =>
    entity.metadata.annotations?.['example.com/project'] === project,
  toQuery: ({ project }) => ({
    key: 'metadata.annotations.example.com/project',
    values: [project],
  }),
});

const location = {
  'backstage.io/managed-by-location': 'url:https://example.com/catalog.yaml',
  'backstage.io/managed-by-origin-location':
    'url:https://example.com/catalog.yaml',
};

/**
 * A catalog the real catalog backend ingests and processes itself (relations from spec,
 * search rows from its own stitching): a hub every component depends on, through chains, with
 * owners, kinds, labels, annotations, tags, types and lifecycles varied so that every rule
 * below matches some entities and not others. Case varies on purpose: the catalog compares
 * keys and values lowercased.
 */
function catalogEntities(): Entity[] {
  const owners = ['team-a', 'Team-B', 'secret-team'];
  const entities: Entity[] = [
    {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Resource',
      metadata: { name: 'hub', annotations: location },
      spec: { type: 'database', owner: 'team-a', system: 'platform' },
    },
    {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'System',
      metadata: {
        name: 'platform',
        annotations: location,
        labels: { tier: 'gold' },
      },
      spec: { owner: 'secret-team', domain: 'infra' },
    },
    {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Domain',
      metadata: { name: 'infra', annotations: location, tags: ['public'] },
      spec: { owner: 'Team-B' },
    },
    ...owners.map(
      (name): Entity => ({
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Group',
        metadata: { name, annotations: location },
        spec: { type: 'team', children: [] },
      }),
    ),
  ];
  for (let i = 0; i < 24; i++) {
    const annotations: Record<string, string> = { ...location };
    if (i % 5 === 1) annotations['lookout.dev/secret'] = 'TRUE';
    if (i % 4 === 2) annotations['example.com/project'] = 'apollo';
    const labels: Record<string, string> = {};
    if (i % 3 === 0) labels.tier = i % 2 === 0 ? 'Gold' : 'silver';
    entities.push({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: {
        name: `c${i}`,
        annotations,
        labels,
        ...(i % 7 === 3 ? { tags: ['public', 'java'] } : {}),
        ...(i % 6 === 5 ? { title: `Component ${i}` } : {}),
        description: i % 2 ? 'internal' : 'shared',
      },
      spec: {
        type: ['service', 'website', 'library'][i % 3],
        lifecycle: i % 4 === 0 ? 'experimental' : 'production',
        owner: owners[i % 3],
        system: 'platform',
        dependsOn: [
          // chains of four from the hub, so hidden entities sit inside paths
          i % 4 === 0 ? 'resource:default/hub' : `component:default/c${i - 1}`,
        ],
        ...(i % 4 === 1 ? { providesApis: [`api-${i}`] } : {}),
      },
    });
    if (i % 4 === 1) {
      entities.push({
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'API',
        metadata: { name: `api-${i}`, annotations },
        spec: {
          type: 'openapi',
          lifecycle: 'production',
          owner: owners[(i + 1) % 3],
          definition: 'openapi: 3.0.0',
        },
      });
    }
  }
  return entities;
}

/** The policies compared, one user each (a caller's decision is cached for a few seconds). */
const POLICIES: Record<string, ReadDecision> = {
  allow: AuthorizeResult.ALLOW,
  ownership: {
    anyOf: [
      catalogCondition('IS_ENTITY_OWNER', {
        claims: ['group:default/TEAM-A', 'group:default/nobody'],
      }),
      catalogCondition('IS_ENTITY_KIND', { kinds: ['Resource'] }),
    ],
  },
  notOwnedBySecretTeam: {
    not: catalogCondition('IS_ENTITY_OWNER', {
      claims: ['group:default/secret-team'],
    }),
  },
  kindsAndNot: {
    allOf: [
      { not: catalogCondition('IS_ENTITY_KIND', { kinds: ['api', 'SYSTEM'] }) },
      {
        not: catalogCondition('HAS_ANNOTATION', {
          annotation: 'LOOKOUT.dev/secret',
        }),
      },
    ],
  },
  labelsSpecsMetadata: {
    anyOf: [
      catalogCondition('IS_ENTITY_KIND', { kinds: ['resource'] }),
      {
        allOf: [
          catalogCondition('HAS_LABEL', { label: 'tier', value: 'GOLD' }),
          {
            not: catalogCondition('HAS_SPEC', {
              key: 'lifecycle',
              value: 'Experimental',
            }),
          },
        ],
      },
      catalogCondition('HAS_METADATA', { key: 'TAGS', value: 'Public' }),
      catalogCondition('HAS_METADATA', { key: 'title' }),
      catalogCondition('HAS_SPEC', { key: 'type', value: 'WEBSITE' }),
      catalogCondition('HAS_ANNOTATION', {
        annotation: 'lookout.dev/secret',
        value: 'true',
      }),
    ],
  },
  // decided partly by the catalog: a module's rule, and a key the graph does not keep
  moduleRuleAndUnkeptKey: {
    anyOf: [
      catalogCondition('IS_ENTITY_KIND', { kinds: ['Resource'] }),
      {
        allOf: [
          catalogCondition('HAS_SPEC', { key: 'type', value: 'service' }),
          { not: catalogCondition('IS_IN_PROJECT', { project: 'apollo' }) },
        ],
      },
      catalogCondition('HAS_METADATA', {
        key: 'description',
        value: 'Internal',
      }),
    ],
  },
  deny: AuthorizeResult.DENY,
};

const userOf = (policy: string) => `user:default/${policy.toLowerCase()}`;

describe('what the graph hides, against the real catalog under the same policy', () => {
  eachDatabase(({ init }) => {
    let server: any;
    const entities = catalogEntities();
    const refs = entities.map(e =>
      `${e.kind.toLocaleLowerCase('en-US')}:default/${
        e.metadata.name
      }`.toLocaleLowerCase('en-US'),
    );

    beforeAll(async () => {
      // each plugin its own database, as in a real backend
      const knexes = new Map<string, Promise<Knex>>();
      const database = createServiceFactory({
        service: coreServices.database,
        deps: { plugin: coreServices.pluginMetadata },
        factory: ({ plugin }) => {
          const id = plugin.getId();
          if (!knexes.has(id)) knexes.set(id, init());
          return {
            getClient: () => knexes.get(id)!,
            migrations: { skip: false },
          };
        },
      });
      const byPolicy = new Map(
        Object.entries(POLICIES).map(([name, d]) => [userOf(name), d]),
      );
      const policy = readPolicy(
        user => byPolicy.get(user) ?? AuthorizeResult.DENY,
      );
      const testEntities = createBackendModule({
        pluginId: 'catalog',
        moduleId: 'lookout-test-entities',
        register(env) {
          env.registerInit({
            deps: {
              catalog: catalogProcessingExtensionPoint,
              permissionsRegistry: coreServices.permissionsRegistry,
            },
            async init({ catalog, permissionsRegistry }) {
              permissionsRegistry.addPermissionRules([isInProject]);
              catalog.addEntityProvider({
                getProviderName: () => 'lookout-test',
                connect: async connection => {
                  await connection.applyMutation({
                    type: 'full',
                    entities: entities.map(entity => ({
                      entity,
                      locationKey: 'lookout-test',
                    })),
                  });
                },
              });
            },
          });
        },
      });
      ({ server } = await startTestBackend({
        features: [
          catalogPlugin,
          testEntities,
          incidentsPlugin,
          database,
          policy.factory,
          mockServices.rootConfig.factory({
            data: { catalog: { processingInterval: { seconds: 1 } } },
          }),
        ],
      }));
      // wait until the catalog has processed and stitched every entity, relations included
      const deadline = Date.now() + 60_000;
      for (;;) {
        const res = await request(server)
          .post('/api/catalog/entities/by-refs')
          .set('Authorization', mockCredentials.service.header())
          .send({ entityRefs: refs });
        const items: Array<Entity | null> = res.body.items ?? [];
        const done =
          items.length === refs.length &&
          items.every(
            (item, i) =>
              item &&
              (item.relations ?? []).some(r => r.type === 'ownedBy') ===
                !refs[i].startsWith('group:'),
          );
        if (done) break;
        if (Date.now() > deadline) {
          const missing = refs.filter((_, i) => !items[i]);
          throw new Error(
            `The catalog did not process the test entities: ${missing.join(
              ', ',
            )}`,
          );
        }
        await new Promise(resolve => setTimeout(resolve, 500));
      }
    });

    const ask = async (name: string) => {
      const user = mockCredentials.user.header(userOf(name));
      const catalogSays = await request(server)
        .post('/api/catalog/entities/by-refs')
        .set('Authorization', user)
        .send({ entityRefs: refs });
      expect(catalogSays.status).toBe(200);
      const catalogVisible = new Set(
        refs.filter((_, i) => catalogSays.body.items[i] !== null),
      );
      const lookout = await request(server)
        .get('/api/incidents/blast-radius')
        .set('Authorization', user)
        .query({
          entityRef: 'resource:default/hub',
          maxDepth: 20,
          limit: 100_000,
        });
      return { catalogVisible, lookout };
    };

    it.each(Object.keys(POLICIES).filter(name => name !== 'deny'))(
      'hides exactly what the catalog hides: %s',
      async name => {
        const { catalogVisible, lookout: res } = await ask(name);
        expect(catalogVisible.has('resource:default/hub')).toBe(true);
        expect(res.status).toBe(200);
        const reached = res.body.impacted.length + res.body.hidden;
        // every component, API, the system and the domain (groups are owners, not reached)
        expect(reached).toBe(entities.length - 1 - 3);
        const listed = new Set<string>(
          res.body.impacted.map((i: any) => i.entityRef),
        );
        const reachable = refs.filter(
          ref => ref !== 'resource:default/hub' && !ref.startsWith('group:'),
        );
        expect([...listed].sort()).toEqual(
          reachable.filter(ref => catalogVisible.has(ref)).sort(),
        );
        expect(res.body.hidden).toBe(
          reachable.filter(ref => !catalogVisible.has(ref)).length,
        );
        // and a path never names an entity the catalog hides
        const named = impactPaths(res.body)
          .flat()
          .map(step => step.entityRef)
          .filter((ref): ref is string => ref !== null);
        expect(named.filter(ref => !catalogVisible.has(ref))).toEqual([]);
        // the policies were chosen so that each but `allow` hides some and shows some
        expect(listed.size).toBeGreaterThan(0);
        expect(res.body.hidden > 0).toBe(name !== 'allow');
      },
    );

    it('answers 404 for a root the catalog hides: deny', async () => {
      const { catalogVisible, lookout } = await ask('deny');
      expect(catalogVisible.size).toBe(0);
      expect(lookout.status).toBe(404);
    });
  });
});
