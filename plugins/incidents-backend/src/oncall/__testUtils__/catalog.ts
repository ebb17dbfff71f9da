import { Entity } from '@backstage/catalog-model';

const user = (name: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'User',
  metadata: { name, namespace: 'default' },
  spec: {
    profile: {
      displayName: name[0].toUpperCase() + name.slice(1),
      email: `${name}@example.com`,
    },
  },
});

const group = (
  name: string,
  members: string[],
  parent?: string,
  children: string[] = [],
): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name, namespace: 'default' },
  spec: { type: 'team', children, ...(parent ? { parent } : {}) },
  // the relations the catalog's processors would have emitted
  relations: [
    ...members.map(m => ({
      type: 'hasMember',
      targetRef: `user:default/${m}`,
    })),
    ...(parent
      ? [{ type: 'childOf', targetRef: `group:default/${parent}` }]
      : []),
    ...children.map(c => ({
      type: 'parentOf',
      targetRef: `group:default/${c}`,
    })),
  ],
});

const component = (
  name: string,
  owner?: string,
  annotations?: Record<string, string>,
): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name,
    namespace: 'default',
    ...(annotations ? { annotations } : {}),
  },
  spec: owner ? { type: 'service', owner } : { type: 'service' },
  relations: owner
    ? [{ type: 'ownedBy', targetRef: `group:default/${owner}` }]
    : [],
});

/**
 * A small organisation: engineering has the checkout and data teams; checkout-service and
 * payments-api are checkout's (payments-api picks the policy "Special" by annotation), mysql
 * is data's, and orphan has no owner.
 */
export const oncallEntities: Entity[] = [
  user('ann'),
  user('bob'),
  user('cy'),
  user('maya'),
  user('dan'),
  user('mock'),
  group('engineering', ['maya'], undefined, ['checkout-team', 'data-team']),
  group('checkout-team', ['ann', 'bob'], 'engineering'),
  group('data-team', ['dan'], 'engineering'),
  component('checkout-service', 'checkout-team'),
  component('payments-api', 'checkout-team', {
    'lookout.dev/escalation-policy': 'Special',
  }),
  component('mysql', 'data-team'),
  component('orphan'),
];
