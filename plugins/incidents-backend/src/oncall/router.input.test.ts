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
  it('refuses input that makes no sense, with a message that says what to fix', async () => {
    const server = await start();
    const layer = scheduleBody().layers[0];
    const cases: Array<[object, RegExp]> = [
      [{ timeZone: 'Mars/Olympus' }, /unknown time zone "Mars\/Olympus"/],
      [{ layers: [{ ...layer, members: [] }] }, /at least one member/],
      [{ layers: [{ ...layer, handoffTime: '9:00' }] }, /HH:mm/],
      [{ layers: [{ ...layer, handoffTime: '24:00' }] }, /HH:mm/],
      [
        {
          layers: [
            {
              ...layer,
              restrictions: [
                { days: [1, 2], start: '09:00', end: '17:00' },
                { days: [2], start: '16:00', end: '20:00' },
              ],
            },
          ],
        },
        /restrictions\[0\] and \[1\] overlap/,
      ],
      [
        {
          layers: [
            {
              ...layer,
              restrictions: [{ days: [8], start: '09:00', end: '17:00' }],
            },
          ],
        },
        /ISO weekdays/,
      ],
      [{ layers: [{ ...layer, rotation: 'custom' }] }, /shift length/],
      [{ layers: [layer, layer] }, /two layers are named "Weekly"/],
      [{ layers: [] }, /at least one layer/],
      [
        { ownerRef: 'group:default/ghost' },
        /Not a Group in the catalog: group:default\/ghost/,
      ],
      [{ ownerRef: 'component:default/mysql' }, /not a group ref/],
      [
        { layers: [{ ...layer, members: ['user:default/nobody'] }] },
        /Not a User in the catalog: user:default\/nobody/,
      ],
      [{ name: ' ' }, /name must not be empty/],
    ];
    for (const [body, message] of cases) {
      const res = await request(server)
        .post(`${API}/oncall/schedules`)
        .send(scheduleBody(body));
      expect({ body, status: res.status }).toEqual({ body, status: 400 });
      expect(res.body.error.message).toMatch(message);
    }

    const schedule = (
      await request(server).post(`${API}/oncall/schedules`).send(scheduleBody())
    ).body;
    const overrideCases: Array<[object, RegExp]> = [
      [{ endsAt: iso(-2 * HOUR) }, /after startsAt/],
      [{ startsAt: iso(-3 * HOUR), endsAt: iso(-2 * HOUR) }, /in the past/],
      [{ userRef: 'user:default/ghost' }, /Not a User in the catalog/],
      [{ startsAt: 'tomorrow' }, /startsAt/],
    ];
    for (const [body, message] of overrideCases) {
      const res = await request(server)
        .post(`${API}/oncall/schedules/${schedule.id}/overrides`)
        .send({
          userRef: 'user:default/bob',
          startsAt: iso(-HOUR),
          endsAt: iso(HOUR),
          ...body,
        });
      expect(res.status).toBe(400);
      expect(res.body.error.message).toMatch(message);
    }
    await request(server)
      .post(`${API}/oncall/schedules/nope/overrides`)
      .send({
        userRef: 'user:default/bob',
        startsAt: iso(0),
        endsAt: iso(HOUR),
      })
      .expect(404);

    const policy = (body: object) =>
      request(server)
        .post(`${API}/oncall/policies`)
        .send({
          name: 'P',
          ownerRef: 'group:default/checkout-team',
          levels: [{ delayMinutes: 0, targets: [{ type: 'parent_oncall' }] }],
          ...body,
        });
    const policyCases: Array<[object, RegExp]> = [
      [{ levels: [] }, /at least one level/],
      [{ levels: [{ delayMinutes: 0, targets: [] }] }, /at least one target/],
      [
        {
          levels: [{ delayMinutes: -1, targets: [{ type: 'parent_oncall' }] }],
        },
        /negative/,
      ],
      [
        {
          levels: [
            {
              delayMinutes: 0,
              targets: [{ type: 'schedule', scheduleId: 'nope' }],
            },
          ],
        },
        /No schedule nope/,
      ],
      [{ levels: [{ delayMinutes: 0, targets: [{ type: 'pager' }] }] }, /type/],
      [{ ownerRef: 'group:default/engineering' }, /has no parent group/],
      [{ repeat: 10 }, /repeat/],
    ];
    for (const [body, message] of policyCases) {
      const res = await policy(body);
      expect({ body, status: res.status }).toEqual({ body, status: 400 });
      expect(res.body.error.message).toMatch(message);
    }
    await policy({}).expect(201);
    const duplicate = await policy({});
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.error.message).toMatch(/already exists/);

    const onCallCases: Array<[object, number, RegExp]> = [
      [{}, 400, /exactly one of entityRef and groupRef/],
      [
        {
          entityRef: 'component:default/mysql',
          groupRef: 'group:default/data-team',
        },
        400,
        /exactly one/,
      ],
      [{ groupRef: 'group:default/ghost' }, 404, /Not in the catalog/],
      [{ groupRef: 'user:default/ann' }, 400, /not a group ref/],
      [{ entityRef: 'component:default/orphan' }, 404, /has no owner/],
      [{ entityRef: 'not a ref' }, 400, /not an entity ref/],
    ];
    for (const [query, status, message] of onCallCases) {
      const res = await request(server).get(`${API}/oncall`).query(query);
      expect({ query, status: res.status }).toEqual({ query, status });
      expect(res.body.error.message).toMatch(message);
    }
    const badRange = await request(server)
      .get(`${API}/oncall/schedules/${schedule.id}/shifts`)
      .query({ from: iso(HOUR), to: iso(0) });
    expect(badRange.status).toBe(400);
    expect(badRange.body.error.message).toMatch(/after from/);
  });

  it('answers odd but well-formed input without a 500', async () => {
    const server = await start();
    const layer = scheduleBody().layers[0];
    const longName = 'x'.repeat(250);
    const created = await request(server)
      .post(`${API}/oncall/schedules`)
      .send(
        scheduleBody({
          layers: [
            { ...layer, startsAt: '0001-01-01T00:00:00Z' },
            {
              ...layer,
              name: 'Hourly, far future',
              rotation: 'custom',
              shiftLengthHours: 1,
              startsAt: '9999-01-01T00:00:00Z',
            },
          ],
        }),
      );
    expect(created.status).toBe(201);
    const id = created.body.id;
    const cases: Array<[string, string, object | undefined, number]> = [
      [
        'put',
        `/oncall/schedules/${id}`,
        { ...scheduleBody(), version: 1e15 },
        400,
      ],
      [
        'put',
        `/oncall/schedules/${'z'.repeat(300)}`,
        { ...scheduleBody(), version: 1 },
        404,
      ],
      [
        'post',
        `/oncall/schedules/${id}/overrides`,
        { userRef: longName, startsAt: iso(0), endsAt: iso(HOUR) },
        400,
      ],
      [
        'post',
        `/oncall/schedules/${id}/overrides`,
        {
          userRef: 'user:default/bob',
          startsAt: iso(0),
          endsAt: '9999-12-31T23:59:59Z',
        },
        201,
      ],
      [
        'get',
        `/oncall/schedules/${id}/shifts?from=0001-01-01T00:00:00Z&to=0001-03-01T00:00:00Z`,
        undefined,
        200,
      ],
      [
        'get',
        `/oncall/schedules/${id}/shifts?from=2026-01-01T00:00:00Z&to=2026-12-01T00:00:00Z`,
        undefined,
        400,
      ],
      ['get', `/oncall/schedules/${id}/shifts?from=yesterday`, undefined, 400],
      ['get', `/oncall?entityRef=${'a'.repeat(300)}`, undefined, 400],
      ['get', '/oncall?groupRef=a&groupRef=b', undefined, 400],
      [
        'post',
        '/oncall/policies',
        {
          name: 'p',
          ownerRef: 'group:default/checkout-team',
          levels: [{ delayMinutes: 1.5, targets: [{ type: 'parent_oncall' }] }],
        },
        400,
      ],
      [
        'get',
        `/oncall/policies/${encodeURIComponent(
          'derived:group:default/checkout-team',
        )}`,
        undefined,
        400,
      ],
      ['delete', `/oncall/policies/${'q'.repeat(100)}`, undefined, 404],
    ];
    for (const [method, path, body, status] of cases) {
      const res = await (request(server) as any)
        [method](`${API}${path}`)
        .send(body);
      expect({ method, path, status: res.status }).toEqual({
        method,
        path,
        status,
      });
    }
    await request(server)
      .get(`${API}/oncall`)
      .query({ groupRef: 'group:default/checkout-team' })
      .expect(200);
  });
});
