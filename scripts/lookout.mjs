#!/usr/bin/env node
/*
 * Lookout's two commands, `npm start` and `npm test`, on a machine that has only Node >= 20,
 * npm and git. Each run makes sure of, in order and only when missing or stale:
 *   1. Node 22, from the npm registry into .lookout/node when the system Node is not 22
 *      (native modules are then built against its headers);
 *   2. Yarn, from the release committed under .yarn/releases;
 *   3. dependencies, with `yarn install --immutable` when yarn.lock, a package.json or the
 *      Node version changed since the last install.
 * Then `start` runs the portal and `test` runs every check. Nothing here needs a network but
 * the npm registry.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const LOCAL = path.join(ROOT, '.lookout');
const NODE_MAJOR = 22;
const PG_URL =
  process.env.BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING ??
  'postgresql://postgres@127.0.0.1:5432';

const log = message => console.log(`\x1b[36m[lookout]\x1b[0m ${message}`);
const fail = message => {
  console.error(`\x1b[31m[lookout]\x1b[0m ${message}`);
  process.exit(1);
};

/** Node 22 and the folder with its headers, installing it project-locally when needed. */
function ensureNode() {
  const major = Number(process.versions.node.split('.')[0]);
  const systemPrefix = path.dirname(path.dirname(process.execPath));
  if (
    major === NODE_MAJOR &&
    fs.existsSync(path.join(systemPrefix, 'include', 'node', 'node.h'))
  ) {
    return { binDir: path.dirname(process.execPath), nodeDir: systemPrefix };
  }
  const pkg = `node-${process.platform}-${process.arch}`;
  const nodeDir = path.join(LOCAL, 'node', 'node_modules', pkg);
  const binary = path.join(nodeDir, 'bin', 'node');
  if (!fs.existsSync(binary)) {
    log(
      `Node ${process.versions.node} is not ${NODE_MAJOR}; installing ${pkg}@${NODE_MAJOR} ` +
        'from the npm registry into .lookout/node (once, about 30 MB)',
    );
    run('npm', [
      'install',
      '--prefix',
      path.join(LOCAL, 'node'),
      '--no-save',
      '--no-package-lock',
      '--no-audit',
      '--no-fund',
      `${pkg}@${NODE_MAJOR}`,
    ]);
  }
  return { binDir: path.dirname(binary), nodeDir };
}

/** A `yarn` on PATH that runs the committed release with our Node. */
function ensureYarn(node) {
  const releases = path.join(ROOT, '.yarn', 'releases');
  const release = fs.readdirSync(releases).find(f => f.endsWith('.cjs'));
  if (!release) fail('No Yarn release under .yarn/releases');
  const binDir = path.join(LOCAL, 'bin');
  const shim = path.join(binDir, 'yarn');
  const script = `#!/bin/sh\nexec "${path.join(
    node.binDir,
    'node',
  )}" "${path.join(releases, release)}" "$@"\n`;
  fs.mkdirSync(binDir, { recursive: true });
  if (!fs.existsSync(shim) || fs.readFileSync(shim, 'utf8') !== script) {
    fs.writeFileSync(shim, script, { mode: 0o755 });
  }
  return binDir;
}

function environment(node, yarnBinDir) {
  return {
    ...process.env,
    PATH: [yarnBinDir, node.binDir, process.env.PATH].join(path.delimiter),
    // node-gyp must build native modules (better-sqlite3) against the Node that runs them,
    // whatever the user's npmrc says.
    npm_config_nodedir: node.nodeDir,
    YARN_ENABLE_TELEMETRY: '0',
  };
}

/** Installs dependencies unless the last install saw the same lockfile, manifests and Node. */
function ensureDependencies(env) {
  const manifests = ['package.json', 'yarn.lock'];
  for (const dir of ['packages', 'plugins']) {
    for (const name of fs.readdirSync(path.join(ROOT, dir))) {
      const manifest = path.join(dir, name, 'package.json');
      if (fs.existsSync(path.join(ROOT, manifest))) manifests.push(manifest);
    }
  }
  const hash = createHash('sha256');
  hash.update(spawnSync('node', ['--version'], { env }).stdout);
  for (const file of manifests.sort()) {
    hash.update(file).update(fs.readFileSync(path.join(ROOT, file)));
  }
  const digest = hash.digest('hex');
  const stamp = path.join(LOCAL, 'install.stamp');
  const installed =
    fs.existsSync(path.join(ROOT, 'node_modules', '.yarn-state.yml')) &&
    fs.existsSync(stamp) &&
    fs.readFileSync(stamp, 'utf8') === digest;
  if (installed) {
    log('Dependencies are up to date');
    return;
  }
  log(
    'Installing dependencies (yarn install --immutable; a few minutes the first time)',
  );
  run('yarn', ['install', '--immutable'], { env });
  fs.writeFileSync(stamp, digest);
}

