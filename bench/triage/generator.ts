/*
 * The labelled scenarios of the triage evaluation, generated from a seed over the demo catalog.
 *
 * It reads the catalog's YAML specs with its own small graph walk and knows nothing of how the
 * assistant scores: it decides what really happened (the cause, its failure mode, when things
 * began), then writes what a team would see: alerts at the origin and along the way, deploys,
 * an incident history, and noise (unrelated alerts and deploys, chronic alerts upstream,
 * victims alerting after the fact, a distractor deploy upstream, past incidents with the same
 * symptoms but other causes, and past incidents with the same words on other entities).
 *
 * Ground truth:
 *  - cause: the entity where the failure began (the origin itself, or 1 to 3 hops upstream);
 *  - severity: the product's published definitions (status.ts, DEFAULT_SEVERITY_INFO) applied
 *    to what the origin's outage reaches, read here from the YAML: SEV1 "customers cannot use a
 *    core product" = broken (critical alert) and reaching a customer-facing tier-1 entity; SEV2
 *    "a core feature is broken or badly degraded for many customers" = broken and reaching a
 *    customer-facing or tier-1 entity, or degraded (warning) reaching a customer-facing tier 1;
 *    SEV3 "partial degradation, or an internal tool is down" = any other broken state, or
 *    degraded reaching tier 1–2 or a customer-facing entity; SEV4 = the rest;
 *  - similar: past incidents of the same failure mode in the same cause entity.
 */
import { Entity } from '@backstage/catalog-model';
import { fullRef, refOf } from './catalog';

export type Level = 'critical' | 'warning' | 'info';
export type Severity = 'SEV1' | 'SEV2' | 'SEV3' | 'SEV4';

export interface ScenarioAlert {
  key: string;
  entityRef: string;
  summary: string;
  severity: string;
  labels: Record<string, string>;
  startsMinutesAgo: number;
  role:
    | 'origin'
    | 'cause'
    | 'propagated'
    | 'chronic'
    | 'victim'
    | 'coincidence'
    | 'unrelated';
}

export interface ScenarioChange {
  entityRef: string;
  summary: string;
  minutesAgo: number;
  role: 'cause' | 'distractor' | 'background';
}

export interface PastIncident {
  key: string;
  title: string;
  description: string;
  entityRef: string;
  severity: Severity;
  labels: Record<string, string>;
  daysAgo: number;
  resolution: string;
  postmortem: { rootCauseEntityRef: string; text: string } | null;
  kind:
    | 'same-problem'
    | 'same-origin-other-cause'
    | 'same-words-elsewhere'
    | 'background';
}

export interface Scenario {
  id: string;
  origin: string;
  alerts: ScenarioAlert[];
  changes: ScenarioChange[];
  history: PastIncident[];
  truth: {
    cause: string;
    causeDistance: number;
    mode: string;
    story:
      | 'deploy'
      | 'failure'
      | 'slow-burn'
      | 'origin-deploy'
      | 'origin-failure';
    severity: Severity;
    /** Keys of the past incidents that are the same problem. */
    similar: string[];
  };
}

/** mulberry32: small, fast and the same on every machine. */
function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min: number, max: number) =>
      min + Math.floor(next() * (max - min + 1)),
    pick: <T>(items: T[]): T => items[Math.floor(next() * items.length)],
    chance: (p: number) => next() < p,
    shuffle: <T>(items: T[]): T[] => {
      const copy = [...items];
      for (let i = copy.length - 1; i > 0; i--) {
        const j = Math.floor(next() * (i + 1));
        [copy[i], copy[j]] = [copy[j], copy[i]];
      }
      return copy;
    },
  };
}
type Rng = ReturnType<typeof prng>;

interface Mode {
  name: string;
  /** What the failing entity's alert says. */
  alert: (name: string) => string;
  /** Words a past incident of this mode uses. */
  story: string;
  fix: string;
}

