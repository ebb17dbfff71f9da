import { mockServices } from '@backstage/backend-test-utils';
import { Knex } from 'knex';
import { createTestDatabases } from '../__testUtils__/databases';
import { migrateDatabase } from '../database/migrateDatabase';
import { QueueWorker } from './QueueWorker';
import { WorkItem, WorkQueue } from './WorkQueue';

jest.setTimeout(60_000);

const databases = createTestDatabases();

describe.each(databases.eachSupportedId())('WorkQueue on %p', databaseId => {
  let knex: Knex;

  beforeAll(async () => {
    knex = await databases.init(databaseId);
    await migrateDatabase({ getClient: async () => knex });
  });

  beforeEach(async () => {
    await knex('work_items').delete();
  });

  const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

  it('schedules a key once however often it is enqueued', async () => {
    const queue = WorkQueue.create({ knex });
    const item = { kind: 'page', key: 'page:INC-1:0:0:alice', payload: {} };
    expect(
      await queue.enqueue([item, { ...item, key: 'page:INC-1:0:0:bob' }]),
    ).toBe(2);
    expect(await queue.enqueue([item])).toBe(0);
    const claimed = await queue.claim({
      kinds: ['page'],
      owner: 'a',
      limit: 10,
    });
    expect(claimed.map(i => i.key).sort()).toEqual([
      'page:INC-1:0:0:alice',
      'page:INC-1:0:0:bob',
    ]);
  });

  it('hands out only due items, oldest first, and never the same item to two owners', async () => {
    const queue = WorkQueue.create({ knex });
    const now = await queue.now();
    await queue.enqueue([
      { kind: 'k', key: 'later', payload: {}, delayMs: 60_000 },
      {
        kind: 'k',
        key: 'second',
        payload: { n: 2 },
        dueAt: new Date(now - 1000),
      },
      {
        kind: 'k',
        key: 'first',
        payload: { n: 1 },
        dueAt: new Date(now - 2000),
      },
      { kind: 'other', key: 'other', payload: {} },
    ]);
    const a = await queue.claim({ kinds: ['k'], owner: 'a', limit: 1 });
    const b = await queue.claim({ kinds: ['k'], owner: 'b', limit: 10 });
    expect(a.map(i => i.key)).toEqual(['first']);
    expect(a[0].payload).toEqual({ n: 1 });
    expect(a[0].attempts).toBe(1);
    expect(b.map(i => i.key)).toEqual(['second']);
    expect(await queue.claim({ kinds: ['k'], owner: 'c', limit: 10 })).toEqual(
      [],
    );
  });

  it('splits concurrent claims between owners without overlap', async () => {
    const queue = WorkQueue.create({ knex });
    await queue.enqueue(
      Array.from({ length: 60 }, (_, n) => ({
        kind: 'k',
        key: `item-${n}`,
        payload: {},
      })),
    );
    const claims = await Promise.all(
      ['a', 'b', 'c'].map(owner =>
        queue.claim({ kinds: ['k'], owner, limit: 25 }),
      ),
    );
    const keys = claims.flat().map(i => i.key);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys.length).toBe(60);
  });

  it('lets another owner take an item whose lease ran out', async () => {
    const queue = WorkQueue.create({ knex, leaseMs: 50 });
    await queue.enqueue([{ kind: 'k', key: 'x', payload: {} }]);
    const [first] = await queue.claim({
      kinds: ['k'],
      owner: 'dead',
      limit: 1,
    });
    await sleep(120);
    const [again] = await queue.claim({
      kinds: ['k'],
      owner: 'alive',
      limit: 1,
    });
    expect(again.key).toBe('x');
    expect(again.attempts).toBe(2);
    // the dead owner's late completion does not count; the live owner's does
    await queue.complete(first, 'dead');
    expect(await statusOf('x')).toBe('pending');
    await queue.complete(again, 'alive');
    expect(await statusOf('x')).toBe('done');
  });

  it('retries later, then gives up after the last attempt', async () => {
    const queue = WorkQueue.create({ knex, maxAttempts: 2 });
    await queue.enqueue([{ kind: 'k', key: 'x', payload: {} }]);
    let [item] = await queue.claim({ kinds: ['k'], owner: 'a', limit: 1 });
    await queue.retry(item, 'a', 'smtp down', 0);
    expect(await statusOf('x')).toBe('pending');
    [item] = await queue.claim({ kinds: ['k'], owner: 'a', limit: 1 });
    await queue.retry(item, 'a', 'smtp still down', 0);
    expect(await statusOf('x')).toBe('failed');
    const row = await knex('work_items').where({ key: 'x' }).first();
    expect(row.last_error).toBe('smtp still down');
  });

  it('cancels pending items by key prefix, taking LIKE wildcards literally', async () => {
    const queue = WorkQueue.create({ knex });
    await queue.enqueue([
      { kind: 'page', key: 'INC-1:0', payload: {} },
      { kind: 'page', key: 'INC-1:1', payload: {} },
      { kind: 'page', key: 'INC-10:0', payload: {} },
      { kind: 'page', key: 'INC_1:0', payload: {} },
    ]);
    expect(await queue.cancel('page', 'INC-1:')).toBe(2);
    const left = await queue.claim({ kinds: ['page'], owner: 'a', limit: 10 });
    expect(left.map(i => i.key).sort()).toEqual(['INC-10:0', 'INC_1:0']);
  });

  it('gives back leases on release so the work is due again at once', async () => {
    const queue = WorkQueue.create({ knex, leaseMs: 60_000 });
    await queue.enqueue([{ kind: 'k', key: 'x', payload: {} }]);
    await queue.claim({ kinds: ['k'], owner: 'leaving', limit: 1 });
    await queue.release('leaving');
    const [item] = await queue.claim({
      kinds: ['k'],
      owner: 'staying',
      limit: 1,
    });
    expect(item.key).toBe('x');
    expect(item.attempts).toBe(1);
  });

  it('says when the next item is due and purges old finished work', async () => {
    const queue = WorkQueue.create({ knex });
    expect(await queue.nextDueIn(['k'])).toBeNull();
    await queue.enqueue([
      { kind: 'k', key: 'x', payload: {}, delayMs: 30_000 },
    ]);
    const dueIn = (await queue.nextDueIn(['k']))!;
    expect(dueIn).toBeGreaterThan(0);
    expect(dueIn).toBeLessThanOrEqual(30_000);
    await queue.enqueue([{ kind: 'k', key: 'y', payload: {} }]);
    const [y] = await queue.claim({ kinds: ['k'], owner: 'a', limit: 1 });
    await queue.complete(y, 'a');
    expect(await queue.purgeFinished(60_000)).toBe(0);
    await sleep(20);
    expect(await queue.purgeFinished(1)).toBe(1);
  });

  it('runs handlers through the worker, retrying failures and releasing on stop', async () => {
    const queue = WorkQueue.create({ knex });
    const worker = new QueueWorker({
      queue,
      logger: mockServices.logger.mock(),
    });
    const seen: string[] = [];
    let failOnce = true;
    worker.handle('ok', async (item: WorkItem) => {
      seen.push(item.key);
    });
    worker.handle('flaky', async () => {
      if (failOnce) {
        failOnce = false;
        throw new Error('webhook answered 502');
      }
    });
    expect(() => worker.handle('ok', async () => {})).toThrow(/exists already/);
    await queue.enqueue([
      { kind: 'ok', key: 'a', payload: {} },
      { kind: 'ok', key: 'b', payload: {} },
      { kind: 'flaky', key: 'f', payload: {} },
      { kind: 'unhandled', key: 'u', payload: {} },
    ]);
    expect(await worker.runOnce()).toBe(3);
    expect(seen.sort()).toEqual(['a', 'b']);
    expect(await statusOf('f')).toBe('pending');
    expect(await statusOf('u')).toBe('pending');
    const row = await knex('work_items').where({ key: 'f' }).first();
    expect(row.last_error).toBe('webhook answered 502');
    await worker.stop();
  });

  it('runs a kind in batches: one call for every claimed item, failures retried alone', async () => {
    const queue = WorkQueue.create({ knex });
    const worker = new QueueWorker({
      queue,
      logger: mockServices.logger.mock(),
    });
    const batches: string[][] = [];
    worker.handleBatch('step', async items => {
      batches.push(items.map(item => item.key));
      const bad = items.find(item => item.key === 's2');
      return bad ? { failed: [{ item: bad, error: new Error('no') }] } : {};
    });
    worker.handle('single', async () => undefined);
    expect(() => worker.handle('step', async () => {})).toThrow(
      /exists already/,
    );
    const now = await queue.now();
    await queue.enqueue([
      { kind: 'step', key: 's1', payload: {}, dueAt: new Date(now - 3000) },
      { kind: 'step', key: 's2', payload: {}, dueAt: new Date(now - 2000) },
      { kind: 'step', key: 's3', payload: {}, dueAt: new Date(now - 1000) },
      { kind: 'single', key: 'x', payload: {} },
    ]);
    expect(await worker.runOnce()).toBe(4);
    // one batch, in due order
    expect(batches).toEqual([['s1', 's2', 's3']]);
    expect(await statusOf('s1')).toBe('done');
    expect(await statusOf('s3')).toBe('done');
    expect(await statusOf('x')).toBe('done');
    const failed = await knex('work_items').where({ key: 's2' }).first();
    expect([failed.status, failed.last_error]).toEqual(['pending', 'no']);
    await worker.stop();
  });

  it('claims a second batch beside the first while a full claim says more is due', async () => {
    const queue = WorkQueue.create({ knex });
    const worker = new QueueWorker({
      queue,
      logger: mockServices.logger.mock(),
      batchSize: 2,
    });
    let inFlight = 0;
    let most = 0;
    let secondStarted: () => void = () => undefined;
    const second = new Promise<void>(resolve => {
      secondStarted = resolve;
      setTimeout(resolve, 5000);
    });
    const seen: string[] = [];
    worker.handleBatch('step', async items => {
      inFlight += 1;
      most = Math.max(most, inFlight);
      seen.push(...items.map(item => item.key));
      if (seen.length === 2) await second;
      else secondStarted();
      inFlight -= 1;
    });
    await queue.enqueue(
      ['a', 'b', 'c', 'd', 'e'].map(key => ({
        kind: 'step',
        key,
        payload: {},
      })),
    );
    expect(await worker.runOnce()).toBe(5);
    expect(most).toBe(2);
    expect(seen.sort()).toEqual(['a', 'b', 'c', 'd', 'e']);
    await worker.stop();
  });

  it('settles pending items by key, but not one a worker holds', async () => {
    const queue = WorkQueue.create({ knex });
    await queue.enqueue([
      { kind: 'k', key: 'free', payload: {} },
      { kind: 'k', key: 'held', payload: {} },
      { kind: 'k', key: 'other', payload: {} },
      { kind: 'j', key: 'another-kind', payload: {} },
    ]);
    await knex('work_items')
      .where({ key: 'held' })
      .update({
        lease_owner: 'w',
        lease_expires_at: (await queue.now()) + 60_000,
      });
    expect(
      await queue.settle('k', ['free', 'held', 'another-kind', 'missing']),
    ).toBe(1);
    expect(await statusOf('free')).toBe('done');
    expect(await statusOf('held')).toBe('pending');
    expect(await statusOf('other')).toBe('pending');
    expect(await statusOf('another-kind')).toBe('pending');
  });

  it('completes a batch only where the owner still holds the lease', async () => {
    const queue = WorkQueue.create({ knex });
    await queue.enqueue([
      { kind: 'k', key: 'a', payload: {} },
      { kind: 'k', key: 'b', payload: {} },
    ]);
    const items = await queue.claim({ kinds: ['k'], owner: 'me', limit: 10 });
    await knex('work_items').where({ key: 'b' }).update({ lease_owner: 'you' });
    await queue.completeMany(items, 'me');
    expect(await statusOf('a')).toBe('done');
    expect(await statusOf('b')).toBe('pending');
  });

  it('says how far behind a kind is: due items and the oldest due time', async () => {
    const queue = WorkQueue.create({ knex });
    expect(await queue.backlog(['k'])).toMatchObject({
      due: 0,
      oldestDueAt: null,
    });
    const now = await queue.now();
    await queue.enqueue([
      { kind: 'k', key: 'old', payload: {}, dueAt: new Date(now - 5000) },
      { kind: 'k', key: 'new', payload: {}, dueAt: new Date(now - 1000) },
      { kind: 'k', key: 'later', payload: {}, dueAt: new Date(now + 60_000) },
      { kind: 'j', key: 'other', payload: {}, dueAt: new Date(now - 9000) },
    ]);
    const backlog = await queue.backlog(['k']);
    expect(backlog).toMatchObject({ due: 2, oldestDueAt: now - 5000 });
    expect(backlog.now).toBeGreaterThanOrEqual(now);
  });

  async function statusOf(key: string): Promise<string> {
    return (await knex('work_items').where({ key }).first()).status;
  }
});
