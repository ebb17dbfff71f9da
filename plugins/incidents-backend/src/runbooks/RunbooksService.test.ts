import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { UrlReaders } from '@backstage/backend-defaults/urlReader';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import { NotAllowedError } from '@backstage/errors';
import { ScmIntegrations } from '@backstage/integration';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { createTestDatabases } from '../__testUtils__/databases';
import { migrateDatabase } from '../database/migrateDatabase';
import { DatabaseRunbooksStore } from './DatabaseRunbooksStore';
import { RunbookReader } from './RunbookReader';
import { RunbooksService } from './RunbooksService';
import { titleWords } from './runbookWords';

jest.setTimeout(60_000);

const component = (name: string, annotations = {}): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name, namespace: 'default', annotations },
  spec: { type: 'service', owner: 'group:default/team' },
});

const PUBLIC = 'component:default/storefront-web';
const SECRET = 'component:default/fraud-engine';
const alice = mockCredentials.user('user:default/alice');
const outsider = mockCredentials.user('user:default/outsider');

/**
 * The catalog as a permission policy makes it: the outsider cannot see the fraud engine. The
 * real catalog filters by the caller's credentials the same way.
 */
function restrictedCatalog(entities: Entity[]): CatalogService {
  const catalog = catalogServiceMock({ entities });
  const hidden = (credentials: BackstageCredentials) =>
    (credentials.principal as any).userEntityRef === 'user:default/outsider'
      ? new Set([SECRET])
      : new Set<string>();
  return {
    ...catalog,
    getEntityByRef: async (ref, options) =>
      hidden(options.credentials).has(String(ref))
        ? undefined
        : catalog.getEntityByRef(ref, options),
    getEntitiesByRefs: async (request, options) => {
      const { items } = await catalog.getEntitiesByRefs(request, options);
      return {
        items: items.map((entity, index) =>
          hidden(options.credentials).has(request.entityRefs[index])
            ? undefined
            : entity,
        ),
      };
    },
    queryEntities: async (request, options) => {
      const page = await catalog.queryEntities(request, options);
      return {
        ...page,
        items: page.items.filter(
          e =>
            !hidden(options.credentials).has(
              stringifyEntityRef(e).toLocaleLowerCase('en-US'),
            ),
        ),
      };
    },
  } as CatalogService;
}

describe('RunbooksService', () => {
  const databases = createTestDatabases();

  async function createService(options: { manage?: boolean } = {}) {
    const knex = await databases.init('SQLITE_3');
    await migrateDatabase(mockServices.database({ knex }));
    const config = new ConfigReader({});
    return new RunbooksService({
      store: DatabaseRunbooksStore.create({ knex }),
      reader: new RunbookReader({
        urlReader: UrlReaders.default({
          config,
          logger: mockServices.logger.mock(),
        }),
      }),
      integrations: ScmIntegrations.fromConfig(config),
      catalog: restrictedCatalog([
        component('storefront-web'),
        component('fraud-engine', {
          'backstage.io/managed-by-location': `file:${__dirname}/entities.yaml`,
          // this very test file: any readable file in the catalog file's directory will do
          'lookout.dev/runbooks': './RunbooksService.test.ts',
        }),
      ]),
      authorizer: {
        requireBasic: async permission => {
          if (!options.manage) {
            throw new NotAllowedError(`Not allowed: ${permission.name}`);
          }
        },
        require: async () => {},
      },
      incidents: {} as any,
      alerts: {} as any,
      timeline: {} as any,
      clock: () => new Date('2026-11-30T12:00:00.000Z'),
    });
  }

  it('shows a runbook only to callers who can see one of its entities', async () => {
    const service = await createService({ manage: true });
    const both = await service.create(
      {
        title: 'Card testing attack',
        markdown: '- [ ] Block the BIN range',
        entityRefs: [SECRET, PUBLIC],
      },
      alice,
    );
    const secret = await service.create(
      { title: 'Fraud model rollback', markdown: 'x', entityRefs: [SECRET] },
      alice,
    );
    expect(both).toMatchObject({
      entityRefs: [SECRET, PUBLIC],
      createdBy: 'user:default/alice',
      updatedAt: '2026-11-30T12:00:00.000Z',
      steps: [{ index: 0, text: 'Block the BIN range' }],
    });

    const titles = (list: Array<{ title: string }>) => list.map(r => r.title);
    expect(titles(await service.search({}, alice))).toEqual([
      'Card testing attack',
      'Fraud model rollback',
    ]);
    expect(titles(await service.search({}, outsider))).toEqual([
      'Card testing attack',
    ]);
    await expect(service.get(secret.id, outsider)).rejects.toThrow(
      /No runbook/,
    );
    await expect(service.forEntity(SECRET, outsider)).rejects.toThrow(
      /No entity component:default\/fraud-engine/,
    );
    expect(
      titles(await service.forEntity('component:default/fraud-engine', alice)),
    ).toEqual([
      'Card testing attack',
      'Fraud model rollback',
      'RunbooksService.test.ts',
    ]);

    const documents = await service.listForIndexing(outsider);
    expect(documents.map(d => d.title)).toEqual(['Card testing attack']);
    expect(
      (await service.listForIndexing(alice)).map(d => [d.source, d.title]),
    ).toEqual([
      ['lookout', 'Card testing attack'],
      ['lookout', 'Fraud model rollback'],
      ['repository', 'RunbooksService.test.ts'],
    ]);
  });

  it('needs incident.runbook.manage to write, and a visible entity to attach to', async () => {
    const readOnly = await createService();
    await expect(
      readOnly.create(
        { title: 't', markdown: 'x', entityRefs: [PUBLIC] },
        alice,
      ),
    ).rejects.toThrow(/incident\.runbook\.manage/);
    const writer = await createService({ manage: true });
    await expect(
      writer.create(
        { title: 't', markdown: 'x', entityRefs: [SECRET] },
        outsider,
      ),
    ).rejects.toThrow(/not in the catalog: component:default\/fraud-engine/);
  });

  it('keeps the words of an incident title that can tell runbooks apart', () => {
    expect(
      titleWords('Checkout: HIGH latency on payments-api, errors after deploy'),
    ).toEqual(['checkout', 'latency', 'payments-api', 'deploy']);
    expect(titleWords('DB is down')).toEqual([]);
  });
});
