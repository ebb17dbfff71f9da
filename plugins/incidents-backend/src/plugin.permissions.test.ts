import { mockCredentials } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { Incident } from '@lookout/plugin-incidents-common';
import request from 'supertest';
import { readOnlyIncidentsOwnedBy } from './__testUtils__/backend';
import {
  commanderOnly,
  declare,
  ME,
  describeIncidentsBackend,
} from './__testUtils__/pluginBackend';

jest.setTimeout(60_000);

describeIncidentsBackend(start => {
  it('enforces a restrictive policy, lists included', async () => {
    const server = await start([commanderOnly]);
    // declared by the caller, who becomes its commander
    await declare(server).expect(201);
    await request(server)
      .post('/api/incidents/incidents/INC-1/acknowledge')
      .expect(200);
    // hand command to someone else: the caller may no longer change it
    await request(server)
      .post('/api/incidents/incidents/INC-1/roles')
      .send({ role: 'commander', userRef: 'user:default/sam' })
      .expect(200);
    const denied = await request(server)
      .post('/api/incidents/incidents/INC-1/transition')
      .send({ to: 'resolved' });
    expect(denied.status).toBe(403);
    const note = await request(server)
      .post('/api/incidents/incidents/INC-1/notes')
      .send({ markdown: 'hi' });
    expect(note.status).toBe(403);
    await request(server).delete('/api/incidents/incidents/INC-1').expect(403);
    // reading is still allowed
    await request(server).get('/api/incidents/incidents/INC-1').expect(200);
  });

  it("resolves the portal's batched checks against each incident, refusing unknown ids", async () => {
    const server = await start();
    // declared by the caller, who becomes its commander
    await declare(server).expect(201);
    const asCommander = (id: string, resourceRef: string) => ({
      id,
      resourceRef,
      resourceType: 'incident',
      conditions: {
        rule: 'IS_COMMANDER',
        resourceType: 'incident',
        params: { claims: [ME] },
      },
    });
    // what the permission backend sends for a batch of the portal's usePermission checks
    const res = await request(server)
      .post('/api/incidents/.well-known/backstage/permissions/apply-conditions')
      .set('Authorization', mockCredentials.service.header())
      .send({
        items: [
          asCommander('1', 'INC-1'),
          asCommander('2', 'INC-99'),
          asCommander('3', 'not-an-incident'),
        ],
      });
    expect(res.status).toBe(200);
    expect(res.body.items).toEqual([
      { id: '1', result: AuthorizeResult.ALLOW },
      { id: '2', result: AuthorizeResult.DENY },
      { id: '3', result: AuthorizeResult.DENY },
    ]);
  });

  it('filters lists in SQL by a conditional read decision', async () => {
    const server = await start([
      readOnlyIncidentsOwnedBy('group:default/web-team'),
    ]);
    await declare(server).expect(201);
    await declare(server, {
      entityRef: 'component:default/storefront-web',
    }).expect(201);
    const list = await request(server).get('/api/incidents/incidents');
    expect(list.body.items.map((i: Incident) => i.id)).toEqual(['INC-2']);
    await request(server).get('/api/incidents/incidents/INC-1').expect(403);
  });
});
