import { GroupCommit } from './GroupCommit';

/** A transaction the test finishes by hand, so it decides what arrives while one runs. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>(resolve => {
    open = resolve;
  });
  return { opened, open };
}

describe('GroupCommit', () => {
  it('runs a lone job at once, and puts the jobs that arrive meanwhile into one batch', async () => {
    const first = gate();
    const batches: string[][] = [];
    const commits = new GroupCommit<string, string>({
      run: async jobs => {
        batches.push(jobs);
        return jobs.map(job => `${job} in ${jobs.length}`);
      },
      runAlone: async job => {
        batches.push([job]);
        if (job === 'a') await first.opened;
        return `${job} alone`;
      },
      canJoin: () => true,
      maxBatch: 10,
    });
    const a = commits.submit('a');
    const rest = ['b', 'c', 'd'].map(job => commits.submit(job));
    first.open();
    expect(await a).toBe('a alone');
    expect(await Promise.all(rest)).toEqual(['b in 3', 'c in 3', 'd in 3']);
    expect(batches).toEqual([['a'], ['b', 'c', 'd']]);
  });

  it('ends a batch before the first job that may not join it, keeping arrival order', async () => {
    const first = gate();
    const batches: string[][] = [];
    const commits = new GroupCommit<string, string>({
      run: async jobs => {
        batches.push(jobs);
        return jobs;
      },
      runAlone: async job => {
        batches.push([job]);
        if (job === 'x1') await first.opened;
        return job;
      },
      // jobs naming the same key may not share a transaction
      canJoin: (batch, job) => batch.every(other => other[0] !== job[0]),
      maxBatch: 2,
    });
    const all = ['x1', 'y1', 'z1', 'y2', 'x2', 'w1'].map(job =>
      commits.submit(job),
    );
    first.open();
    await Promise.all(all);
    expect(batches).toEqual([['x1'], ['y1', 'z1'], ['y2', 'x2'], ['w1']]);
  });

  it('runs the jobs of a failed batch one by one, each getting its own answer', async () => {
    const first = gate();
    const alone: string[] = [];
    const failures: number[] = [];
    const commits = new GroupCommit<string, string>({
      run: async () => {
        throw new Error('deliveries depend on each other');
      },
      runAlone: async job => {
        alone.push(job);
        if (job === 'first') await first.opened;
        if (job === 'bad') throw new Error('bad job');
        return `${job} ok`;
      },
      canJoin: () => true,
      maxBatch: 10,
      onBatchFailed: (_error, size) => failures.push(size),
    });
    const lone = commits.submit('first');
    const good = commits.submit('good');
    const bad = commits.submit('bad');
    first.open();
    await lone;
    expect(await good).toBe('good ok');
    await expect(bad).rejects.toThrow('bad job');
    expect(failures).toEqual([2]);
    expect(alone).toEqual(['first', 'good', 'bad']);
  });
});
