import { createChangesRouter } from '../changes/router';
import { createIntegrationsRouter } from '../integrations/router';
import { createMaintenanceRouter } from '../maintenance/router';
import { loadOpenApiDocument } from '../router';
import { createAlertsRouter } from './router';

describe('alert routes', () => {
  it('describes every route of its routers in the OpenAPI document', () => {
    const document = loadOpenApiDocument() as {
      paths: Record<string, Record<string, unknown>>;
    };
    const routers = [
      createAlertsRouter({} as any),
      createChangesRouter({} as any),
      createIntegrationsRouter({} as any),
      createMaintenanceRouter({} as any),
    ];
    const routes = routers.flatMap((router: any) =>
      router.stack
        .filter((layer: any) => layer.route)
        .flatMap((layer: any) =>
          Object.keys(layer.route.methods).map(
            method =>
              `${method} ${layer.route.path.replace(/:(\w+)/g, '{$1}')}`,
          ),
        ),
    );
    expect(routes.length).toBe(18);
    const undocumented = routes.filter(route => {
      const [method, path] = route.split(' ');
      return !document.paths[path]?.[method];
    });
    expect(undocumented).toEqual([]);
  });
});