function run(command, args, options = {}) {
  const result = spawnSync(command, args, {
    cwd: ROOT,
    stdio: 'inherit',
    ...options,
  });
  if (result.status !== 0) {
    fail(
      `${command} ${args.join(' ')} failed (exit ${
        result.status ?? result.signal
      })`,
    );
  }
}

/** Runs a step, timing it; returns whether it passed so the test command can go on. */
function step(name, command, args, env) {
  log(`▶ ${name}`);
  const started = Date.now();
  const result = spawnSync(command, args, { cwd: ROOT, stdio: 'inherit', env });
  const seconds = ((Date.now() - started) / 1000).toFixed(0);
  const ok = result.status === 0;
  log(`${ok ? '✔' : '✘'} ${name} (${seconds}s)`);
  return ok;
}

function postgresReachable() {
  const url = new URL(PG_URL);
  return new Promise(resolve => {
    const socket = net.connect(Number(url.port || 5432), url.hostname);
    socket.setTimeout(2000);
    socket.once('connect', () => {
      socket.end();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
  });
}

/** Reads Jest's JSON report and counts the tests that ran on each database. */
function summarizeJest(reportFile) {
  const report = JSON.parse(fs.readFileSync(reportFile, 'utf8'));
  const byDatabase = { SQLITE_3: 0, POSTGRES_15: 0 };
  for (const suite of report.testResults) {
    for (const test of suite.assertionResults) {
      for (const id of Object.keys(byDatabase)) {
        if (test.status === 'passed' && test.fullName.includes(id)) {
          byDatabase[id] += 1;
        }
      }
    }
  }
  return {
    passed: report.numPassedTests,
    failed: report.numFailedTests,
    skipped: report.numPendingTests,
    byDatabase,
  };
}

function summarizePlaywright(reportFile) {
  if (!fs.existsSync(reportFile)) return { passed: 0, failed: 1, skipped: 0 };
  const { stats } = JSON.parse(fs.readFileSync(reportFile, 'utf8'));
  return {
    passed: stats.expected + stats.flaky,
    failed: stats.unexpected,
    skipped: stats.skipped,
  };
}

async function start(env) {
  const dataDir = path.join(LOCAL, 'data');
  fs.mkdirSync(dataDir, { recursive: true });
  log(
    'Starting the portal: frontend http://localhost:3000, backend http://localhost:7007 ' +
      `(SQLite under ${path.relative(
        ROOT,
        dataDir,
      )}; the first build takes a minute or two)`,
  );
  const child = spawn('yarn', ['dev'], {
    cwd: ROOT,
    stdio: 'inherit',
    env: { ...env, LOOKOUT_DATA_DIR: dataDir },
  });
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.on(signal, () => child.kill(signal));
  }
  child.on('exit', code => process.exit(code ?? 0));
}

async function test(env) {
  const reports = path.join(LOCAL, 'reports');
  fs.rmSync(reports, { recursive: true, force: true });
  fs.mkdirSync(reports, { recursive: true });

  const requirePostgres = Boolean(process.env.CI);
  if (!(await postgresReachable())) {
    const message = `PostgreSQL is not reachable at ${PG_URL}`;
    if (requirePostgres) fail(`${message}; CI runs every store test on it`);
    log(
      `${message}: store tests run on SQLite only. Start PostgreSQL 15 to run them on both.`,
    );
  }
  const testEnv = {
    ...env,
    BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING: PG_URL,
    // no Docker here: TestDatabases must use the connection string above or skip
    BACKSTAGE_TEST_DISABLE_DOCKER: '1',
  };

  const results = {
    typecheck: step('Type check (tsc)', 'yarn', ['tsc'], testEnv),
    lint: step('Lint (eslint)', 'yarn', ['lint'], testEnv),
    format: step(
      'Formatting (prettier --check)',
      'yarn',
      ['prettier:check'],
      testEnv,
    ),
  };

  const jestReport = path.join(reports, 'jest.json');
  results.unit = step(
    'Unit, store and route tests (jest)',
    'yarn',
    ['test:unit', '--watchAll=false', '--json', `--outputFile=${jestReport}`],
    testEnv,
  );
  const jest = fs.existsSync(jestReport)
    ? summarizeJest(jestReport)
    : { passed: 0, failed: 1, skipped: 0, byDatabase: {} };

  const e2eReport = path.join(reports, 'playwright.json');
  results.browser = step(
    'Browser tests (Playwright on Chromium against a fresh portal)',
    'yarn',
    ['test:e2e'],
    { ...testEnv, PLAYWRIGHT_JSON_OUTPUT_NAME: e2eReport },
  );
  const e2e = summarizePlaywright(e2eReport);

  console.log('');
  log('Summary');
  for (const [name, ok] of Object.entries(results)) {
    console.log(`  ${ok ? '✔' : '✘'} ${name}`);
  }
  console.log(
    `  jest: ${jest.passed} passed, ${jest.failed} failed, ${jest.skipped} skipped; ` +
      `on SQLite ${jest.byDatabase.SQLITE_3 ?? 0}, on PostgreSQL ${
        jest.byDatabase.POSTGRES_15 ?? 0
      }`,
  );
  console.log(`  browser: ${e2e.passed} passed, ${e2e.failed} failed`);
  const checksFailed = Object.values(results).filter(ok => !ok).length;
  const staticFailed = ['typecheck', 'lint', 'format'].filter(
    k => !results[k],
  ).length;
  // the plain closing line CI reads: tests, plus each static check that failed
  console.log(
    `${jest.passed + e2e.passed} passed, ${
      jest.failed + e2e.failed + staticFailed
    } failed`,
  );
  process.exit(checksFailed === 0 ? 0 : 1);
}

async function bench(env, name) {
  const dir = path.join(ROOT, 'bench', name ?? '');
  if (!name || !fs.existsSync(path.join(dir, 'index.ts'))) {
    // a bench is a folder with an index.ts; bench/lib holds what benches share
    const available = fs.existsSync(path.join(ROOT, 'bench'))
      ? fs
          .readdirSync(path.join(ROOT, 'bench'))
          .filter(entry =>
            fs.existsSync(path.join(ROOT, 'bench', entry, 'index.ts')),
          )
      : [];
    fail(
      `Usage: npm run bench -- NAME; available: ${
        available.join(', ') || 'none yet'
      }`,
    );
  }
  // benchmarks are TypeScript over the plugins' own sources, run with Backstage's transform
  run(
    'node',
    [
      '--require',
      '@backstage/cli/config/nodeTransform.cjs',
      path.join(dir, 'index.ts'),
    ],
    { env },
  );
}

/**
 * `npm run import -- pagerduty|opsgenie --dry-run|--apply [--api-url URL]`: the importer's
 * command, which talks to a running backend; its last line of output is its JSON summary, so
 * its exit code is passed on without a line of ours after it.
 */
function importCommand(env, args) {
  const result = spawnSync(
    'node',
    [
      '--require',
      '@backstage/cli/config/nodeTransform.cjs',
      path.join(ROOT, 'plugins/incidents-backend/src/import/cli/main.ts'),
      ...args,
    ],
    { cwd: ROOT, stdio: 'inherit', env },
  );
  process.exitCode = result.status ?? 1;
}

async function main() {
  const [command, ...rest] = process.argv.slice(2);
  if (!['start', 'test', 'bench', 'import'].includes(command)) {
    fail('Usage: node scripts/lookout.mjs start|test|bench NAME|import VENDOR');
  }
  fs.mkdirSync(LOCAL, { recursive: true });
  const node = ensureNode();
  const env = environment(node, ensureYarn(node));
  log(
    `Node ${spawnSync('node', ['--version'], { env })
      .stdout.toString()
      .trim()} on ${os.platform()}`,
  );
  ensureDependencies(env);
  if (command === 'start') await start(env);
  if (command === 'test') await test(env);
  if (command === 'bench') await bench(env, rest[0]);
  if (command === 'import') importCommand(env, rest);
}

main();
