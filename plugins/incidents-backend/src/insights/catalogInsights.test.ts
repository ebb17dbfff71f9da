import { graphOf, shop } from '../graph/__testUtils__/entities';
import { downstreamIn } from './catalogInsights';

describe('downstreamIn', () => {
  it('walks what depends on each deployed entity, transitively, as blast radius does', () => {
    const downstream = downstreamIn(graphOf(shop()), [
      'resource:default/postgres-orders',
      'component:default/storefront-web',
      'component:default/not-in-catalog',
    ]);
    // the database fails its service, the service's API, the checkout that consumes it, the
    // website that depends on checkout, and the systems and domain they are part of
    expect(
      [...downstream.get('resource:default/postgres-orders')!].sort(),
    ).toEqual([
      'api:default/orders-api',
      'component:default/checkout-service',
      'component:default/orders-service',
      'component:default/storefront-web',
      'domain:default/commerce',
      'system:default/checkout',
      'system:default/orders',
      'system:default/storefront',
    ]);
    // nothing depends on the website but its own system; an unknown ref reaches nothing
    expect(downstream.get('component:default/storefront-web')).toEqual([
      'system:default/storefront',
    ]);
    expect(downstream.has('component:default/not-in-catalog')).toBe(false);
  });
});
