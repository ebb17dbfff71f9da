import { LiveStatusIndex, OpenIncident } from './liveStatus';
import { entity, graphOf, shop } from './__testUtils__/entities';

const all = () => true;

const dbDown: OpenIncident = {
  id: 'INC-1',
  severity: 'SEV1',
  entityRef: 'resource:default/postgres-orders',
  impactedEntityRefs: ['component:default/orders-service'],
};

describe('live status', () => {
  const graph = graphOf(shop());

  it('gives an open incident its severity on the entities it names', () => {
    const index = new LiveStatusIndex(graph, [
      dbDown,
      {
        id: 'INC-2',
        severity: 'SEV2',
        entityRef: 'component:default/storefront-web',
        impactedEntityRefs: [],
      },
      {
        id: 'INC-3',
        severity: 'SEV4',
        entityRef: 'component:default/orders-worker',
        impactedEntityRefs: [],
      },
    ]);
    const status = (ref: string) => index.describe(ref, all).status;
    expect(status('resource:default/postgres-orders')).toBe('major_outage');
    expect(status('component:default/orders-service')).toBe('major_outage');
    expect(status('component:default/storefront-web')).toBe('partial_outage');
    expect(status('component:default/orders-worker')).toBe(
      'degraded_performance',
    );
    expect(
      index.describe('resource:default/postgres-orders', all).reasons,
    ).toEqual([
      {
        type: 'incident',
        status: 'major_outage',
        incidentId: 'INC-1',
        entityRef: 'resource:default/postgres-orders',
        severity: 'SEV1',
        message:
          'major_outage: INC-1 (SEV1) on resource:default/postgres-orders',
      },
    ]);
  });

  it('degrades what is downstream of an incident, with the path as the reason', () => {
    const index = new LiveStatusIndex(graph, [dbDown]);
    expect(index.describe('component:default/checkout-service', all)).toEqual({
      entityRef: 'component:default/checkout-service',
      status: 'degraded_performance',
      reasons: [
        {
          type: 'upstream',
          status: 'degraded_performance',
          incidentId: 'INC-1',
          entityRef: 'resource:default/postgres-orders',
          severity: 'SEV1',
          path: [
            {
              entityRef: 'component:default/orders-service',
              relation: 'dependencyOf',
            },
            { entityRef: 'api:default/orders-api', relation: 'providesApi' },
            {
              entityRef: 'component:default/checkout-service',
              relation: 'apiConsumedBy',
            },
          ],
          message:
            'degraded_performance: upstream INC-1 on resource:default/postgres-orders',
        },
      ],
    });
    expect(index.describe('component:default/orders-worker', all)).toEqual({
      entityRef: 'component:default/orders-worker',
      status: 'operational',
      reasons: [],
    });
  });

  it('rolls the worst of their parts up into systems and domains, and of what they own into groups', () => {
    const index = new LiveStatusIndex(graph, [
      dbDown,
      {
        id: 'INC-7',
        severity: 'SEV3',
        entityRef: 'component:default/checkout-service',
        impactedEntityRefs: [],
      },
    ]);
    const system = index.describe('system:default/orders', all);
    expect(system.status).toBe('major_outage');
    expect(system.reasons[0]).toMatchObject({
      type: 'incident',
      incidentId: 'INC-1',
      via: 'resource:default/postgres-orders',
      message:
        'major_outage: INC-1 (SEV1) on resource:default/postgres-orders (via resource:default/postgres-orders)',
    });
    // one reason per incident, its worst
    expect(system.reasons).toHaveLength(1);

    const domain = index.describe('domain:default/commerce', all);
    expect(domain.status).toBe('major_outage');
    expect(
      domain.reasons.map(r => [r.status, (r as any).incidentId, r.via]),
    ).toEqual([
      ['major_outage', 'INC-1', 'resource:default/postgres-orders'],
      ['degraded_performance', 'INC-7', 'component:default/checkout-service'],
    ]);

    expect(index.describe('group:default/orders-team', all).status).toBe(
      'major_outage',
    );
    const web = index.describe('group:default/web-team', all);
    expect(web.status).toBe('degraded_performance');
    expect(web.reasons.map(r => r.type)).toEqual(['upstream', 'upstream']);
    expect(index.describe('group:default/platform', all).status).toBe(
      'major_outage',
    );
  });

  it('prefers an incident that names the entity over impact from upstream', () => {
    const index = new LiveStatusIndex(graph, [
      dbDown,
      {
        id: 'INC-9',
        severity: 'SEV3',
        entityRef: 'resource:default/postgres-orders',
        impactedEntityRefs: ['component:default/checkout-service'],
      },
    ]);
    const checkout = index.describe('component:default/checkout-service', all);
    expect(checkout.reasons.map(r => [r.type, (r as any).incidentId])).toEqual([
      ['incident', 'INC-9'],
      ['upstream', 'INC-1'],
    ]);
  });

  it('puts entities under maintenance unless an incident is worse', () => {
    const index = new LiveStatusIndex(
      graph,
      [dbDown],
      [
        {
          id: 'MW-1',
          entityRefs: [
            'component:default/orders-worker',
            'component:default/storefront-web',
          ],
        },
      ],
    );
    expect(index.describe('component:default/orders-worker', all)).toEqual({
      entityRef: 'component:default/orders-worker',
      status: 'under_maintenance',
      reasons: [
        {
          type: 'maintenance',
          status: 'under_maintenance',
          maintenanceId: 'MW-1',
          message: 'under_maintenance: maintenance MW-1',
        },
      ],
    });
    const web = index.describe('component:default/storefront-web', all);
    expect(web.status).toBe('degraded_performance');
    expect(web.reasons.map(r => r.type)).toEqual(['upstream', 'maintenance']);
  });

  it('knows entities only the incident names, and keeps hidden refs out of reasons', () => {
    const index = new LiveStatusIndex(
      graphOf([...shop(), entity('component:default/x')]),
      [
        dbDown,
        {
          id: 'INC-4',
          severity: 'SEV2',
          entityRef: 'component:default/not-in-graph',
          impactedEntityRefs: [],
        },
      ],
    );
    expect(index.describe('component:default/not-in-graph', all).status).toBe(
      'partial_outage',
    );

    const hidden = (ref: string) => ref !== 'component:default/orders-service';
    const api = index.describe('api:default/orders-api', hidden);
    expect((api.reasons[0] as any).path[0]).toEqual({
      entityRef: null,
      relation: 'dependencyOf',
    });
    const system = index.describe('system:default/orders', hidden);
    expect(JSON.stringify(system)).not.toMatch(/orders-service/);
    expect(index.refsShownBy('api:default/orders-api')).toEqual([
      'component:default/orders-service',
      'api:default/orders-api',
    ]);
  });
});
