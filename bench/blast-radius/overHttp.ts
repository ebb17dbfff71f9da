/*
 * Blast radius as a user gets it: `GET /api/incidents/blast-radius` over HTTP through the whole
 * backend (see realBackend) with the permission framework on, beside catalog-graph's way of
 * walking (a per-level `POST /api/catalog/entities/by-refs`, depth 20) against the same catalog
 * under the same policy, with the same user token, on the same roots. Every request is timed
 * as sent, first byte to last and parsed (no best-of): what a user waits. Both sides use the
 * same client (bench/lib/httpFetch, see there why not undici's fetch). The backend runs in this
 * process, as all plugins of a Backstage backend share one; as in the in-process part, each
 * series starts after a full GC, so none pays for the garbage another left behind.
 */
import { mockCredentials } from '@backstage/backend-test-utils';
import { CatalogClient } from '@backstage/catalog-client';
import { Entity } from '@backstage/catalog-model';
import { BLAST_RADIUS_LIMITS } from '../../plugins/incidents-backend/src/graph/describeBlastRadius';
import { CatalogGraph } from '../../plugins/incidents-backend/src/graph/CatalogGraph';
import { collectBlastRadius } from '../../plugins/incidents-backend/src/graph/describeBlastRadius';
import { GRAPH_REFRESH_TASK } from '../../plugins/incidents-backend/src/graph/scheduleGraphRefresh';
import { performance } from 'node:perf_hooks';
import { byRefsWalk, byRefsWalkThenFilter } from './baselines';
import {
  ALLOW_ALL_USER,
  OWNERSHIP_USER,
  startRealBackend,
} from './realBackend';
import { httpFetch } from '../lib/httpFetch';
import { percentile } from '../lib/stats';

const MAX_DEPTH = BLAST_RADIUS_LIMITS.maxDepth;
const ROOTS = 20;
const IMPACTED = { min: 100, max: 5_000 };
/** Requests per root for Lookout, and walks per root for the baseline. */
const LOOKOUT_REPEATS = 5;
const WALK_REPEATS = 2;
/** Enough that the hub's p95 is not simply its slowest request. */
const HUB_REPEATS = 50;
export const HTTP_TARGETS = {
  p95Ms: 50,
  speedupVsWalk: 50,
  hubLimit1000P95Ms: 300,
  /** Bytes per returned entry may vary this much between answers and stay linear. */
  bytesPerEntrySpread: 2,
};

const round = (n: number, digits = 1) =>
  Math.round(n * 10 ** digits) / 10 ** digits;

function stats(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    p50: round(percentile(sorted, 50)),
    p95: round(percentile(sorted, 95)),
    max: round(sorted[sorted.length - 1]),
    n: sorted.length,
  };
}

/** The teams a user belongs to: the ownership user is in every fourth team. */
export function groupsOf(userEntityRef: string): string[] {
  if (userEntityRef !== OWNERSHIP_USER) return [];
  return Array.from({ length: 100 }, (_, i) => `group:default/team-${i * 4}`);
}

interface Answer {
  ms: number;
  bytes: number;
  entries: number;
  hops: number;
  total: number;
  hidden: number;
}

/**
 * Roots whose downstream radius at depth 20 holds 100 to 5,000 entities and that both users
 * may see (a component only when one of the ownership user's teams owns it), taken in a
 * seeded random order, as a user would ask about them.
 */
function pickRoots(
  graph: CatalogGraph,
  entities: Entity[],
  rand: () => number,
): string[] {
  const claims = new Set(groupsOf(OWNERSHIP_USER));
  const picked: string[] = [];
  const order = entities.map((_, i) => i);
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  for (const index of order) {
    const entity = entities[index];
    const ref =
      `${entity.kind}:default/${entity.metadata.name}`.toLocaleLowerCase(
        'en-US',
      );
    if (entity.kind === 'Group') continue;
    if (
      entity.kind === 'Component' &&
      !(entity.relations ?? []).some(
        r => r.type === 'ownedBy' && claims.has(r.targetRef),
      )
    ) {
      continue;
    }
    const { total } = collectBlastRadius(graph, graph.idOf(ref)!, {
      direction: 'downstream',
      maxDepth: MAX_DEPTH,
      limit: BLAST_RADIUS_LIMITS.limit,
    });
    if (total >= IMPACTED.min && total <= IMPACTED.max) picked.push(ref);
    if (picked.length === ROOTS) break;
  }
  return picked;
}