/** Failure modes by what the entity is; the words overlap across entities on purpose. */
const MODES: Array<{ match: RegExp; modes: Mode[] }> = [
  {
    match: /postgres/,
    modes: [
      {
        name: 'pool',
        alert: n => `${n} connection pool exhausted`,
        story:
          'connection pool exhausted, clients waited for connections and timed out',
        fix: 'Killed the long-running batch job and raised max_connections',
      },
      {
        name: 'lag',
        alert: n => `${n} replication lag above 30s`,
        story: 'replica replication lag grew, reads returned stale rows',
        fix: 'Failed over to a healthy replica and throttled the bulk writer',
      },
      {
        name: 'locks',
        alert: n => `${n} lock waits high`,
        story:
          'schema migration took an exclusive lock, queries queued behind it',
        fix: 'Cancelled the migration and re-ran it concurrently',
      },
    ],
  },
  {
    match: /redis/,
    modes: [
      {
        name: 'evictions',
        alert: n => `${n} evictions spiking, memory at maxmemory`,
        story: 'redis memory hit maxmemory and evicted session keys',
        fix: 'Raised maxmemory and moved the cache warmer off peak',
      },
      {
        name: 'failover',
        alert: n => `${n} primary failover in progress`,
        story: 'redis primary failed over, clients reconnected slowly',
        fix: 'Fixed the client reconnect backoff',
      },
    ],
  },
  {
    match: /kafka|rabbitmq/,
    modes: [
      {
        name: 'disk',
        alert: n => `${n} broker disk usage above 90%`,
        story:
          'broker disk filled, partitions under-replicated, producers blocked',
        fix: 'Expanded the volume and shortened retention',
      },
      {
        name: 'backlog',
        alert: n => `${n} consumer lag growing`,
        story: 'consumer lag and queue backlog grew after a rebalance storm',
        fix: 'Restarted the stuck consumers and pinned the partition assignment',
      },
    ],
  },
  {
    match: /elasticsearch/,
    modes: [
      {
        name: 'heap',
        alert: n => `${n} JVM heap pressure above 85%`,
        story: 'heap pressure caused long GC pauses and search timeouts',
        fix: 'Added data nodes and capped the aggregation size',
      },
      {
        name: 'red',
        alert: n => `${n} cluster status red`,
        story: 'cluster went red after shard allocation failed on a full node',
        fix: 'Rebalanced shards and raised the disk watermark',
      },
    ],
  },
  {
    match: /s3|cdn/,
    modes: [
      {
        name: 'throttle',
        alert: n => `${n} 503 SlowDown responses rising`,
        story: 'requests throttled with 503 SlowDown, uploads and media failed',
        fix: 'Spread the key prefixes and added retries with jitter',
      },
      {
        name: 'tls',
        alert: n => `${n} TLS handshake failures`,
        story: 'an expired certificate broke TLS handshakes at the edge',
        fix: 'Renewed the certificate and fixed the renewal job',
      },
    ],
  },
  {
    match: /k8s/,
    modes: [
      {
        name: 'dns',
        alert: n => `${n} CoreDNS errors and lookups timing out`,
        story:
          'cluster DNS lookups timed out, services could not reach each other',
        fix: 'Scaled CoreDNS and enabled node-local DNS cache',
      },
      {
        name: 'nodes',
        alert: n => `${n} node pool NotReady`,
        story:
          'a node pool went NotReady after an autoscaler upgrade, pods were evicted',
        fix: 'Rolled back the autoscaler and cordoned the bad nodes',
      },
    ],
  },
  {
    match: /./,
    modes: [
      {
        name: 'oom',
        alert: n => `${n} pods OOMKilled and restarting`,
        story: 'a memory leak made pods OOMKilled in a restart loop',
        fix: 'Rolled back the leaking build and raised the memory limit',
      },
      {
        name: 'threads',
        alert: n => `${n} thread pool saturated, request queue growing`,
        story:
          'worker thread pool saturated by a slow downstream call, requests queued',
        fix: 'Added a timeout and a bulkhead around the slow call',
      },
      {
        name: 'config',
        alert: n => `${n} error rate high after config change`,
        story: 'a bad feature flag config made every request fail validation',
        fix: 'Reverted the feature flag and added a config check in CI',
      },
    ],
  },
];

