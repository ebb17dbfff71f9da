import fc from 'fast-check';
import request from 'supertest';
import { createTestDatabases } from '../__testUtils__/databases';
import {
  createIntegration,
  fixture,
  startAlertsBackend,
  testAlertsConfig,
} from './__testUtils__/backend';

jest.setTimeout(600_000);

const API = '/api/incidents';
const RUNS = 10_000;

const CHANGE = {
  routing_key: 'set per run',
  payload: {
    summary: 'Build Success: Increase snapshot create timeout to 30 seconds',
    timestamp: '2015-07-17T08:42:58.315+0000',
    source: 'prod-build-agent-i-0b148d1040d565540',
    custom_details: { build_state: 'passed', build_number: '220' },
  },
  links: [{ href: 'https://buildpipeline.com/builds/220', text: 'Build' }],
};

const GENERIC = {
  summary: 'Checkout error rate above 5%',
  dedupKey: 'checkout-errors',
  severity: 'critical',
  entityRef: 'component:default/checkout-service',
  labels: { service: 'checkout-service' },
};

/** Each route with the real payloads it takes. */
const TARGETS: Array<{ route: string; bases: unknown[] }> = [
  {
    route: '/alerts/alertmanager',
    bases: [
      'firing-capture.json',
      'resolved-capture.json',
      'two-alerts.json',
    ].map(fixture),
  },
  { route: '/alerts/grafana', bases: [fixture('grafana-doc-example.json')] },
  { route: '/alerts/generic', bases: [GENERIC] },
  {
    route: '/v2/enqueue',
    bases: [
      'pagerduty-trigger.json',
      'pagerduty-acknowledge.json',
      'pagerduty-resolve.json',
    ].map(fixture),
  },
  { route: '/v2/change/enqueue', bases: [CHANGE] },
];
const ALL_BASES = TARGETS.flatMap(t => t.bases);

/** Values that have broken parsers before: odd times, huge numbers, prototypes, NUL. */
const nasty = fc.constantFrom<unknown>(
  '0001-01-01T00:00:00Z',
  '+275760-09-13T00:00:00.000Z',
  '9999-12-31T23:59:59Z',
  '2019-13-45T99:99:99Z',
  '',
  ' ',
  '\u0000',
  'constructor',
  '__proto__',
  'component:default/checkout-service',
  'x'.repeat(300),
  1e308,
  -1,
  Number.MAX_SAFE_INTEGER,
  null,
  true,
  [],
  {},
  { __proto__: 'x' },
  [[[[[[[[[[[[]]]]]]]]]]]],
);

