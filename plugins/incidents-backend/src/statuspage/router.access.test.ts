import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import request from 'supertest';
import { describeStatusPageRoutes } from './__testUtils__/backend';
import { API, denyBasicPermissions, publish } from './__testUtils__/pageChecks';

jest.setTimeout(120_000);

describeStatusPageRoutes(start => {
  it('opens only /status to unauthenticated callers', async () => {
    const server = await start({
      features: [
        mockServices.httpAuth.factory({
          defaultCredentials: mockCredentials.none(),
        }),
      ],
    });
    await request(server).get(`${API}/status`).expect(200);
    await request(server).get(`${API}/status/api/v2/summary.json`).expect(200);
    await request(server).get(`${API}/status/feed.rss`).expect(200);
    await request(server).get(`${API}/communications/components`).expect(401);
    await publish(server, {
      name: 'x',
      status: 'investigating',
      body: 'x',
      componentIds: [],
    }).expect(401);
    await request(server).get(`${API}/status/api/v2/nothing.json`).expect(404);
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
    const server = await start({
      features: [denyBasicPermissions],
    });
    const res = await publish(server, {
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
