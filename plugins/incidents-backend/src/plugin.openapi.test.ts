import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import request from 'supertest';
import { createTestDatabases } from './__testUtils__/databases';
import { entities } from './__testUtils__/pluginBackend';
import { incidentsPlugin } from './plugin';
import { createIncidentsRouter } from './incidents/router';
import { loadOpenApiDocument } from './router';

jest.setTimeout(60_000);

describe('incidents backend', () => {
  const databases = createTestDatabases();

  it('describes every route it serves in its OpenAPI document', async () => {
    const knex = await databases.init('SQLITE_3');
    const { server } = await startTestBackend({
      features: [
        incidentsPlugin,
        mockServices.database.factory({ knex }),
        catalogServiceMock.factory({ entities }),
      ],
    });
    const served = await request(server).get('/api/incidents/openapi.json');
    expect(served.status).toBe(200);
    const document = loadOpenApiDocument() as {
      paths: Record<string, Record<string, unknown>>;
    };
    expect(served.body).toEqual(document);

    const router = createIncidentsRouter({} as any) as any;
    const routes: string[] = router.stack
      .filter((layer: any) => layer.route)
      .flatMap((layer: any) =>
        Object.keys(layer.route.methods).map(
          method => `${method} ${layer.route.path.replace(/:(\w+)/g, '{$1}')}`,
        ),
      );
    expect(routes.length).toBeGreaterThan(10);
    for (const route of routes) {
      const [method, path] = route.split(' ');
      expect(document.paths[path]?.[method]).toBeDefined();
    }
  });
});
