import request from 'supertest';
import {
  declare,
  describeIncidentsBackend,
} from './__testUtils__/pluginBackend';

jest.setTimeout(60_000);

describeIncidentsBackend(start => {
  it('rejects bad input with a 400 that says what to fix', async () => {
    const server = await start();
    const cases: Array<[object, RegExp]> = [
      [
        { entityRef: 'component:default/nope' },
        /Not in the catalog: component:default\/nope/,
      ],
      [
        { impactedEntityRefs: ['resource:default/ghost-db'] },
        /resource:default\/ghost-db/,
      ],
      [{ severity: 'SEV9' }, /severity/],
      [{ title: '' }, /title must not be empty/],
      [{ title: 'x'.repeat(201) }, /title/],
      [{ entityRef: 'no-kind' }, /entity ref/],
    ];
    for (const [body, message] of cases) {
      const res = await declare(server, body);
      expect(res.status).toBe(400);
      expect(res.body.error.message).toMatch(message);
    }
    await declare(server).expect(201);

    const badJson = await request(server)
      .post('/api/incidents/incidents')
      .set('content-type', 'application/json')
      .send('{"title": ');
    expect(badJson.status).toBe(400);

    const huge = await declare(server, { description: 'y'.repeat(600_000) });
    expect(huge.status).toBe(413);

    const badCursor = await request(server)
      .get('/api/incidents/incidents')
      .query({ cursor: 'not-a-cursor' });
    expect(badCursor.status).toBe(400);
    expect(badCursor.body.error.message).toMatch(/cursor/);

    for (const query of [
      { status: 'open,sideways' },
      { from: 'yesterday' },
      { limit: 0 },
    ]) {
      const res = await request(server)
        .get('/api/incidents/incidents')
        .query(query);
      expect(res.status).toBe(400);
    }
    await request(server).get('/api/incidents/incidents/INC-99').expect(404);
    await request(server).get('/api/incidents/incidents/42').expect(400);
    const patchNoVersion = await request(server)
      .patch('/api/incidents/incidents/INC-1')
      .send({ title: 'x' });
    expect(patchNoVersion.status).toBe(400);
    expect(patchNoVersion.body.error.message).toMatch(/version/);
    const badLink = await request(server)
      .patch('/api/incidents/incidents/INC-1')
      .send({
        version: 1,
        links: [{ title: 'x', url: ['javascript', 'alert(1)'].join(':') }],
      });
    expect(badLink.status).toBe(400);
    const mergeVerb = await request(server)
      .post('/api/incidents/incidents/INC-1/transition')
      .send({ to: 'merged' });
    expect(mergeVerb.status).toBe(400);
  });
});
