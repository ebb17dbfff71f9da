import { mockCredentials } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { entity } from '../graph/__testUtils__/entities';
import { annotationRunbooks, catalogOnCall, firstResponders } from './sources';

const web = entity('component:default/web');
web.metadata.annotations = {
  'lookout.dev/runbooks': './runbooks/web.md, https://wiki.example/web-outage',
};
const catalog = catalogServiceMock({
  entities: [
    web,
    entity('group:default/web-team', [
      ['hasMember', 'user:default/ann'],
      ['hasMember', 'user:default/bo'],
    ]),
  ],
});
const credentials = mockCredentials.service();

describe('fallbacks without the on-call and runbooks domains', () => {
  it('answers a group’s members as its responders', async () => {
    const oncall = catalogOnCall(catalog, async () => credentials);
    expect(
      await firstResponders(oncall, 'group:default/web-team', new Date()),
    ).toEqual([
      {
        userRef: 'user:default/ann',
        reason: 'member of group:default/web-team (no on-call schedule known)',
      },
      {
        userRef: 'user:default/bo',
        reason: 'member of group:default/web-team (no on-call schedule known)',
      },
    ]);
    expect(
      await firstResponders(oncall, 'group:default/nobody', new Date()),
    ).toEqual([]);
  });

  it('lists the runbooks the entity’s annotation names', async () => {
    const runbooks = annotationRunbooks(catalog);
    expect(
      await runbooks.forEntity('component:default/web', credentials),
    ).toEqual([
      {
        id: 'component:default/web#./runbooks/web.md',
        title: 'web',
        url: './runbooks/web.md',
      },
      {
        id: 'component:default/web#https://wiki.example/web-outage',
        title: 'web-outage',
        url: 'https://wiki.example/web-outage',
      },
    ]);
    expect(
      await runbooks.forEntity('component:default/ghost', credentials),
    ).toEqual([]);
  });
});
