import {
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
// the real incidents backend stands behind the collators: their tests are about the contract
// (test code only, as in a *.test.ts file, which the rule allows)
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import incidentsPlugin from '@lookout/plugin-incidents-backend';
import { LookoutClient } from '@lookout/plugin-incidents-node';
import { AddressInfo } from 'node:net';

/**
 * The real incidents backend on SQLite with a mock catalog of `entities`, so a collator meets
 * the real routes and their auth. Answers the base URL of the incidents API.
 */
export async function startIncidentsBackend(
  databases: TestDatabases,
  entities: Entity[],
): Promise<string> {
  const knex = await databases.init('SQLITE_3');
  const { server } = await startTestBackend({
    features: [
      incidentsPlugin,
      mockServices.database.factory({ knex }),
      catalogServiceMock.factory({ entities }),
    ],
  });
  return `http://127.0.0.1:${
    (server.address() as AddressInfo).port
  }/api/incidents`;
}

/** What a collator factory is made with, calling the incidents backend at `baseUrl` as search. */
export function collatorOptions(baseUrl: string) {
  const auth = mockServices.auth({ pluginId: 'search' });
  return {
    auth,
    lookout: new LookoutClient({
      auth,
      discovery: {
        getBaseUrl: async () => baseUrl,
        getExternalBaseUrl: async () => baseUrl,
      },
    }),
    logger: mockServices.logger.mock(),
  };
}