const value = fc.oneof(
  { weight: 3, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  { weight: 1, arbitrary: nasty },
);

/** Every path to an object or array inside a JSON value, the root included. */
function containers(root: unknown): Array<Array<string | number>> {
  const paths: Array<Array<string | number>> = [];
  const walk = (node: unknown, path: Array<string | number>) => {
    if (node === null || typeof node !== 'object') return;
    paths.push(path);
    for (const [key, child] of Object.entries(node)) {
      walk(child, [...path, Array.isArray(node) ? Number(key) : key]);
    }
  };
  walk(root, []);
  return paths;
}

interface Mutation {
  at: number;
  key: string;
  kind: 'set' | 'delete' | 'retype';
  value: unknown;
}

/** A fixture with fields set, removed or given another type, anywhere in it. */
function mutate(base: unknown, mutations: Mutation[]): unknown {
  const copy = structuredClone(base) as any;
  for (const mutation of mutations) {
    const paths = containers(copy);
    const path = paths[mutation.at % paths.length];
    const parent = path.reduce((node: any, step) => node?.[step], copy);
    // a generated "__proto__" key can hide a container from the walk; skip that mutation
    if (parent === null || typeof parent !== 'object') continue;
    const keys = Object.keys(parent);
    let key: string | number =
      keys.length > 0 && mutation.kind !== 'set'
        ? keys[mutation.at % keys.length]
        : mutation.key;
    // an array takes indices only ("length" would throw in the test, not in the backend)
    if (Array.isArray(parent)) key = mutation.at % (parent.length + 1);
    // generated values are shared between runs: insert copies, or a later mutation could
    // make the payload circular
    const inserted = structuredClone(mutation.value);
    if (mutation.kind === 'delete') {
      delete parent[key];
    } else if (mutation.kind === 'retype') {
      parent[key] = Array.isArray(parent[key])
        ? { ...parent[key] }
        : [parent[key], inserted];
    } else {
      parent[key] = inserted;
    }
  }
  return copy;
}

const mutation: fc.Arbitrary<Mutation> = fc.record({
  at: fc.nat(),
  key: fc.oneof(
    fc.constantFrom(
      'alerts',
      'labels',
      'annotations',
      'status',
      'startsAt',
      'endsAt',
      'fingerprint',
      'groupKey',
      'payload',
      'dedup_key',
      'event_action',
      'severity',
      'timestamp',
      'custom_details',
      'links',
      'summary',
      'entityRef',
      'values',
    ),
    fc.string({ maxLength: 8 }),
  ),
  kind: fc.constantFrom('set', 'delete', 'retype'),
  value,
});

describe('alert routes under generated payloads', () => {
  const databases = createTestDatabases();

  it(`never answer 5xx or crash, over ${RUNS} payloads (SQLite)`, async () => {
    const knex = await databases.init('SQLITE_3');
    // no rate limit here: the 429 path has its own test, and throttled events parse nothing
    const server = await startAlertsBackend(knex, {
      alerts: { ...testAlertsConfig, rateLimitPerMinute: 0 },
    });
    const { key } = await createIntegration(server, {
      entityRef: 'component:default/checkout-service',
    });

    /**
     * A route and a body: mostly one of the route's own payloads with a few mutations (none
     * at times, so real ingestion and deduplication run too), carrying the key; sometimes
     * another route's payload, random JSON, random text or deep nesting.
     */
    const target = fc.constantFrom(...TARGETS).chain(({ route, bases }) =>
      fc.tuple(
        fc.constant(route),
        fc.oneof(
          {
            weight: 8,
            arbitrary: fc
              .record({
                base: fc.oneof(
                  { weight: 5, arbitrary: fc.constantFrom(...bases) },
                  { weight: 1, arbitrary: fc.constantFrom(...ALL_BASES) },
                ),
                mutations: fc.array(mutation, { maxLength: 3 }),
                keyed: fc.boolean(),
              })
              .map(({ base, mutations, keyed }) => {
                const mutated = mutate(base, mutations) as any;
                if (keyed && mutated && typeof mutated === 'object') {
                  mutated.routing_key = key;
                }
                return JSON.stringify(mutated);
              }),
          },
          {
            weight: 2,
            arbitrary: fc
              .jsonValue({ maxDepth: 4 })
              .map(v => JSON.stringify(v)),
          },
          { weight: 1, arbitrary: fc.string({ maxLength: 200 }) },
          {
            // deep nesting, where recursive code (JSON.stringify among it) runs out of stack
            weight: 1,
            arbitrary: fc
              .record({
                depth: fc.integer({ min: 1000, max: 100_000 }),
                where: fc.nat(2),
              })
              .map(({ depth, where }) => {
                const deep = `${'['.repeat(depth)}${']'.repeat(depth)}`;
                if (where === 0) return deep;
                return where === 1
                  ? `{"routing_key":"${key}","event_action":"trigger","payload":{"summary":"s",` +
                      `"source":"h","severity":"info","custom_details":{"d":${deep}}}}`
                  : `{"summary":"s","dedupKey":"deep","labels":${deep}}`;
              }),
          },
        ),
      ),
    );

    const contentType = fc.constantFrom(
      'application/json',
      'application/json',
      'application/json; charset=utf-8',
      'application/vnd.api+json',
      'text/plain',
      'application/x-www-form-urlencoded',
    );

    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(
        target,
        contentType,
        fc.boolean(),
        async ([route, text], type, withKey) => {
          let call = request(server)
            .post(`${API}${route}`)
            .set('Content-Type', type);
          if (withKey || route.startsWith('/alerts/')) {
            call = call.set('Authorization', `Bearer ${key}`);
          }
          const res = await call.send(text);
          statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
          return res.status >= 200 && res.status < 500;
        },
      ),
      { numRuns: RUNS },
    );

    // the generator reached both the parsers' refusals and real ingestion
    expect(statuses.get(400)).toBeGreaterThan(RUNS / 10);
    expect((statuses.get(200) ?? 0) + (statuses.get(202) ?? 0)).toBeGreaterThan(
      RUNS / 10,
    );
    // and the backend still works
    await request(server).get(`${API}/health`).expect(200);
    await request(server)
      .post(`${API}/alerts/alertmanager`)
      .set('Authorization', `Bearer ${key}`)
      .send(fixture('firing-capture.json'))
      .expect(200);
  });
});
