/*
 * bench/blast-radius: the catalog-graph engine on a synthetic catalog of 50,000 entities.
 *
 * Generates a deterministic catalog (domains, systems, components, APIs and shared resources,
 * power-law fan-in, about 300,000 relations), serves it from an in-memory catalog through the
 * methods the plugin calls, and measures in one run:
 *   - cold load: the graph's CatalogMirror paging the catalog with the fields filter;
 *   - the index's memory: heap plus typed-array buffers retained (graph and mirror), after GC;
 *   - a refresh that finds nothing changed, one after 100 changed, 50 added and 50 removed
 *     entities (checked against a full load), and an on-demand load of one new entity;
 *   - warm blast radius over 1,000 random roots (default depth 6, limit 1000, whole answer
 *     with paths), beside (a) the per-level `POST /entities/by-refs` walk Backstage's catalog
 *     graph does, through CatalogClient over loopback HTTP against the real catalog: the
 *     @backstage/plugin-catalog-backend router and SQL on PostgreSQL behind the default HTTP
 *     stack, holding the same entities (see realCatalog), and (b) a bare typed-array BFS,
 *     the floor.
 * Targets: p95 <= 10 ms, >= 100x faster than (a), within 3x of (b), index <= 150 MB, cold
 * load <= 20 s.
 *
 * Then the same comparison as a user gets it (overHttp): GET /api/incidents/blast-radius over
 * HTTP through a whole backend (Lookout, the real catalog and the real permission backend,
 * permission.enabled) under two policies, an unconditional allow and ownership conditions,
 * on 20 roots impacting 100 to 5,000 entities (depth 20, limit 100,000) and on the hub, beside
 * the by-refs walk at depth 20 with the same user token. Targets: p95 <= 50 ms and >= 50x the
 * walk; the hub with limit=1000 <= 300 ms; bytes per returned entry within 2x across answers.
 *
 * Ends with one JSON line of the figures, with the load average at the start and the end (the
 * machine may be shared). LOOKOUT_BENCH_PART=http runs only the HTTP part.
 *
 * Run: npm run bench -- blast-radius (needs the PostgreSQL server of bench/lib/postgres)
 */
import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import {
  BLAST_RADIUS_LIMITS,
  collectBlastRadius,
  describeBlastRadius,
} from '../../plugins/incidents-backend/src/graph/describeBlastRadius';
import { CatalogGraph } from '../../plugins/incidents-backend/src/graph/CatalogGraph';
import { CatalogMirror } from '../../plugins/incidents-backend/src/graph/CatalogMirror';
import { GraphBuilder } from '../../plugins/incidents-backend/src/graph/GraphBuilder';
import { walkBlastRadius } from '../../plugins/incidents-backend/src/graph/walkBlastRadius';
import { mockCredentials } from '@backstage/backend-test-utils';
import { CatalogClient } from '@backstage/catalog-client';
import { bareBfs, byRefsWalk } from './baselines';
import { InMemoryCatalog } from './InMemoryCatalog';
import { measureOverHttp } from './overHttp';
import { startRealCatalog } from './realCatalog';
import { percentile, random } from '../lib/stats';
import { syntheticCatalog } from './syntheticCatalog';

const ROOTS = 1_000;
/** Baseline (a) takes a network round trip per level: the first roots of the same list. */
const BY_REFS_ROOTS = 200;
const REPEATS = 3;
const WARMUP = 200;
const MAX_DEPTH = BLAST_RADIUS_LIMITS.defaultMaxDepth;
const LIMIT = BLAST_RADIUS_LIMITS.defaultLimit;
const TARGETS = {
  p95Ms: 10,
  speedupVsByRefs: 100,
  ratioToFloor: 3,
  indexMB: 150,
  coldLoadMs: 20_000,
};

const credentials = {
  $$type: '@backstage/BackstageCredentials',
  principal: { type: 'service', subject: 'plugin:incidents' },
} as BackstageCredentials;

const round = (n: number, digits = 3) =>
  Math.round(n * 10 ** digits) / 10 ** digits;

function summarize(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    p50: round(percentile(sorted, 50)),
    p95: round(percentile(sorted, 95)),
    p99: round(percentile(sorted, 99)),
    max: round(sorted[sorted.length - 1]),
  };
}

const mean = (values: number[]) =>
  Math.round(values.reduce((a, b) => a + b, 0) / values.length);