const SYMPTOMS = [
  (n: string) => `${n} 5xx error rate above 5%`,
  (n: string) => `${n} p99 latency above 2s`,
  (n: string) => `${n} requests failing`,
];
const LEVEL_WORDS: Record<Level, string[]> = {
  critical: ['critical', 'page', 'P1', 'emergency'],
  warning: ['warning', 'minor', 'medium', 'P3'],
  info: ['info', 'low'],
};

const nameOf = (ref: string) => ref.slice(ref.indexOf('/') + 1);

/** The catalog as this generator reads it: the specs, not the relations. */
class SpecGraph {
  readonly byRef = new Map<string, Entity>();
  private readonly providers = new Map<string, string[]>();

  constructor(entities: Entity[]) {
    for (const e of entities) this.byRef.set(refOf(e), e);
    for (const e of entities) {
      for (const api of this.list(e, 'providesApis', 'api')) {
        this.providers.set(api, [...(this.providers.get(api) ?? []), refOf(e)]);
      }
    }
  }

  list(e: Entity, field: string, kind: string): string[] {
    const value = (e.spec as Record<string, unknown> | undefined)?.[field];
    const items = Array.isArray(value) ? value : value ? [value] : [];
    return items.map(v => fullRef(String(v), kind));
  }

  /** What an entity needs to work: its dependencies and the providers of the APIs it uses. */
  needs(ref: string): string[] {
    const e = this.byRef.get(ref);
    if (!e) return [];
    return [
      ...this.list(e, 'dependsOn', 'component'),
      ...this.list(e, 'consumesApis', 'api').flatMap(
        api => this.providers.get(api) ?? [],
      ),
    ].filter(r => this.byRef.has(r) && r !== ref);
  }

  /** Upstream entities with their hop count and one shortest path (origin excluded). */
  upstream(origin: string): Map<string, string[]> {
    const paths = new Map<string, string[]>([[origin, []]]);
    let frontier = [origin];
    while (frontier.length) {
      const next: string[] = [];
      for (const ref of frontier) {
        for (const dep of this.needs(ref)) {
          if (paths.has(dep)) continue;
          paths.set(dep, [...paths.get(ref)!, dep]);
          next.push(dep);
        }
      }
      frontier = next;
    }
    paths.delete(origin);
    return paths;
  }

  /** Everything whose work needs the origin, and the parent components it rolls up into. */
  reach(origin: string): string[] {
    const seen = new Set([origin]);
    let frontier = [origin];
    while (frontier.length) {
      const next: string[] = [];
      for (const failing of frontier) {
        const entity = this.byRef.get(failing);
        const parents = entity
          ? this.list(entity, 'subcomponentOf', 'component')
          : [];
        for (const ref of this.byRef.keys()) {
          if (seen.has(ref)) continue;
          if (this.needs(ref).includes(failing)) {
            seen.add(ref);
            next.push(ref);
          } else if (parents.includes(ref)) {
            // a part failing makes its parent impacted, not broken: the parent's own
            // dependents keep working (DESIGN.md, impact direction of partOf)
            seen.add(ref);
          }
        }
      }
      frontier = next;
    }
    return [...seen];
  }

  annotation(ref: string, key: string): string | undefined {
    return this.byRef.get(ref)?.metadata.annotations?.[key];
  }
}

function modesFor(ref: string): Mode[] {
  return MODES.find(m => m.match.test(nameOf(ref)))!.modes;
}

