import { mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { Incident } from '@lookout/plugin-incidents-common';
import { CatalogMatcher } from './CatalogMatcher';
import { scoreIncident, words } from './suggest';

const entity = (
  name: string,
  extra: { title?: string; product?: string; kind?: string } = {},
) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: extra.kind ?? 'Component',
  metadata: {
    name,
    namespace: 'default',
    ...(extra.title ? { title: extra.title } : {}),
    ...(extra.product
      ? { annotations: { 'lookout.dev/support-product': extra.product } }
      : {}),
  },
  spec: {},
});

describe('CatalogMatcher', () => {
  const matcher = new CatalogMatcher({
    catalog: catalogServiceMock({
      entities: [
        entity('checkout-service', {
          title: 'Checkout',
          product: 'Payments, Pay Later',
        }),
        entity('storefront-web', { title: 'Storefront' }),
        entity('payments-team', { kind: 'Group' }),
      ],
    }),
    auth: mockServices.auth(),
  });
  const report = (over: object) => ({
    product: null,
    tags: [],
    subject: '',
    description: '',
    ...over,
  });

  it('maps the product field through the annotation first, then names and titles', async () => {
    expect(await matcher.match(report({ product: 'pay later' }))).toEqual([
      {
        entityRef: 'component:default/checkout-service',
        score: 1,
        why: 'product "pay later"',
      },
    ]);
    expect(await matcher.match(report({ product: 'Storefront' }))).toEqual([
      {
        entityRef: 'component:default/storefront-web',
        score: 0.9,
        why: 'product "Storefront"',
      },
    ]);
  });

  it('finds entities in tags and in the text, never teams', async () => {
    const matches = await matcher.match(
      report({
        tags: ['payments'],
        subject: 'The storefront web page is blank',
        description: 'payments team says hi',
      }),
    );
    expect(matches.map(m => [m.entityRef, m.score])).toEqual([
      ['component:default/checkout-service', 0.7],
      ['component:default/storefront-web', 0.54],
    ]);
  });
});

describe('scoreIncident', () => {
  const incident = {
    id: 'INC-3',
    title: 'Checkout payments failing',
    description: 'Card authorisations time out',
    entityRef: 'component:default/checkout-service',
    impactedEntityRefs: [],
    declaredAt: '2026-12-01T10:00:00.000Z',
  } as unknown as Incident;
  const at = Date.parse('2026-12-01T10:30:00.000Z');
  const windowMs = 24 * 3_600_000;

  it('adds entity, words and time, each with its reason', () => {
    const suggestion = scoreIncident({
      report: {
        entityRefs: ['component:default/checkout-service'],
        text: words('Payments failing for our shop'),
        at,
      },
      incident,
      windowMs,
    });
    expect(suggestion).toEqual({
      incidentId: 'INC-3',
      title: 'Checkout payments failing',
      confidence: 0.8,
      reasons: [
        'names component:default/checkout-service, where the incident started',
        'words in common: payments, failing',
        'declared 30 min before the report',
      ],
    });
  });

  it('weighs an entity downstream of the origin by its distance, and says the path', () => {
    const suggestion = scoreIncident({
      report: {
        entityRefs: ['component:default/storefront-web'],
        text: new Set(),
        at,
      },
      incident,
      downstream: {
        get: ref =>
          ref === 'component:default/storefront-web'
            ? {
                distance: 2,
                path: [
                  'component:default/checkout-service',
                  'api:default/pay',
                  ref,
                ],
              }
            : undefined,
      },
      windowMs,
    });
    expect(suggestion?.confidence).toBe(0.4);
    expect(suggestion?.reasons[0]).toBe(
      'names component:default/storefront-web, downstream of component:default/checkout-service (component:default/checkout-service → api:default/pay → component:default/storefront-web)',
    );
  });

  it('suggests nothing on time alone', () => {
    expect(
      scoreIncident({
        report: { entityRefs: [], text: words('hello there'), at },
        incident,
        windowMs,
      }),
    ).toBeUndefined();
  });
});