function retainedBytes() {
  (global as any).gc();
  (global as any).gc();
  const { heapUsed, arrayBuffers } = process.memoryUsage();
  return { heapUsed, arrayBuffers };
}

/** Both graphs hold the same entities and the same edges, whatever their node ids. */
function sameEdges(a: CatalogGraph, b: CatalogGraph): boolean {
  const describe = (g: CatalogGraph) => {
    const items: string[] = [];
    for (let id = 0; id < g.size; id++) {
      if (g.inCatalog(id)) items.push(`${g.refOf(id)} ${g.kindOf(id)}`);
      for (let edge = 0; edge < 5; edge++) {
        for (const target of g.targets(id, edge)) {
          items.push(`${g.refOf(id)} ${edge} ${g.refOf(target)}`);
        }
      }
    }
    return items.sort();
  };
  const x = describe(a);
  const y = describe(b);
  return x.length === y.length && x.every((item, i) => item === y[i]);
}

const mb = (bytes: number) => round(bytes / 1024 / 1024, 1);
const verdict = (met: boolean) => (met ? 'met' : 'MISSED');

/** The most depended-on resource of the synthetic catalog (power-law fan-in). */
const HUB = 'resource:default/resource-0';

const loadAverage = () => os.loadavg().map(n => round(n, 2));