function trueSeverity(
  graph: SpecGraph,
  origin: string,
  level: Level,
): Severity {
  const reached = graph.reach(origin);
  const tierOf = (r: string) =>
    Number(graph.annotation(r, 'lookout.dev/tier') ?? 9);
  const facing = reached.filter(
    r => graph.annotation(r, 'lookout.dev/customer-facing') === 'true',
  );
  const coreProduct = facing.some(r => tierOf(r) === 1);
  const tier1 = reached.some(r => tierOf(r) === 1);
  const tier2 = reached.some(r => tierOf(r) <= 2);
  if (level === 'critical') {
    if (coreProduct) return 'SEV1';
    if (facing.length > 0 || tier1) return 'SEV2';
    return 'SEV3';
  }
  if (level === 'warning') {
    if (coreProduct) return 'SEV2';
    if (tier2 || facing.length > 0) return 'SEV3';
    return 'SEV4';
  }
  return 'SEV4';
}

export function generateScenarios(
  entities: Entity[],
  count: number,
  seed: number,
): Scenario[] {
  const rng = prng(seed);
  const graph = new SpecGraph(entities);
  const services = [...graph.byRef.keys()].filter(
    r => r.startsWith('component:') || r.startsWith('resource:'),
  );
  const origins = services.filter(r => graph.upstream(r).size > 0);
  const scenarios: Scenario[] = [];
  for (let i = 0; i < count; i++) {
    scenarios.push(generateOne(rng, graph, services, rng.pick(origins), i));
  }
  return scenarios;
}

