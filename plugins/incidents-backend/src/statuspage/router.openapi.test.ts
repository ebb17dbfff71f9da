import { routesOf } from '../__testUtils__/backend';
import {
  createCommunicationsRouter,
  createPublicStatusRouter,
  JSON_DOCUMENTS,
} from './router';

describe('status page routes', () => {
  it('documents every route in openapi.yaml', () => {
    const options = { statusPage: { settings: {} } } as any;
    const routes = routesOf(
      createPublicStatusRouter(options),
      createCommunicationsRouter(options),
      // the Statuspage-compatible documents, which the public router serves under one route
      {
        stack: Object.keys(JSON_DOCUMENTS).map(doc => ({
          route: { path: `/status/api/v2/${doc}`, methods: { get: true } },
        })),
      },
    );
    expect(routes.length).toBeGreaterThan(25);
    for (const { method, path: routePath, documented } of routes) {
      expect([method, routePath, documented]).toEqual([
        method,
        routePath,
        true,
      ]);
      // nothing but the public page may start with /status
      expect(
        routePath.startsWith('/status') ||
          routePath.startsWith('/communications'),
      ).toBe(true);
    }
  });
});
