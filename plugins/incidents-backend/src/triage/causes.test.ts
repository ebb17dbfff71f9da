import { CauseEvidence, rankCauses } from './causes';

const ONSET = '2026-11-30T12:00:00.000Z';
const at = (minutesBefore: number) =>
  new Date(Date.parse(ONSET) - minutesBefore * 60_000).toISOString();

/** web → api:default/orders-api → orders → db, and web → cache. */
function evidence(overrides: Partial<CauseEvidence> = {}): CauseEvidence {
  return {
    origin: 'component:default/web',
    onset: ONSET,
    upstream: [
      {
        entityRef: 'api:default/orders-api',
        kind: 'api',
        path: ['api:default/orders-api'],
      },
      {
        entityRef: 'component:default/orders',
        kind: 'component',
        path: ['api:default/orders-api', 'component:default/orders'],
      },
      {
        entityRef: 'resource:default/db',
        kind: 'resource',
        path: [
          'api:default/orders-api',
          'component:default/orders',
          'resource:default/db',
        ],
      },
      {
        entityRef: 'resource:default/cache',
        kind: 'resource',
        path: ['resource:default/cache'],
      },
    ],
    alerts: [],
    openIncidents: [],
    changes: [],
    pastCauses: [],
    owners: new Map([['resource:default/db', 'group:default/dba']]),
    ...overrides,
  };
}

/** A firing alert on the entity, begun so many minutes before the onset. */
const firing = (
  entityRef: string,
  minutesBefore: number,
  level: 'critical' | 'warning' = 'critical',
) => ({ entityRef, summary: 'errors', startsAt: at(minutesBefore), level });

/** A failing dependent as the walks down from a candidate see it. */
const failing = (name: string, minutesBefore: number, depth = 1) => ({
  entityRef: `component:default/${name}`,
  since: at(minutesBefore),
  depth,
});

