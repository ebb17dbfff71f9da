import { eachDatabase } from '../__testUtils__/databases';
import { DatabaseStatusPageStore } from './DatabaseStatusPageStore';
import { StatusIncidentRecord, SubscriberRecord } from './StatusPageStore';

jest.setTimeout(60_000);

const T = '2026-11-30T10:00:00.000Z';

const component = (id: string, name: string) => ({
  id,
  name,
  description: null,
  group: null,
  position: 1,
  entityRefs: [],
  overrideStatus: null,
  overrideReason: null,
  createdAt: T,
  updatedAt: T,
});

const subscriber = (
  id: string,
  address: string,
  componentIds: string[],
  confirmed: boolean,
): SubscriberRecord => ({
  id,
  kind: 'email',
  address,
  componentIds,
  confirmedAt: confirmed ? T : null,
  createdAt: T,
  unsubscribeToken: `u-${id}`,
  confirmToken: confirmed ? null : `c-${id}`,
});

const incident = (
  id: string,
  componentIds: string[],
): StatusIncidentRecord => ({
  id,
  kind: 'incident',
  incidentSeq: null,
  name: 'Checkout errors',
  status: 'investigating',
  impact: 'major',
  componentIds,
  scheduledFor: null,
  scheduledUntil: null,
  startedAt: T,
  monitoringAt: null,
  resolvedAt: null,
  createdAt: T,
  updatedAt: T,
  updates: [
    {
      id: `${id}-u1`,
      statusIncidentId: id,
      status: 'investigating',
      body: 'Looking.',
      createdBy: 'user:default/ann',
      createdAt: T,
    },
  ],
});

describe('DatabaseStatusPageStore', () => {
  eachDatabase(({ migrated }) => {
    async function setup() {
      const knex = await migrated();
      return DatabaseStatusPageStore.create({ knex });
    }

    it('keeps components unique by name and bumps the version on every page change', async () => {
      const store = await setup();
      const v0 = await store.version();
      const s0 = await store.changeStamp();
      expect(
        await store.createComponents([
          component('c1', 'API'),
          component('c2', 'Web'),
        ]),
      ).toBe(2);
      expect(await store.createComponents([component('c3', 'API')])).toBe(0);
      expect(await store.version()).toBe(v0 + 1);
      expect(await store.changeStamp()).not.toBe(s0);

      const updated = await store.updateComponent('c1', {
        overrideStatus: 'partial_outage',
        overrideReason: 'reports',
        entityRefs: ['component:default/a'],
        updatedAt: T,
      });
      expect(updated).toMatchObject({
        overrideStatus: 'partial_outage',
        entityRefs: ['component:default/a'],
      });
      expect(await store.version()).toBe(v0 + 2);
      expect(
        await store.updateComponent('nope', { position: 2 }),
      ).toBeUndefined();
      expect((await store.listComponents()).map(c => c.name)).toEqual([
        'API',
        'Web',
      ]);
    });

    it('writes incidents with updates newest first, and counts deliveries per update', async () => {
      const store = await setup();
      await store.createComponents([
        component('c1', 'API'),
        component('c2', 'Web'),
      ]);
      await store.upsertSubscriber(subscriber('s1', 'a@x.test', [], true));
      await store.upsertSubscriber(subscriber('s2', 'b@x.test', ['c2'], true));
      await store.upsertSubscriber(subscriber('s3', 'c@x.test', ['c1'], true));
      await store.upsertSubscriber(subscriber('s4', 'd@x.test', [], false));

      // whole-page and c1 subscribers, confirmed only
      expect((await store.subscribersFor(['c1'])).map(s => s.id)).toEqual([
        's1',
        's3',
      ]);

      await store.createIncident(incident('i1', ['c1']), async trx => {
        await store.recordDeliveries('i1-u1', ['s1', 's3'], trx);
      });
      await store.addUpdate(
        'i1',
        {
          update: {
            id: 'i1-u2',
            statusIncidentId: 'i1',
            status: 'resolved',
            body: 'Fixed.',
            createdBy: 'user:default/ann',
            createdAt: '2026-11-30T11:00:00.000Z',
          },
          incident: {
            status: 'resolved',
            impact: 'major',
            componentIds: ['c1'],
            monitoringAt: null,
            resolvedAt: '2026-11-30T11:00:00.000Z',
            updatedAt: '2026-11-30T11:00:00.000Z',
          },
        },
        async () => {},
      );
      const stored = await store.getIncident('i1');
      expect(stored).toMatchObject({
        status: 'resolved',
        resolvedAt: '2026-11-30T11:00:00.000Z',
      });
      expect(stored!.updates.map(u => u.id)).toEqual(['i1-u2', 'i1-u1']);
      expect((await store.incidentOfUpdate('i1-u1'))!.id).toBe('i1');

      await store.setDelivery('i1-u1', 's1', 'delivered');
      await store.setDelivery('i1-u1', 's3', 'pending', 'connection refused');
      expect(await store.deliveryCounts(['i1-u1', 'i1-u2'])).toEqual([
        { updateId: 'i1-u1', total: 2, delivered: 1, failed: 0, pending: 1 },
        { updateId: 'i1-u2', total: 0, delivered: 0, failed: 0, pending: 0 },
      ]);
      // a subscriber who left is out of the audience
      await store.setDelivery('i1-u1', 's3', 'skipped');
      expect((await store.deliveryCounts(['i1-u1']))[0]).toMatchObject({
        total: 1,
        delivered: 1,
      });
    });

    it('never lets a sign-up change a confirmed subscription, and confirms by token once', async () => {
      const store = await setup();
      await store.upsertSubscriber(subscriber('s1', 'a@x.test', [], false));
      const again = await store.upsertSubscriber({
        ...subscriber('s9', 'a@x.test', ['c1'], false),
        confirmToken: 'c-new',
      });
      // the same row, with the newest token: the first link no longer works
      expect(again).toMatchObject({
        alreadyConfirmed: false,
        subscriber: { id: 's1', confirmToken: 'c-new', componentIds: ['c1'] },
      });
      expect(await store.confirmSubscriber('c-s1', T)).toBeUndefined();
      expect(await store.confirmSubscriber('c-new', T)).toMatchObject({
        id: 's1',
      });
      expect(await store.confirmSubscriber('c-new', T)).toBeUndefined();

      const later = await store.upsertSubscriber({
        ...subscriber('s10', 'a@x.test', [], false),
        confirmToken: 'c-other',
      });
      expect(later).toMatchObject({
        alreadyConfirmed: true,
        subscriber: { componentIds: ['c1'], confirmToken: null },
      });
      expect(await store.findByUnsubscribeToken('u-s1')).toMatchObject({
        id: 's1',
      });
    });

    it('counts attempts per bucket and window', async () => {
      const store = await setup();
      expect(await store.countAttempt('ip:1', 3_600_000)).toBe(1);
      expect(await store.countAttempt('ip:1', 3_600_000)).toBe(2);
      expect(await store.countAttempt('ip:2', 3_600_000)).toBe(1);
    });
  });
});
