import { Knex } from 'knex';
import request from 'supertest';
import {
  denyPermissions,
  routesOf,
  startIncidentsBackend,
} from '../__testUtils__/backend';
import { createTestDatabases } from '../__testUtils__/databases';
import { createEscalationPoliciesRouter } from '../escalation/policiesRouter';
import { createOnCallRouter } from './router';
import { oncallEntities } from './__testUtils__/catalog';

jest.setTimeout(60_000);

const API = '/api/incidents';
const HOUR = 3_600_000;
const iso = (offset: number) => new Date(Date.now() + offset).toISOString();

/** Denies `incident.oncall.manage` and allows everything else. */
const noManage = denyPermissions(p => p.name === 'incident.oncall.manage');

function start(knex: Knex, features: any[] = []) {
  return startIncidentsBackend(knex, {
    entities: oncallEntities,
    config: { app: { baseUrl: 'http://lookout.test:3000' } },
    features,
  });
}

/** One layer that ann holds from an hour ago, so "now" does not depend on the time of day. */
const scheduleBody = (body: object = {}) => ({
  name: 'Checkout primary',
  ownerRef: 'group:default/checkout-team',
  timeZone: 'Europe/Berlin',
  layers: [
    {
      name: 'Weekly',
      rotation: 'weekly',
      handoffDay: 1,
      handoffTime: '09:00',
      startsAt: iso(-HOUR),
      members: ['user:default/ann'],
      restrictions: [],
    },
  ],
  ...body,
});

describe('on-call routes', () => {
  const databases = createTestDatabases();

  it('are all described in the OpenAPI document', () => {
    // escalation policies live under /oncall/policies, served by their own router
    const routes = [
      ...routesOf(createOnCallRouter({} as any)),
      ...routesOf(createEscalationPoliciesRouter({} as any)),
    ];
    expect(routes).toHaveLength(14);
    expect(routes.filter(r => !r.documented)).toEqual([]);
  });

  describe.each(databases.eachSupportedId())('on %p', databaseId => {
    it('manages schedules, overrides and policies, and answers who is on call', async () => {
      const server = await start(await databases.init(databaseId));

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
      const server = await start(await databases.init(databaseId));
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

    it('refuses input that makes no sense, with a message that says what to fix', async () => {
      const knex = await databases.init(databaseId);
      const server = await start(knex);
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
        await request(server)
          .post(`${API}/oncall/schedules`)
          .send(scheduleBody())
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
            levels: [
              { delayMinutes: -1, targets: [{ type: 'parent_oncall' }] },
            ],
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
        [
          { levels: [{ delayMinutes: 0, targets: [{ type: 'pager' }] }] },
          /type/,
        ],
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
      const server = await start(await databases.init(databaseId));
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
        [
          'get',
          `/oncall/schedules/${id}/shifts?from=yesterday`,
          undefined,
          400,
        ],
        ['get', `/oncall?entityRef=${'a'.repeat(300)}`, undefined, 400],
        ['get', '/oncall?groupRef=a&groupRef=b', undefined, 400],
        [
          'post',
          '/oncall/policies',
          {
            name: 'p',
            ownerRef: 'group:default/checkout-team',
            levels: [
              { delayMinutes: 1.5, targets: [{ type: 'parent_oncall' }] },
            ],
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

    it('lets every signed-in caller read and only holders of incident.oncall.manage change', async () => {
      const server = await start(await databases.init(databaseId), [noManage]);
      const denied = await request(server)
        .post(`${API}/oncall/schedules`)
        .send(scheduleBody());
      expect(denied.status).toBe(403);
      expect(denied.body.error.message).toMatch(/incident.oncall.manage/);
      await request(server)
        .get(`${API}/oncall`)
        .query({ groupRef: 'group:default/checkout-team' })
        .expect(200);
      await request(server).get(`${API}/oncall/policies`).expect(200);
    });
  });
});