async function main() {
  const loadAtStart = loadAverage();
  console.log(`Load average at start: ${loadAtStart.join(', ')}`);
  if (process.env.LOOKOUT_BENCH_PART === 'http') {
    const synthetic = syntheticCatalog(42);
    const mirror = new CatalogMirror();
    await mirror.load(new InMemoryCatalog(synthetic.entities), credentials);
    const overHttp = await measureOverHttp({
      entities: synthetic.entities,
      graph: mirror.build(),
      hub: HUB,
      rand: random(11),
      log: line => console.log(line),
    });
    const loadAtEnd = loadAverage();
    console.log(`Load average at end: ${loadAtEnd.join(', ')}`);
    console.log(
      JSON.stringify({
        bench: 'blast-radius',
        part: 'http',
        entities: synthetic.entities.length,
        overHttp,
        loadAverage: { start: loadAtStart, end: loadAtEnd },
      }),
    );
    return;
  }
  console.log('Generating a synthetic catalog…');
  const synthetic = syntheticCatalog(42);
  const catalog = new InMemoryCatalog(synthetic.entities);
  const entries = synthetic.entities.reduce(
    (n, e) => n + (e.relations?.length ?? 0),
    0,
  );
  console.log(
    `  ${synthetic.entities.length.toLocaleString()} entities, ` +
      `${synthetic.relations.toLocaleString()} relations ` +
      `(${entries.toLocaleString()} relation entries, both sides)`,
  );

  // cold load, and what the index keeps after GC: the graph and the mirror it is built from
  const before = retainedBytes();
  const coldStart = performance.now();
  const mirror = new CatalogMirror();
  await mirror.load(catalog, credentials);
  const graph = mirror.build();
  const coldLoadMs = performance.now() - coldStart;
  const pages = catalog.requests;
  walkBlastRadius(graph, 0, { direction: 'downstream', maxDepth: 1 }); // allocates walk buffers
  const after = retainedBytes();
  const heapBytes = after.heapUsed - before.heapUsed;
  const bufferBytes = after.arrayBuffers - before.arrayBuffers;
  const indexMB = mb(heapBytes + bufferBytes);
  console.log(
    `cold load        ${(coldLoadMs / 1000).toFixed(
      2,
    )} s in ${pages} requests; ` +
      `${graph.entityCount.toLocaleString()} entities, ${graph.edgeCount.toLocaleString()} edges | ` +
      `target <= ${TARGETS.coldLoadMs / 1000} s: ${verdict(
        coldLoadMs <= TARGETS.coldLoadMs,
      )}`,
  );
  console.log(
    `index memory     ${indexMB} MB (heap ${mb(
      heapBytes,
    )} MB + typed arrays ${mb(
      bufferBytes,
    )} MB; graph and the mirror of the catalog ` +
      `it is built from) | target <= ${TARGETS.indexMB} MB: ${verdict(
        indexMB <= TARGETS.indexMB,
      )}`,
  );

  // a refresh that finds nothing changed: one listing of etags, no entity read, no rebuild
  let requests = catalog.requests;
  let started = performance.now();
  const unchangedRefresh = await mirror.refresh(catalog, credentials);
  const refreshUnchangedMs = performance.now() - started;
  const refreshUnchangedRequests = catalog.requests - requests;

  // a refresh after 100 entities changed (50 new dependencies, both sides), 50 were added
  // and 50 removed: it reads only those, and the graph it builds equals a full load's
  const changedRefs = synthetic.refs.slice(-200, -100);
  for (let i = 0; i < changedRefs.length; i += 2) {
    const [from, to] = [changedRefs[i], changedRefs[i + 1]];
    const a = catalog.get(from)!;
    const b = catalog.get(to)!;
    catalog.add({
      ...a,
      relations: [...(a.relations ?? []), { type: 'dependsOn', targetRef: to }],
    });
    catalog.add({
      ...b,
      relations: [
        ...(b.relations ?? []),
        { type: 'dependencyOf', targetRef: from },
      ],
    });
  }
  for (const ref of synthetic.refs.slice(-50)) catalog.remove(ref);
  for (let i = 0; i < 50; i++) {
    catalog.add({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: { name: `added-${i}`, namespace: 'default' },
      spec: { type: 'service' },
      relations: [{ type: 'consumesApi', targetRef: 'api:default/api-0' }],
    });
  }
  requests = catalog.requests;
  started = performance.now();
  const changes = await mirror.refresh(catalog, credentials);
  const refreshed = mirror.build();
  const refreshChangedMs = performance.now() - started;
  const refreshChangedRequests = catalog.requests - requests;
  const full = new CatalogMirror();
  await full.load(catalog, credentials);
  const refreshMatchesFullLoad = sameEdges(refreshed, full.build());
  console.log(
    `refresh          ${round(refreshUnchangedMs, 0)} ms in ` +
      `${refreshUnchangedRequests} requests when nothing changed (${JSON.stringify(
        unchangedRefresh,
      )}); ` +
      `${round(
        refreshChangedMs,
        0,
      )} ms in ${refreshChangedRequests} requests after ` +
      `${JSON.stringify(
        changes,
      )}, graph equal to a full load: ${refreshMatchesFullLoad}`,
  );

  catalog.add({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'brand-new', namespace: 'default' },
    spec: { type: 'service' },
    relations: [
      { type: 'consumesApi', targetRef: 'api:default/api-0' },
      { type: 'partOf', targetRef: 'system:default/system-0' },
    ],
  });
  const mergeStart = performance.now();
  const found = await mirror.read(
    catalog,
    ['component:default/brand-new'],
    credentials,
  );
  const builder = GraphBuilder.from(refreshed);
  for (const entity of found) builder.addEntity(entity);
  builder.build();
  const onDemandMergeMs = performance.now() - mergeStart;
  console.log(
    `on-demand load of one new entity ${round(onDemandMergeMs, 1)} ms`,
  );

  // the same random roots for every method
  const rand = random(7);
  const roots = Array.from(
    { length: ROOTS },
    () => synthetic.refs[Math.floor(rand() * synthetic.refs.length)],
  );
  const options = {
    direction: 'downstream' as const,
    maxDepth: MAX_DEPTH,
    limit: LIMIT,
  };
  const answer = (ref: string) =>
    describeBlastRadius(
      collectBlastRadius(graph, graph.idOf(ref)!, options),
      () => true,
    );
  const visited = new Int32Array(graph.size);
  const queue = new Int32Array(graph.size);
  let stamp = 0;
  const floor = (ref: string) =>
    bareBfs(graph, visited, queue, ++stamp, graph.idOf(ref)!, MAX_DEPTH);

  /**
   * Each method walks from every root in its own pass, after its own warm-up and a full GC,
   * so none pays for garbage another left behind. It goes over all the roots REPEATS times
   * and keeps each root's best time: on a shared machine a walk of 50 microseconds is easily
   * preempted for milliseconds, which would measure the machine, not the method. Every
   * method is measured the same way, and the mean over every run (preemption and GC
   * included) is printed beside it.
   */
  async function pass(
    walk: (ref: string) => number | Promise<number>,
    warmup: number,
    from: string[] = roots,
  ) {
    for (let i = 0; i < warmup; i++) {
      await walk(synthetic.refs[Math.floor(rand() * synthetic.refs.length)]);
    }
    (global as any).gc();
    const times = from.map(() => Infinity);
    const counts: number[] = [];
    let total = 0;
    for (let repeat = 0; repeat < REPEATS; repeat++) {
      for (let i = 0; i < from.length; i++) {
        const t = performance.now();
        const count = await walk(from[i]);
        const elapsed = performance.now() - t;
        total += elapsed;
        times[i] = Math.min(times[i], elapsed);
        if (repeat === 0) counts.push(count);
      }
    }
    return {
      times,
      counts,
      meanMs: round(total / (REPEATS * from.length), 4),
    };
  }

  console.log(
    `Walking from ${ROOTS.toLocaleString()} random roots, best of ${REPEATS} per root…`,
  );
  const engine = await pass(ref => answer(ref).total, WARMUP);
  const walkOnly = await pass(
    ref => walkBlastRadius(graph, graph.idOf(ref)!, options).reached.length,
    WARMUP,
  );
  const bare = await pass(floor, WARMUP);
  console.log(
    'Starting the real catalog on PostgreSQL for (a) and inserting the entities…',
  );
  const realCatalog = await startRealCatalog(synthetic.entities);
  console.log(
    `  ${synthetic.entities.length.toLocaleString()} entities inserted in ${(
      realCatalog.insertMs / 1000
    ).toFixed(1)} s`,
  );
  let catalogRequests = 0;
  const catalogClient = new CatalogClient({
    discoveryApi: { getBaseUrl: async () => realCatalog.baseUrl },
    fetchApi: {
      fetch: (input, init) => {
        catalogRequests++;
        return fetch(input, init);
      },
    },
  });
  // catalog-graph's requests carry the signed-in user's token; the catalog checks it
  const asUser = { token: mockCredentials.user.token() };
  const byRefsRoots = roots.slice(0, BY_REFS_ROOTS);
  let byRefs: Awaited<ReturnType<typeof pass>>;
  let byRefsRequests: number;
  try {
    const {
      items: [first],
    } = await catalogClient.getEntitiesByRefs(
      { entityRefs: [synthetic.refs[0]] },
      asUser,
    );
    if (first?.relations?.length !== synthetic.entities[0].relations?.length) {
      throw new Error(
        `The real catalog answered ${synthetic.refs[0]} without its relations`,
      );
    }
    // warm the catalog's queries and pool, the client and its sockets, at every depth:
    // walks from roots of the list that (a) is not measured on
    for (const ref of roots.slice(-20)) {
      await byRefsWalk(catalogClient, ref, MAX_DEPTH, asUser);
    }
    const requestsBefore = catalogRequests;
    byRefs = await pass(
      async ref =>
        (
          await byRefsWalk(catalogClient, ref, MAX_DEPTH, asUser)
        ).reached.length,
      0,
      byRefsRoots,
    );
    byRefsRequests = round(
      (catalogRequests - requestsBefore) / BY_REFS_ROOTS / REPEATS,
      1,
    );
  } finally {
    await realCatalog.stop();
  }
  // (a) against the engine's answers from the same roots
  const sameRoots = summarize(engine.times.slice(0, BY_REFS_ROOTS));
  const a = summarize(engine.times);
  const w = summarize(walkOnly.times);
  const b = summarize(bare.times);
  const c = summarize(byRefs.times);
  const speedup = round(c.p95 / sameRoots.p95, 1);
  const answerToFloor = round(a.p95 / b.p95, 2);
  const walkToFloor = round(w.p95 / b.p95, 2);
  const met = {
    p95: a.p95 <= TARGETS.p95Ms,
    speedupVsByRefs: speedup >= TARGETS.speedupVsByRefs,
    walkWithinFloor: walkToFloor <= TARGETS.ratioToFloor,
    answerWithinFloor: answerToFloor <= TARGETS.ratioToFloor,
    indexMemory: indexMB <= TARGETS.indexMB,
    coldLoad: coldLoadMs <= TARGETS.coldLoadMs,
  };
  const line = (name: string, s: ReturnType<typeof summarize>, n: number[]) =>
    `${name.padEnd(16)} p50 ${s.p50} ms, p95 ${s.p95} ms, p99 ${s.p99} ms, ` +
    `max ${s.max} ms; reached ${mean(n).toLocaleString()} on average`;
  console.log(
    `mean over every run (GC and preemption included): answer ${engine.meanMs} ms, ` +
      `walk ${walkOnly.meanMs} ms, (a) ${byRefs.meanMs} ms, (b) ${bare.meanMs} ms`,
  );
  console.log(line('engine answer', a, engine.counts));
  console.log(line('engine walk', w, walkOnly.counts));
  console.log(line('(a) by-refs', c, byRefs.counts));
  console.log(line('(b) bare BFS', b, bare.counts));
  console.log(
    `answer p95       ${a.p95} ms | target <= ${TARGETS.p95Ms} ms: ${verdict(
      met.p95,
    )}`,
  );
  console.log(
    `(a) is the per-level POST /entities/by-refs walk through CatalogClient over loopback ` +
      `HTTP against the real catalog (${realCatalog.description}; full entities with ` +
      `relations), over the first ${BY_REFS_ROOTS} roots`,
  );
  console.log(
    `answer vs (a)    ${speedup}x faster at p95, ${round(
      c.p50 / sameRoots.p50,
      1,
    )}x at p50 (same ${BY_REFS_ROOTS} roots); ` +
      `(a) made ${byRefsRequests} catalog requests a root | ` +
      `target >= ${TARGETS.speedupVsByRefs}x: ${verdict(met.speedupVsByRefs)}`,
  );
  console.log(
    `walk vs (b)      ${walkToFloor}x the floor at p95 (distances, shortest paths, ` +
      `rollup rule, cutoff) | target <= ${TARGETS.ratioToFloor}x: ${verdict(
        met.walkWithinFloor,
      )}`,
  );
  console.log(
    `answer vs (b)    ${answerToFloor}x the floor at p95 (plus up to ${LIMIT} JSON entries ` +
      `and their predecessors) | target <= ${TARGETS.ratioToFloor}x: ${verdict(
        met.answerWithinFloor,
      )}`,
  );

  const overHttp = await measureOverHttp({
    entities: synthetic.entities,
    graph,
    hub: HUB,
    rand: random(11),
    log: text => console.log(text),
  });
  const loadAtEnd = loadAverage();

  console.log(`Load average at end: ${loadAtEnd.join(', ')}`);
  console.log(
    JSON.stringify({
      bench: 'blast-radius',
      entities: synthetic.entities.length,
      relations: synthetic.relations,
      relationEntries: entries,
      graphEdges: graph.edgeCount,
      coldLoadMs: Math.round(coldLoadMs),
      loadRequests: pages,
      indexMB,
      indexHeapMB: mb(heapBytes),
      indexTypedArraysMB: mb(bufferBytes),
      refreshUnchangedMs: Math.round(refreshUnchangedMs),
      refreshUnchangedRequests,
      refreshChanged: changes,
      refreshChangedMs: Math.round(refreshChangedMs),
      refreshChangedRequests,
      refreshMatchesFullLoad,
      onDemandMergeMs: round(onDemandMergeMs, 1),
      roots: ROOTS,
      maxDepth: MAX_DEPTH,
      limit: LIMIT,
      repeatsPerRoot: REPEATS,
      engineMs: a,
      engineWalkOnlyMs: w,
      meanMsAllRuns: {
        engine: engine.meanMs,
        engineWalkOnly: walkOnly.meanMs,
        byRefs: byRefs.meanMs,
        bareBfs: bare.meanMs,
      },
      byRefsMs: c,
      byRefsRoots: BY_REFS_ROOTS,
      byRefsBaseline: `POST /entities/by-refs per level via CatalogClient, loopback HTTP, ${realCatalog.description}, full entities`,
      byRefsCatalogInsertMs: Math.round(realCatalog.insertMs),
      engineMsSameRootsAsByRefs: sameRoots,
      bareBfsMs: b,
      meanReached: {
        engine: mean(engine.counts),
        byRefs: mean(byRefs.counts),
        bareBfs: mean(bare.counts),
      },
      byRefsRequestsPerRoot: byRefsRequests,
      speedupVsByRefsP95: speedup,
      walkToFloorP95: walkToFloor,
      answerToFloorP95: answerToFloor,
      targetsMet: met,
      overHttp,
      loadAverage: { start: loadAtStart, end: loadAtEnd },
    }),
  );
}

if (typeof (global as any).gc !== 'function') {
  // measuring retained memory needs GC on demand: run again with it exposed
  const child = spawnSync(
    process.execPath,
    ['--expose-gc', ...process.execArgv, ...process.argv.slice(1)],
    { stdio: 'inherit' },
  );
  process.exit(child.status ?? 1);
} else {
  main().catch(error => {
    console.error(error);
    process.exit(1);
  });
}
