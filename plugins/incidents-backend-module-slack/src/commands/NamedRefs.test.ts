import { mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { SlackPeople } from '../people/SlackPeople';
import { NamedRefs } from './NamedRefs';

const entity = (kind: string, name: string) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind,
  metadata: { name, namespace: 'default' },
  spec: {},
});

describe('NamedRefs', () => {
  const people = {
    userRefOf: async (id: string) =>
      id === 'UANN' ? 'user:default/ann' : undefined,
  } as unknown as SlackPeople;
  const names = new NamedRefs({
    people,
    catalog: catalogServiceMock({
      entities: [
        entity('User', 'ann'),
        entity('Group', 'db-team'),
        // a user and a team by one name: the person is meant
        entity('User', 'ops'),
        entity('Group', 'ops'),
      ],
    }),
    auth: mockServices.auth(),
  });

  it.each([
    ['<@UANN>', 'user:default/ann'],
    ['<@UANN|ann>', 'user:default/ann'],
    ['@ann', 'user:default/ann'],
    ['db-team', 'group:default/db-team'],
    ['<!subteam^S0123|@db-team>', 'group:default/db-team'],
    ['ops', 'user:default/ops'],
    ['group:default/ops', 'group:default/ops'],
  ])('pages %p as %p', async (who, ref) => {
    await expect(names.pageTarget(who)).resolves.toBe(ref);
  });

  it('says what to name when nobody is called that, or a member maps to no user', async () => {
    await expect(names.pageTarget('@zed')).rejects.toThrow(
      /Nobody in the catalog is called @zed: name a person/,
    );
    await expect(names.pageTarget('<!subteam^S9|@ann>')).rejects.toThrow(
      /Nobody in the catalog is called/,
    );
    await expect(names.pageTarget('<@UZED>')).rejects.toThrow(
      /<@UZED> has no Backstage User \(annotation slack\.com\/user-id/,
    );
  });

  it('takes a role’s user by mention or by name', async () => {
    await expect(names.userRef('<@UANN|ann>')).resolves.toBe(
      'user:default/ann',
    );
    await expect(names.userRef('@bo')).resolves.toBe('user:default/bo');
  });
});