function generateOne(
  rng: Rng,
  graph: SpecGraph,
  services: string[],
  origin: string,
  index: number,
): Scenario {
  const upstream = graph.upstream(origin);
  const byDistance = (d: number) =>
    [...upstream].filter(([, p]) => p.length === d).map(([r]) => r);
  // the cause: the origin itself a fifth of the time, else 1 to 3 hops up, as far as exists
  const wanted = rng.pick([0, 1, 1, 1, 2, 2, 2, 3, 3, 0]);
  let distance = wanted;
  while (distance > 0 && byDistance(distance).length === 0) distance--;
  const cause = distance === 0 ? origin : rng.pick(byDistance(distance));
  const path = distance === 0 ? [] : upstream.get(cause)!;
  const mode = rng.pick(modesFor(cause));
  const story: Scenario['truth']['story'] =
    distance === 0
      ? rng.chance(0.6)
        ? 'origin-deploy'
        : 'origin-failure'
      : rng.pick(['deploy', 'failure', 'failure', 'slow-burn']);

  const alerts: ScenarioAlert[] = [];
  const changes: ScenarioChange[] = [];
  let keys = 0;
  const alert = (
    entityRef: string,
    summary: string,
    level: Level,
    startsMinutesAgo: number,
    role: ScenarioAlert['role'],
  ) =>
    alerts.push({
      key: `s${index}-a${keys++}`,
      entityRef,
      summary,
      severity: rng.pick(LEVEL_WORDS[level]),
      labels: {
        alertname: summary.split(' ').slice(1, 4).join('_'),
        service: nameOf(entityRef),
      },
      startsMinutesAgo: Math.round(startsMinutesAgo * 10) / 10,
      role,
    });

  // the origin's alert opens the incident; the onset is when it began
  const onset = rng.int(2, 8);
  const level: Level = rng.pick([
    'critical',
    'critical',
    'critical',
    'warning',
    'warning',
    'info',
  ]);
  const symptom = rng.pick(SYMPTOMS)(nameOf(origin));

  // what really happened, upstream first
  let causeStart = onset;
  if (story === 'deploy' || story === 'origin-deploy') {
    const lead = rng.int(3, 20);
    changes.push({
      entityRef: cause,
      summary: cause.startsWith('resource:')
        ? `Apply ${rng.pick([
            'parameter group change',
            'schema migration',
            'terraform plan',
          ])} to ${nameOf(cause)}`
        : `Deploy ${nameOf(cause)} v${rng.int(1, 9)}.${rng.int(
            0,
            40,
          )}.${rng.int(0, 9)}`,
      minutesAgo: onset + lead,
      role: 'cause',
    });
    causeStart = onset + rng.int(0, Math.max(1, lead - 1));
    if (story === 'deploy' && rng.chance(0.7)) {
      alert(
        cause,
        mode.alert(nameOf(cause)),
        rng.pick(['critical', 'warning']),
        causeStart,
        'cause',
      );
    }
  } else if (story === 'failure') {
    causeStart = onset + rng.int(2, 15);
    alert(
      cause,
      mode.alert(nameOf(cause)),
      rng.pick(['critical', 'critical', 'warning']),
      causeStart,
      'cause',
    );
  } else if (story === 'slow-burn') {
    causeStart = onset + rng.int(20, 50);
    alert(cause, mode.alert(nameOf(cause)), 'warning', causeStart, 'cause');
  }
  // the failure travels down the path to the origin: those between alert after the cause
  for (const between of path.slice(0, -1).reverse()) {
    if (rng.chance(0.6)) {
      const at = rng.next() * (causeStart - onset) + onset;
      alert(
        between,
        rng.pick(SYMPTOMS)(nameOf(between)),
        rng.pick(['critical', 'warning']),
        at,
        'propagated',
      );
    }
  }
  alert(origin, symptom, level, onset, 'origin');

  // noise
  const others = [...upstream.keys()].filter(
    r => r !== cause && !path.includes(r),
  );
  const unrelated = services.filter(r => r !== origin && !upstream.has(r));
  for (let n = rng.int(1, 3); n > 0 && unrelated.length; n--) {
    const ref = rng.pick(unrelated);
    alert(
      ref,
      rng.pick(modesFor(ref)).alert(nameOf(ref)),
      rng.pick(['critical', 'warning']),
      rng.int(0, 30),
      'unrelated',
    );
  }
  for (let n = rng.int(2, 4); n > 0; n--) {
    const ref = rng.pick(services);
    changes.push({
      entityRef: ref,
      summary: `Deploy ${nameOf(ref)} v${rng.int(1, 9)}.${rng.int(0, 40)}.0`,
      minutesAgo: rng.int(180, 1300),
      role: 'background',
    });
  }
  if (others.length && rng.chance(0.5)) {
    const ref = rng.pick(others);
    changes.push({
      entityRef: ref,
      summary: `Deploy ${nameOf(ref)} v${rng.int(1, 9)}.${rng.int(0, 40)}.1`,
      minutesAgo: onset + rng.int(35, 120),
      role: 'distractor',
    });
  }
  if (others.length && rng.chance(0.5)) {
    const ref = rng.pick(others);
    alert(
      ref,
      rng.pick(modesFor(ref)).alert(nameOf(ref)),
      'warning',
      rng.int(1440, 5760),
      'chronic',
    );
  }
  if (others.length && rng.chance(0.3)) {
    const ref = rng.pick(others);
    alert(
      ref,
      rng.pick(SYMPTOMS)(nameOf(ref)),
      rng.pick(['critical', 'warning']),
      onset - rng.int(1, 8),
      'victim',
    );
  }
  if (others.length && rng.chance(0.15)) {
    // a coincidence: something else upstream started failing just before the incident too
    const ref = rng.pick(others);
    alert(
      ref,
      rng.pick(modesFor(ref)).alert(nameOf(ref)),
      'warning',
      onset + rng.int(0, 5),
      'coincidence',
    );
  }

  // history
  const history: PastIncident[] = [];
  let pastKeys = 0;
  const past = (p: Omit<PastIncident, 'key'>) => {
    const key = `s${index}-p${pastKeys++}`;
    history.push({ key, ...p });
    return key;
  };
  const dependents = graph
    .reach(cause)
    .filter(r => r !== cause && services.includes(r));
  const similar: string[] = [];
  for (let n = rng.int(3, 4); n > 0; n--) {
    const where = rng.chance(0.5)
      ? origin
      : rng.chance(0.5)
      ? cause
      : rng.pick(dependents.length ? dependents : [origin]);
    similar.push(
      past({
        title: rng.chance(0.5)
          ? rng.pick(SYMPTOMS)(nameOf(where))
          : `${nameOf(where)} degraded: ${mode
              .alert(nameOf(cause))
              .replace(nameOf(cause), '')
              .trim()}`,
        description: `${nameOf(cause)}: ${mode.story}.`,
        entityRef: where,
        severity: rng.pick(['SEV1', 'SEV2', 'SEV3']),
        labels: {
          alertname: mode.alert(nameOf(cause)).split(' ').slice(1, 4).join('_'),
          service: nameOf(cause),
        },
        daysAgo: rng.int(5, 300),
        resolution: mode.fix,
        postmortem: rng.chance(0.7)
          ? {
              rootCauseEntityRef: cause,
              text: `Root cause: ${nameOf(cause)} — ${mode.story}. ${
                mode.fix
              }.`,
            }
          : null,
        kind: 'same-problem',
      }),
    );
  }
  const otherCauses = [...upstream.keys()].filter(r => r !== cause);
  for (let n = rng.int(2, 3); n > 0 && otherCauses.length; n--) {
    const other = rng.pick(otherCauses);
    const otherMode = rng.pick(modesFor(other));
    past({
      title: rng.pick(SYMPTOMS)(nameOf(origin)),
      description: `${nameOf(other)}: ${otherMode.story}.`,
      entityRef: origin,
      severity: rng.pick(['SEV2', 'SEV3']),
      labels: {
        alertname: symptom.split(' ').slice(1, 4).join('_'),
        service: nameOf(origin),
      },
      daysAgo: rng.int(5, 300),
      resolution: otherMode.fix,
      postmortem: rng.chance(0.7)
        ? {
            rootCauseEntityRef: other,
            text: `Root cause: ${nameOf(other)} — ${otherMode.story}. ${
              otherMode.fix
            }.`,
          }
        : null,
      kind: 'same-origin-other-cause',
    });
  }
  const lookalikes = services.filter(
    r => r !== cause && modesFor(r) === modesFor(cause),
  );
  for (let n = rng.int(1, 2); n > 0 && lookalikes.length; n--) {
    const elsewhere = rng.pick(lookalikes);
    past({
      title: mode.alert(nameOf(elsewhere)),
      description: `${nameOf(elsewhere)}: ${mode.story}.`,
      entityRef: elsewhere,
      severity: rng.pick(['SEV2', 'SEV3']),
      labels: {
        alertname: mode
          .alert(nameOf(elsewhere))
          .split(' ')
          .slice(1, 4)
          .join('_'),
        service: nameOf(elsewhere),
      },
      daysAgo: rng.int(5, 300),
      resolution: mode.fix,
      postmortem: rng.chance(0.5)
        ? {
            rootCauseEntityRef: elsewhere,
            text: `Root cause: ${nameOf(elsewhere)} — ${mode.story}. ${
              mode.fix
            }.`,
          }
        : null,
      kind: 'same-words-elsewhere',
    });
  }
  for (let n = rng.int(3, 6); n > 0; n--) {
    const ref = rng.pick(unrelated.length ? unrelated : services);
    const m = rng.pick(modesFor(ref));
    past({
      title: m.alert(nameOf(ref)),
      description: `${nameOf(ref)}: ${m.story}.`,
      entityRef: ref,
      severity: rng.pick(['SEV2', 'SEV3', 'SEV4']),
      labels: { service: nameOf(ref) },
      daysAgo: rng.int(5, 300),
      resolution: m.fix,
      postmortem: null,
      kind: 'background',
    });
  }

  return {
    id: `scenario-${index + 1}`,
    origin,
    alerts: rng.shuffle(alerts),
    changes,
    history: rng.shuffle(history),
    truth: {
      cause,
      causeDistance: distance,
      mode: mode.name,
      story,
      severity: trueSeverity(graph, origin, level),
      similar,
    },
  };
}
