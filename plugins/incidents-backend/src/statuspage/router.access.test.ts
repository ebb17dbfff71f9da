import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import request from 'supertest';
import { createTestDatabases } from '../__testUtils__/databases';
import { startStatusPageBackend } from './__testUtils__/backend';
import { API, denyBasicPermissions } from './__testUtils__/pageChecks';

jest.setTimeout(120_000);

describe('status page routes', () => {
  const databases = createTestDatabases();

  describe.each(databases.eachSupportedId())('on %p', databaseId => {
    it('opens only /status to unauthenticated callers', async () => {
      const server = await startStatusPageBackend(
        await databases.init(databaseId),
        {
          features: [
            mockServices.httpAuth.factory({
              defaultCredentials: mockCredentials.none(),
            }),
          ],
        },
      );
      await request(server).get(`${API}/status`).expect(200);
      await request(server)
        .get(`${API}/status/api/v2/summary.json`)
        .expect(200);
      await request(server).get(`${API}/status/feed.rss`).expect(200);
      await request(server).get(`${API}/communications/components`).expect(401);
      await request(server)
        .post(`${API}/communications/incidents`)
        .send({
          name: 'x',
          status: 'investigating',
          body: 'x',
          componentIds: [],
        })
        .expect(401);
      await request(server)
        .get(`${API}/status/api/v2/nothing.json`)
        .expect(404);
      // each document carries an ETag; a client that has it gets 304
      const first = await request(server)
        .get(`${API}/status/api/v2/summary.json`)
        .expect(200);
      expect(first.headers.etag).toBeDefined();
      await request(server)
        .get(`${API}/status/api/v2/summary.json`)
        .set('If-None-Match', first.headers.etag)
        .expect(304);
    });

    it('needs incident.statuspage.manage to publish', async () => {
      const server = await startStatusPageBackend(
        await databases.init(databaseId),
        {
          features: [denyBasicPermissions],
        },
      );
      const res = await request(server)
        .post(`${API}/communications/incidents`)
        .send({
          name: 'x',
          status: 'investigating',
          body: 'x',
          componentIds: [],
        });
      expect(res.status).toBe(403);
      // the public page still works
      await request(server).get(`${API}/status/api/v2/status.json`).expect(200);
    });
  });
});