describe('rankCauses', () => {
  it('points at the origin itself when nothing upstream is wrong', () => {
    const [first, ...rest] = rankCauses(evidence());
    expect(first).toMatchObject({
      entityRef: 'component:default/web',
      distance: 0,
    });
    expect(first.reasons[0].text).toMatch(/origin is where to look/);
    expect(rest).toEqual([]);
  });

  it('prefers a fresh deploy far upstream over a chronic alert next door', () => {
    const ranked = rankCauses(
      evidence({
        alerts: [
          {
            entityRef: 'resource:default/cache',
            summary: 'Evictions high',
            startsAt: at(3 * 24 * 60),
            level: 'warning',
          },
        ],
        changes: [
          {
            entityRef: 'resource:default/db',
            summary: 'Schema migration 42',
            at: at(8),
          },
        ],
      }),
    );
    expect(ranked[0].entityRef).toBe('resource:default/db');
    expect(ranked[0].ownerRef).toBe('group:default/dba');
    expect(ranked[0].distance).toBe(2);
    expect(ranked[0].reasons.map(r => r.text).join(' ')).toMatch(
      /change "Schema migration 42" 8 minutes before the incident began/,
    );
    const cache = ranked.find(c => c.entityRef === 'resource:default/cache')!;
    expect(cache.reasons[0].text).toMatch(/3 days before/);
    expect(cache.score).toBeLessThan(ranked[0].score);
  });

  it('reads alerts along a path: the first to fail is the cause, not its dependents', () => {
    const ranked = rankCauses(
      evidence({
        alerts: [
          {
            entityRef: 'component:default/orders',
            summary: '5xx',
            startsAt: at(2),
            level: 'critical',
          },
          {
            entityRef: 'resource:default/db',
            summary: 'Replica lag',
            startsAt: at(9),
            level: 'critical',
          },
        ],
      }),
    );
    expect(ranked.map(c => c.entityRef).slice(0, 2)).toEqual([
      'resource:default/db',
      'component:default/orders',
    ]);
    const orders = ranked[1];
    expect(orders.reasons[0].text).toMatch(
      /db, further upstream, showed trouble earlier/,
    );
    expect(ranked[0].reasons.map(r => r.text)).toContainEqual(
      expect.stringMatching(/began before those of orders/),
    );
  });

  it('counts what earlier incidents on the origin were caused by', () => {
    const ranked = rankCauses(
      evidence({
        pastCauses: [
          {
            incidentId: 'INC-3',
            entityRef: 'resource:default/cache',
            via: 'postmortem',
          },
          {
            incidentId: 'INC-9',
            entityRef: 'resource:default/cache',
            via: 'confirmed',
          },
        ],
      }),
    );
    expect(ranked[0].entityRef).toBe('resource:default/cache');
    expect(ranked[0].reasons[0]).toEqual({
      text: 'earlier incidents on the origin (INC-3, INC-9): its postmortem named it the root cause',
      weight: 1.6,
    });
  });

  it('discounts a deploy upstream of an alerting entity: the alert is likely its symptom', () => {
    const ranked = rankCauses(
      evidence({
        alerts: [
          {
            entityRef: 'component:default/orders',
            summary: '5xx',
            startsAt: at(3),
            level: 'critical',
          },
        ],
        changes: [
          {
            entityRef: 'resource:default/db',
            summary: 'Resize db',
            at: at(12),
          },
        ],
      }),
    );
    expect(ranked[0].entityRef).toBe('resource:default/db');
    expect(ranked[1].reasons[0].text).toMatch(
      /db, further upstream, showed trouble earlier/,
    );
  });

  it('gives little to what started after the incident, and ignores API entities', () => {
    const ranked = rankCauses(
      evidence({
        alerts: [
          {
            entityRef: 'resource:default/cache',
            summary: 'late',
            startsAt: at(-10),
            level: 'critical',
          },
          {
            entityRef: 'api:default/orders-api',
            summary: 'api',
            startsAt: at(1),
            level: 'critical',
          },
        ],
        openIncidents: [
          {
            id: 'INC-7',
            entityRef: 'component:default/orders',
            title: 'Orders down',
            declaredAt: at(4),
            openedByAlerts: false,
          },
        ],
      }),
    );
    expect(ranked.map(c => c.entityRef)).not.toContain(
      'api:default/orders-api',
    );
    expect(ranked[0].entityRef).toBe('component:default/orders');
    expect(ranked[0].reasons[0].text).toMatch(
      /INC-7 "Orders down" is open on it/,
    );
    const cache = ranked.find(c => c.entityRef === 'resource:default/cache')!;
    expect(cache.reasons[0]).toEqual({
      text: 'critical alert "late" firing, started 10 minutes after the incident began',
      weight: 0.99,
    });
  });

  it('reads an alert as a symptom of trouble above it that the path from the origin does not show', () => {
    // orders also depends on the cache, which only the cache's own walk down shows
    const ranked = rankCauses(
      evidence({
        alerts: [
          firing('component:default/orders', 3),
          firing('resource:default/cache', 12, 'warning'),
        ],
        shared: [
          {
            entityRef: 'resource:default/cache',
            failing: [failing('web', 0)],
            healthy: 1,
            below: ['component:default/web', 'component:default/orders'],
          },
        ],
      }),
    );
    expect(ranked[0].entityRef).toBe('resource:default/cache');
    const orders = ranked.find(
      c => c.entityRef === 'component:default/orders',
    )!;
    expect(orders.reasons[0]).toEqual({
      text: expect.stringMatching(
        /; but cache, further upstream, showed trouble earlier$/,
      ),
      weight: 1.5,
    });
  });

  it('reads an alert as a symptom of a silent entity most of whose dependents fail, some out of its reach', () => {
    const ordersReason = (healthy: number) =>
      rankCauses(
        evidence({
          alerts: [firing('component:default/orders', 5)],
          shared: [
            {
              entityRef: 'resource:default/db',
              failing: [
                failing('orders', 5),
                failing('search', 4),
                failing('web', 0, 2),
              ],
              healthy,
              below: [
                'component:default/orders',
                'component:default/search',
                'component:default/web',
              ],
            },
            {
              entityRef: 'component:default/orders',
              failing: [failing('web', 0)],
              healthy: 0,
              below: ['component:default/web'],
            },
          ],
        }),
      ).find(c => c.entityRef === 'component:default/orders')!.reasons[0];
    // search does not depend on orders: the db explains both, orders only its own part
    expect(ordersReason(0)).toEqual({
      text: expect.stringMatching(
        /; but it is one of 3 failing dependents of db, which also reaches search, where it does not$/,
      ),
      weight: 1.5,
    });
    // with most of the db's dependents healthy, its failing ones are likelier apart
    expect(ordersReason(5)).toEqual({
      text: expect.not.stringMatching(/but/),
      weight: 3,
    });
  });
});
