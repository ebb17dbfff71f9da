import request from 'supertest';
import {
  API,
  HOUR,
  iso,
  scheduleBody,
  describeOnCallRoutes,
} from './__testUtils__/routes';

jest.setTimeout(60_000);

describeOnCallRoutes(start => {
  it('manages schedules, overrides and policies, and answers who is on call', async () => {
    const server = await start();

    const created = await request(server)
      .post(`${API}/oncall/schedules`)
      .send(scheduleBody());
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      id: expect.any(String),
      ownerRef: 'group:default/checkout-team',
      version: 1,
      overrides: [],
    });
    const scheduleId = created.body.id;

    const list = await request(server)
      .get(`${API}/oncall/schedules`)
      .query({ ownerRef: 'group:default/checkout-team' });
    expect(list.body.items.map((s: any) => s.id)).toEqual([scheduleId]);

    // bob covers from in an hour for two hours
    const cover = await request(server)
      .post(`${API}/oncall/schedules/${scheduleId}/overrides`)
      .send({
        userRef: 'user:default/bob',
        startsAt: iso(HOUR),
        endsAt: iso(3 * HOUR),
      });
    expect(cover.status).toBe(201);
    expect(cover.body).toMatchObject({
      userRef: 'user:default/bob',
      createdBy: 'user:default/mock',
    });
    const overlap = await request(server)
      .post(`${API}/oncall/schedules/${scheduleId}/overrides`)
      .send({
        userRef: 'user:default/cy',
        startsAt: iso(2 * HOUR),
        endsAt: iso(4 * HOUR),
      });
    expect(overlap.status).toBe(400);
    expect(overlap.body.error.message).toMatch(/overlaps override/);

    const shifts = await request(server)
      .get(`${API}/oncall/schedules/${scheduleId}/shifts`)
      .query({ from: iso(0), to: iso(5 * HOUR) });
    expect(shifts.status).toBe(200);
    expect(shifts.body.layers).toEqual([
      { name: 'Weekly', shifts: expect.any(Array) },
    ]);
    // a Monday handoff may fall in the range; with one member it hands to ann again
    expect(
      new Set(shifts.body.layers[0].shifts.map((s: any) => s.userRef)),
    ).toEqual(new Set(['user:default/ann']));
    expect(shifts.body.final.map((s: any) => [s.userRef, s.source])).toEqual([
      ['user:default/ann', 'Weekly'],
      ['user:default/bob', 'override'],
      ['user:default/ann', 'Weekly'],
    ]);
    expect(shifts.body.overrides).toHaveLength(1);

    const policy = await request(server)
      .post(`${API}/oncall/policies`)
      .send({
        name: 'Checkout critical',
        ownerRef: 'group:checkout-team',
        repeat: 2,
        levels: [
          // keys in another order than the backend writes them
          { delayMinutes: 0, targets: [{ scheduleId, type: 'schedule' }] },
          {
            delayMinutes: 10,
            targets: [
              { type: 'user', userRef: 'user:default/ann' },
              { type: 'user', userRef: 'cy' },
            ],
          },
          { delayMinutes: 20, targets: [{ type: 'parent_oncall' }] },
        ],
      });
    expect(policy.status).toBe(201);
    expect(policy.body).toMatchObject({
      ownerRef: 'group:default/checkout-team',
      derived: false,
      repeat: 2,
    });
    expect(policy.body.levels[1].targets[1]).toEqual({
      type: 'user',
      userRef: 'user:default/cy',
    });

    const onCall = await request(server)
      .get(`${API}/oncall`)
      .query({ entityRef: 'component:default/checkout-service' });
    expect(onCall.status).toBe(200);
    expect(onCall.body).toMatchObject({
      groupRef: 'group:default/checkout-team',
      policy: { id: policy.body.id },
      now: [
        {
          schedule: { id: scheduleId, name: 'Checkout primary' },
          shift: { userRef: 'user:default/ann' },
        },
      ],
      next: [{ shift: { userRef: 'user:default/bob', source: 'override' } }],
    });
    expect(onCall.body.path).toEqual([
      {
        level: 1,
        delayMinutes: 0,
        targets: [
          {
            userRef: 'user:default/ann',
            reason: 'on call for Checkout primary',
          },
        ],
      },
      {
        level: 2,
        delayMinutes: 10,
        targets: [
          {
            userRef: 'user:default/ann',
            reason: 'named in the escalation policy',
          },
          {
            userRef: 'user:default/cy',
            reason: 'named in the escalation policy',
          },
        ],
      },
      {
        level: 3,
        delayMinutes: 20,
        // engineering has no policy or schedule: its derived first level is its members
        targets: [
          {
            userRef: 'user:default/maya',
            reason:
              'member of group:default/engineering, for parent group group:default/engineering',
          },
        ],
      },
    ]);
    expect(onCall.body.people['user:default/maya']).toEqual({
      displayName: 'Maya',
      email: 'maya@example.com',
    });

    // a schedule a policy pages cannot go; a stale edit is refused
    const busy = await request(server).delete(
      `${API}/oncall/schedules/${scheduleId}`,
    );
    expect(busy.status).toBe(409);
    expect(busy.body.error.message).toMatch(/Checkout critical/);
    const edited = await request(server)
      .put(`${API}/oncall/schedules/${scheduleId}`)
      .send({ ...scheduleBody({ name: 'Checkout' }), version: 1 });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ name: 'Checkout', version: 2 });
    const stale = await request(server)
      .put(`${API}/oncall/schedules/${scheduleId}`)
      .send({ ...scheduleBody(), version: 1 });
    expect(stale.status).toBe(409);

    await request(server)
      .delete(
        `${API}/oncall/schedules/${scheduleId}/overrides/${cover.body.id}`,
      )
      .expect(204);
    await request(server)
      .delete(
        `${API}/oncall/schedules/${scheduleId}/overrides/${cover.body.id}`,
      )
      .expect(404);
    await request(server)
      .delete(`${API}/oncall/policies/${policy.body.id}`)
      .expect(204);
    await request(server)
      .delete(`${API}/oncall/schedules/${scheduleId}`)
      .expect(204);
    await request(server)
      .get(`${API}/oncall/schedules/${scheduleId}`)
      .expect(404);
  });

  it('derives a policy from ownership, and follows an annotation to another policy', async () => {
    const server = await start();
    const derived = await request(server)
      .get(`${API}/oncall`)
      .query({ entityRef: 'component:default/mysql' });
    expect(derived.status).toBe(200);
    expect(derived.body.groupRef).toBe('group:default/data-team');
    expect(derived.body.policy).toMatchObject({
      id: 'derived:group:default/data-team',
      derived: true,
      levels: [
        {
          delayMinutes: 0,
          targets: [
            { type: 'group_members', groupRef: 'group:default/data-team' },
          ],
        },
        { delayMinutes: 15, targets: [{ type: 'parent_oncall' }] },
      ],
    });
    expect(derived.body.now).toEqual([]);
    expect(
      derived.body.path.map((l: any) => l.targets.map((t: any) => t.userRef)),
    ).toEqual([['user:default/dan'], ['user:default/maya']]);

    const special = await request(server)
      .post(`${API}/oncall/policies`)
      .send({
        name: 'Special',
        ownerRef: 'group:default/data-team',
        levels: [
          {
            delayMinutes: 5,
            targets: [
              {
                type: 'group_members',
                groupRef: 'group:default/checkout-team',
              },
            ],
          },
        ],
      });
    expect(special.status).toBe(201);
    const annotated = await request(server)
      .get(`${API}/oncall`)
      .query({ entityRef: 'component:default/payments-api' });
    expect(annotated.body).toMatchObject({
      groupRef: 'group:default/data-team',
      policy: { name: 'Special', repeat: 0 },
      path: [
        {
          level: 1,
          delayMinutes: 5,
          targets: [
            {
              userRef: 'user:default/ann',
              reason: 'member of group:default/checkout-team',
            },
            {
              userRef: 'user:default/bob',
              reason: 'member of group:default/checkout-team',
            },
          ],
        },
      ],
    });
    const byGroup = await request(server)
      .get(`${API}/oncall`)
      .query({ groupRef: 'data-team' });
    expect(byGroup.body.policy.name).toBe('Special');
  });
});
