import { eachDatabase, withCheckoutIncident } from '../__testUtils__/databases';
import { DatabaseIncidentsStore } from '../incidents/DatabaseIncidentsStore';
import { DatabasePagingStore } from './DatabasePagingStore';
import { NewPage } from './PagingStore';

jest.setTimeout(60_000);

const at = (s: number) =>
  new Date(Date.parse('2026-11-30T10:00:00Z') + s * 1000);

describe('DatabasePagingStore', () => {
  const page = (
    id: string,
    userRef: string,
    level = 1,
    slot: Pick<NewPage, 'run' | 'reassignment'> = { run: 1, reassignment: 0 },
  ): NewPage => ({
    id,
    incidentSeq: 1,
    level,
    round: 1,
    ...slot,
    userRef,
    reason: 'on call',
    dueAt: at(0),
  });

  eachDatabase(database => {
    async function setup() {
      const knex = await withCheckoutIncident(database, at(0));
      return { knex, store: DatabasePagingStore.create({ knex }) };
    }

    it('writes a page per (incident, level, round, person) once', async () => {
      const { knex, store } = await setup();
      const first = await knex.transaction(trx =>
        store.insertPages(
          [page('a', 'user:default/alice'), page('b', 'user:default/bob')],
          at(1),
          trx,
        ),
      );
      expect(first.map(p => [p.id, p.status, p.createdAt])).toEqual([
        ['a', 'pending', at(1)],
        ['b', 'pending', at(1)],
      ]);
      // alice again at the same step is skipped; at the next level she is paged again
      const second = await knex.transaction(trx =>
        store.insertPages(
          [page('c', 'user:default/alice'), page('d', 'user:default/alice', 2)],
          at(2),
          trx,
        ),
      );
      expect(second.map(p => p.id)).toEqual(['d']);
      expect((await store.listPages(1)).map(p => p.id)).toEqual([
        'a',
        'b',
        'd',
      ]);
    });

    it('pages a person again in a restarted run and in each reassignment, once each', async () => {
      const { knex, store } = await setup();
      const alice = 'user:default/alice';
      await knex.transaction(trx =>
        store.insertPages([page('a', alice)], at(1), trx),
      );
      // the same step of the escalation's second run, after the incident reopened
      const rerun = { run: 2, reassignment: 0 };
      const restarted = await knex.transaction(trx =>
        store.insertPages(
          [page('b', alice, 1, rerun), page('c', alice, 1, rerun)],
          at(2),
          trx,
        ),
      );
      expect(restarted.map(p => [p.id, p.run, p.reassignment])).toEqual([
        ['b', 2, 0],
      ]);

      // reassignments sit at level 0, round 0; each has its own number
      expect(
        await knex.transaction(trx => store.nextReassignment(1, trx)),
      ).toBe(1);
      const reassigned = (id: string, reassignment: number): NewPage => ({
        ...page(id, alice, 0, { run: 0, reassignment }),
        round: 0,
      });
      await knex.transaction(trx =>
        store.insertPages([reassigned('d', 1)], at(3), trx),
      );
      expect(
        await knex.transaction(trx => store.nextReassignment(1, trx)),
      ).toBe(2);
      // a retry of reassignment 1 is skipped; reassignment 2 pages her again
      const again = await knex.transaction(trx =>
        store.insertPages([reassigned('e', 1), reassigned('f', 2)], at(4), trx),
      );
      expect(again.map(p => p.id)).toEqual(['f']);
      expect(
        await store.findPage({
          incidentSeq: 1,
          run: 0,
          reassignment: 1,
          level: 0,
          round: 0,
          userRef: alice,
        }),
      ).toMatchObject({ id: 'd', level: 0, round: 0 });
      expect((await store.listPages(1)).map(p => p.id)).toEqual([
        'a',
        'b',
        'd',
        'f',
      ]);
    });

    it('finishes a pending page once, and acknowledges what is left', async () => {
      const { knex, store } = await setup();
      await knex.transaction(trx =>
        store.insertPages(
          [page('a', 'user:default/alice'), page('b', 'user:default/bob')],
          at(1),
          trx,
        ),
      );
      const sent = {
        status: 'sent' as const,
        channels: ['notifications'],
        at: at(2),
      };
      expect(await store.finishPage('a', sent)).toBe(true);
      expect(await store.finishPage('a', sent)).toBe(false);
      expect(
        await knex.transaction(trx => store.acknowledgePages(1, at(3), trx)),
      ).toBe(2);
      expect(await store.getPage('a')).toMatchObject({
        status: 'acknowledged',
        channels: ['notifications'],
        sentAt: at(2),
        acknowledgedAt: at(3),
      });
      // an acknowledged page is not sent afterwards
      expect(await store.finishPage('b', sent)).toBe(false);
      const [mine] = await store.listUserPages('user:default/bob', {
        limit: 10,
      });
      expect(mine).toMatchObject({
        id: 'b',
        incidentTitle: 'Checkout is down',
        incidentSeverity: 'SEV1',
        incidentStatus: 'triage',
      });
      expect(
        await store.listUserPages('user:default/bob', {
          limit: 10,
          statuses: ['sent'],
        }),
      ).toEqual([]);
    });

    it('finishes a batch of pages once each, grouped by outcome', async () => {
      const { knex, store } = await setup();
      await knex.transaction(trx =>
        store.insertPages(
          [
            page('a', 'user:default/alice'),
            page('b', 'user:default/bob'),
            page('c', 'user:default/carol'),
          ],
          at(1),
          trx,
        ),
      );
      await store.finishPage('c', {
        status: 'sent',
        channels: ['x'],
        at: at(2),
      });
      const finished = await store.finishPages(
        [
          { id: 'a', status: 'sent', channels: ['notifications'] },
          { id: 'b', status: 'failed', channels: [], error: 'nobody' },
          { id: 'c', status: 'sent', channels: ['notifications'] },
        ],
        at(3),
      );
      expect(finished.sort()).toEqual(['a', 'b']);
      expect(await store.getPage('a')).toMatchObject({
        status: 'sent',
        channels: ['notifications'],
        sentAt: at(3),
      });
      expect(await store.getPage('b')).toMatchObject({
        status: 'failed',
        sentAt: null,
        error: 'nobody',
      });
      // the page another replica finished first keeps its outcome
      expect(await store.getPage('c')).toMatchObject({
        channels: ['x'],
        sentAt: at(2),
      });
      expect(await store.finishPages([], at(4))).toEqual([]);
    });

    it('reads the latest blast radius of several incidents in one go', async () => {
      const { knex, store } = await setup();
      const radius = (total: number) => ({
        total,
        cutoff: false,
        systems: [],
        domains: [],
        owners: [],
        customerFacing: [],
      });
      const incidents = DatabaseIncidentsStore.create({ knex });
      await incidents.appendEventsToMany(
        [3, 5].map(total => ({
          seq: 1,
          event: {
            type: 'blast_radius',
            actor: 'service:test',
            at: at(total).toISOString(),
            data: radius(total),
          },
        })),
      );
      const radii = await store.latestBlastRadii([1, 2]);
      expect([...radii.keys()]).toEqual([1]);
      expect(radii.get(1)).toEqual(radius(5));
      expect(radii.get(1)).toEqual(await store.latestBlastRadius(1));
    });

    it('creates a shared secret once', async () => {
      const { store } = await setup();
      const first = await store.sharedSecret('ack-links', () => 'one');
      expect(await store.sharedSecret('ack-links', () => 'two')).toBe(first);
      expect(first).toBe('one');
    });
  });
});