export async function measureOverHttp(options: {
  entities: Entity[];
  graph: CatalogGraph;
  hub: string;
  rand: () => number;
  log: (line: string) => void;
}) {
  const { entities, graph, hub, log } = options;
  const roots = pickRoots(graph, entities, options.rand);
  const sizes = roots.map(
    root =>
      collectBlastRadius(graph, graph.idOf(root)!, {
        direction: 'downstream',
        maxDepth: MAX_DEPTH,
        limit: BLAST_RADIUS_LIMITS.limit,
      }).total,
  );
  log(
    `Over HTTP: ${roots.length} roots impacting ${Math.min(...sizes)} to ` +
      `${Math.max(
        ...sizes,
      )} entities (depth ${MAX_DEPTH}); starting the backend and ` +
      'inserting the entities…',
  );
  const backend = await startRealBackend(entities, groupsOf);
  log(
    `  ${entities.length.toLocaleString()} entities and ${backend.searchRows.toLocaleString()} ` +
      `search rows inserted in ${(backend.insertMs / 1000).toFixed(1)} s`,
  );
  try {
    // The plugin's first scheduled graph refresh ran while the entities were being inserted;
    // refresh once they are all in (the scheduler's trigger route), and wait until the graph
    // holds the hub's whole radius. A deployment's graph is loaded from a populated catalog.
    const refreshStarted = performance.now();
    const trigger = await fetch(
      `${backend.apiUrl}/incidents/.backstage/scheduler/v1/tasks/${GRAPH_REFRESH_TASK}/trigger`,
      {
        method: 'POST',
        headers: { authorization: `Bearer ${mockCredentials.service.token()}` },
      },
    );
    if (!trigger.ok && trigger.status !== 409) {
      throw new Error(
        `Refreshing the graph: ${trigger.status} ${await trigger.text()}`,
      );
    }
    const hubTotal = collectBlastRadius(graph, graph.idOf(hub)!, {
      direction: 'downstream',
      maxDepth: BLAST_RADIUS_LIMITS.defaultMaxDepth,
      limit: 1,
    }).total;
    for (;;) {
      const res = await fetch(
        `${backend.apiUrl}/incidents/blast-radius?entityRef=${hub}&limit=1`,
        {
          headers: {
            authorization: `Bearer ${mockCredentials.user.token(
              ALLOW_ALL_USER,
            )}`,
          },
        },
      );
      if (res.ok && (await res.json()).total === hubTotal) break;
      if (performance.now() - refreshStarted > 600_000) {
        throw new Error('The graph did not catch up with the catalog');
      }
      await new Promise(resolve => setTimeout(resolve, 1000));
    }
    const graphRefreshMs = performance.now() - refreshStarted;
    log(
      `  graph refreshed from the populated catalog over HTTP in ${round(
        graphRefreshMs / 1000,
      )} s (the plugin's scheduled refresh, triggered)`,
    );
    const client = new CatalogClient({
      discoveryApi: { getBaseUrl: async id => `${backend.apiUrl}/${id}` },
      fetchApi: { fetch: httpFetch },
    });
    // A request of the walk that meets a reset connection (a keep-alive socket the server
    // closed, or a catalog under load) is sent again, up to twice, and counted: the walk
    // measures the catalog, not the client's socket reuse.
    let resets = 0;
    const catalog: Pick<CatalogClient, 'getEntitiesByRefs'> = {
      getEntitiesByRefs: async (request, options) => {
        for (let attempt = 0; ; attempt++) {
          try {
            return await client.getEntitiesByRefs(request, options);
          } catch (error) {
            if (
              attempt >= 2 ||
              !/ECONNRESET|socket hang up/.test(String(error))
            ) {
              throw error;
            }
            resets++;
          }
        }
      },
    };
    const results: Record<string, any> = {};
    for (const [policy, user] of [
      ['unconditional allow', ALLOW_ALL_USER],
      ['ownership conditions', OWNERSHIP_USER],
    ] as const) {
      const token = mockCredentials.user.token(user);
      const ask = async (entityRef: string, limit: number): Promise<Answer> => {
        const url = `${
          backend.apiUrl
        }/incidents/blast-radius?${new URLSearchParams({
          entityRef,
          maxDepth: String(MAX_DEPTH),
          limit: String(limit),
        })}`;
        // timed as the walk's requests are: sent, read, decompressed and parsed by the same client
        const started = performance.now();
        const res = await httpFetch(url, {
          headers: { authorization: `Bearer ${token}` },
        });
        const text = await res.text();
        const body = res.status === 200 ? JSON.parse(text) : undefined;
        const ms = performance.now() - started;
        if (res.status !== 200) {
          throw new Error(`${res.status} for ${entityRef}: ${text}`);
        }
        return {
          ms,
          bytes: Buffer.byteLength(text),
          entries: body.impacted.length,
          hops: body.through.length,
          total: body.total,
          hidden: body.hidden,
        };
      };

      // the first request of this user asks the permission backend for their decision
      const first = await ask(roots[0], BLAST_RADIUS_LIMITS.limit);
      // warm the sockets, the caller's decision and both paths, on roots not measured
      for (const ref of ['api:default/api-1', 'resource:default/resource-1']) {
        await ask(ref, BLAST_RADIUS_LIMITS.limit);
        await byRefsWalk(catalog, ref, MAX_DEPTH, { token });
      }

      const collect = () => (global as any).gc?.();
      collect();
      const lookout: Answer[] = [];
      for (let repeat = 0; repeat < LOOKOUT_REPEATS; repeat++) {
        for (const root of roots) {
          lookout.push(await ask(root, BLAST_RADIUS_LIMITS.limit));
        }
      }
      collect();
      // The baseline is the by-refs way to the same answer. Under the allow policy that is
      // catalog-graph's walk with the user's token. Under ownership conditions that walk stops
      // at the first entity the user may not read and answers less (it is timed too, with how
      // much of the answer it reaches); the same answer takes a walk with a service token and
      // a by-refs pass under the user's token over what it reached.
      const restricted = user === OWNERSHIP_USER;
      const sameAnswer = (root: string) =>
        restricted
          ? byRefsWalkThenFilter(catalog, root, MAX_DEPTH, {
              service: mockCredentials.service.token(),
              caller: token,
            })
          : byRefsWalk(catalog, root, MAX_DEPTH, { token });
      const walks: number[] = [];
      const userWalks: number[] = [];
      let userWalkReached = 0;
      let visibleImpacted = 0;
      for (let repeat = 0; repeat < WALK_REPEATS; repeat++) {
        for (const root of roots) {
          let started = performance.now();
          await sameAnswer(root);
          walks.push(performance.now() - started);
          if (!restricted) continue;
          started = performance.now();
          userWalkReached += (
            await byRefsWalk(catalog, root, MAX_DEPTH, { token })
          ).read;
          userWalks.push(performance.now() - started);
        }
      }
      for (const answer of lookout.slice(0, roots.length)) {
        visibleImpacted += answer.entries;
      }
      collect();
      const hubAnswers: Answer[] = [];
      for (let i = 0; i < HUB_REPEATS; i++) {
        hubAnswers.push(await ask(hub, BLAST_RADIUS_LIMITS.defaultLimit));
      }
      const hubAll = await ask(hub, BLAST_RADIUS_LIMITS.limit);
      const hubWalkStarted = performance.now();
      const hubWalkReached = (
        await byRefsWalk(catalog, hub, MAX_DEPTH, { token })
      ).reached.length;
      const hubWalkMs = performance.now() - hubWalkStarted;

      const l = stats(lookout.map(a => a.ms));
      const w = stats(walks);
      const h = stats(hubAnswers.map(a => a.ms));
      // bytes per thing returned (entries and the hops they pass through)
      const perEntry = [...lookout, hubAnswers[0], hubAll]
        .filter(a => a.entries + a.hops >= 100)
        .map(a => a.bytes / (a.entries + a.hops));
      const spread = round(Math.max(...perEntry) / Math.min(...perEntry), 2);
      const met = {
        p95: l.p95 <= HTTP_TARGETS.p95Ms,
        speedupVsWalkP95: w.p95 / l.p95 >= HTTP_TARGETS.speedupVsWalk,
        speedupVsWalkP50: w.p50 / l.p50 >= HTTP_TARGETS.speedupVsWalk,
        hubLimit1000P95: h.p95 <= HTTP_TARGETS.hubLimit1000P95Ms,
        responseLinear: spread <= HTTP_TARGETS.bytesPerEntrySpread,
      };
      const verdict = (ok: boolean) => (ok ? 'met' : 'MISSED');
      const meanHidden = round(
        lookout.reduce((n, a) => n + a.hidden, 0) / lookout.length,
      );
      log(`— ${policy} (${user})`);
      log(
        `  first request of the user (asks the permission backend) ${round(
          first.ms,
          0,
        )} ms`,
      );
      log(
        `  Lookout GET /blast-radius  p50 ${l.p50} ms, p95 ${l.p95} ms, max ${l.max} ms ` +
          `(n ${l.n}; ${meanHidden} hidden per answer on average) | target p95 <= ` +
          `${HTTP_TARGETS.p95Ms} ms: ${verdict(met.p95)}`,
      );
      log(
        restricted
          ? `  same answer by by-refs: service-token walk + user-token pass, p50 ${w.p50} ms, p95 ${w.p95} ms, max ${w.max} ms (n ${w.n})`
          : `  by-refs walk, depth ${MAX_DEPTH}   p50 ${w.p50} ms, p95 ${w.p95} ms, max ${w.max} ms (n ${w.n})`,
      );
      const u = restricted ? stats(userWalks) : undefined;
      const userWalkReach =
        visibleImpacted > 0
          ? round((100 * userWalkReached) / WALK_REPEATS / visibleImpacted)
          : 100;
      if (u) {
        log(
          `  catalog-graph's walk with the user's token (answers less: reaches ${userWalkReach} % ` +
            `as many entities as the user may see impacted) p50 ${u.p50} ms, p95 ${u.p95} ms; ` +
            `Lookout ${round(u.p50 / l.p50)}x at p50, ${round(
              u.p95 / l.p95,
            )}x at p95`,
        );
      }
      log(
        `  ratio                      ${round(w.p50 / l.p50)}x at p50, ${round(
          w.p95 / l.p95,
        )}x at p95 | target >= ${HTTP_TARGETS.speedupVsWalk}x: ${verdict(
          met.speedupVsWalkP50 && met.speedupVsWalkP95,
        )}`,
      );
      log(
        `  hub ${hub} (${hubAll.total.toLocaleString()} impacted): limit=1000 p50 ${
          h.p50
        } ms, p95 ${h.p95} ms | target <= ${
          HTTP_TARGETS.hubLimit1000P95Ms
        } ms: ${verdict(met.hubLimit1000P95)}; limit=100000 ${round(
          hubAll.ms,
          0,
        )} ms, ` +
          `${(hubAll.bytes / 1e6).toFixed(1)} MB; by-refs walk ${round(
            hubWalkMs,
            0,
          )} ms (${hubWalkReached.toLocaleString()} reached)`,
      );
      log(
        `  response size              ${round(
          Math.min(...perEntry),
          0,
        )}–${round(
          Math.max(...perEntry),
          0,
        )} bytes per returned entry or hop over ${
          perEntry.length
        } answers (hub limit=1000: ${round(
          hubAnswers[0].bytes / 1024,
          0,
        )} KB, limit=100000: ${(hubAll.bytes / 1e6).toFixed(
          1,
        )} MB) | linear (spread <= ${
          HTTP_TARGETS.bytesPerEntrySpread
        }x): ${verdict(met.responseLinear)}`,
      );
      results[policy === 'unconditional allow' ? 'allow' : 'ownership'] = {
        user,
        firstRequestMs: round(first.ms, 0),
        lookoutMs: l,
        byRefsWalkMs: w,
        byRefsBaseline: restricted
          ? 'service-token walk, then a by-refs pass under the user token'
          : 'walk with the user token',
        ...(u
          ? {
              userTokenWalkMs: u,
              userTokenWalkReachPercent: userWalkReach,
              speedupVsUserTokenWalkP50: round(u.p50 / l.p50),
              speedupVsUserTokenWalkP95: round(u.p95 / l.p95),
            }
          : {}),
        speedupP50: round(w.p50 / l.p50),
        speedupP95: round(w.p95 / l.p95),
        meanHiddenPerAnswer: meanHidden,
        hub: {
          ref: hub,
          impacted: hubAll.total,
          limit1000Ms: h,
          limit1000Bytes: hubAnswers[0].bytes,
          limit100000Ms: round(hubAll.ms, 0),
          limit100000Bytes: hubAll.bytes,
          byRefsWalkMs: round(hubWalkMs, 0),
        },
        bytesPerEntry: {
          min: round(Math.min(...perEntry), 0),
          max: round(Math.max(...perEntry), 0),
          answers: perEntry.length,
        },
        targetsMet: met,
      };
    }
    return {
      backend: backend.description,
      graphRefreshMs: Math.round(graphRefreshMs),
      byRefsRequestsRetriedAfterReset: resets,
      roots: roots.length,
      impactedPerRoot: { min: Math.min(...sizes), max: Math.max(...sizes) },
      maxDepth: MAX_DEPTH,
      ...results,
    };
  } finally {
    await backend.stop();
  }
}
