/*
 * Profiling hooks for bench/escalation, preloaded into every process of a run with
 *   LOOKOUT_PROFILE_DIR=/tmp/p NODE_OPTIONS="--require $PWD/bench/escalation/profileHooks.cjs"
 * They count and time every statement sent through `pg` (by its normalised text), time each
 * wait for a pool connection (tarn, which knex uses), and sample the event loop's delay and
 * the process's CPU time, then write one JSON file per process at exit. They patch library
 * prototypes only, so the same file profiles the engine at any commit (see profileReport.ts).
 */
const fs = require('node:fs');
const path = require('node:path');
const { monitorEventLoopDelay } = require('node:perf_hooks');

const dir = process.env.LOOKOUT_PROFILE_DIR;
if (dir) {
  const statements = new Map();
  const pool = { waits: 0, totalMs: 0, maxMs: 0, over10ms: 0 };
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  const started = Date.now();

  const normalise = sql =>
    String(sql)
      .replace(/\$\d+(\s*,\s*\$\d+)*/g, '$n')
      .replace(/\s+/g, ' ')
      .trim()
      .slice(0, 90);
  const record = (sql, ms) => {
    const key = normalise(sql);
    const entry = statements.get(key) ?? { count: 0, totalMs: 0 };
    entry.count += 1;
    entry.totalMs += ms;
    statements.set(key, entry);
  };

  try {
    const pg = require('pg');
    const query = pg.Client.prototype.query;
    pg.Client.prototype.query = function profiledQuery(config, values, cb) {
      const sql = typeof config === 'string' ? config : config?.text;
      const t = process.hrtime.bigint();
      const done = () => record(sql, Number(process.hrtime.bigint() - t) / 1e6);
      // knex passes a callback; other callers get a promise back
      if (typeof values === 'function' || typeof cb === 'function') {
        const callback = typeof values === 'function' ? values : cb;
        const wrapped = (...args) => {
          done();
          return callback(...args);
        };
        return typeof values === 'function'
          ? query.call(this, config, wrapped)
          : query.call(this, config, values, wrapped);
      }
      const result = query.call(this, config, values);
      if (result && typeof result.then === 'function') result.then(done, done);
      return result;
    };
  } catch {
    // no pg in this process
  }
  try {
    const tarn = require('tarn');
    const acquire = tarn.Pool.prototype.acquire;
    tarn.Pool.prototype.acquire = function profiledAcquire() {
      const pending = acquire.call(this);
      const t = process.hrtime.bigint();
      const done = () => {
        const ms = Number(process.hrtime.bigint() - t) / 1e6;
        pool.waits += 1;
        pool.totalMs += ms;
        pool.maxMs = Math.max(pool.maxMs, ms);
        if (ms > 10) pool.over10ms += 1;
      };
      pending.promise.then(done, done);
      return pending;
    };
  } catch {
    // no tarn in this process
  }

  process.on('exit', () => {
    const cpu = process.cpuUsage();
    const owner = process.env.LOOKOUT_E2E_OWNER ?? `main-${process.pid}`;
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(
      path.join(dir, `${owner}-${process.pid}.json`),
      JSON.stringify({
        owner,
        wallMs: Date.now() - started,
        cpuMs: Math.round((cpu.user + cpu.system) / 1000),
        eventLoopDelayMs: {
          p50: loop.percentile(50) / 1e6,
          p99: loop.percentile(99) / 1e6,
          max: loop.max / 1e6,
        },
        pool,
        statements: [...statements.entries()]
          .map(([sql, s]) => ({ sql, ...s }))
          .sort((a, b) => b.count - a.count),
      }),
    );
  });
}
