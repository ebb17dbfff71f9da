/*
 * The catalogs the evaluation runs over, and its own reading of their dependencies. Nothing
 * here comes from the assistant: the dependency view is rebuilt from the entities' relations,
 * and the irregular catalog is drawn at random (two namespaces, cycles, hubs, missing targets).
 */
import { Entity } from '@backstage/catalog-model';
import { refOf } from './catalog';

/** A seeded generator (xorshift32), so a seed always draws the same world. */
export function rng(seed: number) {
  let x = seed >>> 0 || 0x9e3779b9;
  const next = () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x / 4294967296;
  };
  return {
    next,
    between: (lo: number, hi: number) => lo + (hi - lo) * next(),
    /** Log-uniform: as likely 1–10 as 10–100, for times that span orders of magnitude. */
    logBetween: (lo: number, hi: number) =>
      Math.exp(Math.log(lo) + (Math.log(hi) - Math.log(lo)) * next()),
    pick: <T>(items: T[]): T => items[Math.floor(next() * items.length)],
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
export type Rng = ReturnType<typeof rng>;

/** Who depends on whom among components and resources, APIs resolved to their providers. */
export class Dependencies {
  readonly refs: string[];
  private readonly up = new Map<string, Set<string>>();
  private readonly down = new Map<string, Set<string>>();

  constructor(entities: Entity[]) {
    const present = new Set(entities.map(refOf));
    const providers = new Map<string, string[]>();
    for (const e of entities) {
      for (const r of e.relations ?? []) {
        if (r.type === 'providesApi') {
          const list = providers.get(r.targetRef) ?? [];
          list.push(refOf(e));
          providers.set(r.targetRef, list);
        }
      }
    }
    this.refs = entities
      .filter(e => ['Component', 'Resource'].includes(e.kind))
      .map(refOf);
    for (const e of entities) {
      const from = refOf(e);
      for (const r of e.relations ?? []) {
        const targets =
          r.type === 'dependsOn'
            ? [r.targetRef]
            : r.type === 'consumesApi'
            ? providers.get(r.targetRef) ?? []
            : [];
        for (const to of targets) {
          if (!present.has(to) || to === from) continue;
          this.link(from, to);
        }
      }
    }
  }

  upstream(ref: string): string[] {
    return [...(this.up.get(ref) ?? [])];
  }

  dependents(ref: string): string[] {
    return [...(this.down.get(ref) ?? [])];
  }

  /** Entities `depth` hops above `ref` along some path without repeats. */
  chainsFrom(ref: string, depth: number): string[][] {
    const out: string[][] = [];
    const walk = (path: string[]) => {
      if (path.length === depth + 1) {
        out.push(path);
        return;
      }
      for (const next of this.upstream(path[path.length - 1])) {
        if (!path.includes(next)) walk([...path, next]);
      }
    };
    walk([ref]);
    return out;
  }

  /** Everything above `ref`, nearest first (BFS). */
  allUpstream(ref: string): string[] {
    const seen = new Set([ref]);
    const order: string[] = [];
    let frontier = [ref];
    while (frontier.length) {
      const next: string[] = [];
      for (const r of frontier) {
        for (const u of this.upstream(r)) {
          if (seen.has(u)) continue;
          seen.add(u);
          order.push(u);
          next.push(u);
        }
      }
      frontier = next;
    }
    return order;
  }

  private link(from: string, to: string) {
    if (!this.up.has(from)) this.up.set(from, new Set());
    if (!this.down.has(to)) this.down.set(to, new Set());
    this.up.get(from)!.add(to);
    this.down.get(to)!.add(from);
  }
}

/**
 * An irregular catalog: components and resources in two namespaces, dependencies drawn with
 * preferential attachment (so a few hubs carry many dependents), some back edges (cycles),
 * APIs between components, and dependencies on refs the catalog does not have.
 */
export function irregularCatalog(r: Rng): Entity[] {
  const entities: Entity[] = [];
  const namespaces = ['default', 'payments'];
  const groups = ['core', 'edge', 'data', 'money'].map(name => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name, namespace: 'default' },
    spec: { type: 'team', children: [] },
    relations: [] as Array<{ type: string; targetRef: string }>,
  }));
  entities.push(...(groups as Entity[]));
  const nodes: Entity[] = [];
  const count = 40 + Math.floor(r.between(0, 30));
  for (let i = 0; i < count; i++) {
    const resource = r.next() < 0.25;
    const namespace = r.next() < 0.3 ? namespaces[1] : namespaces[0];
    nodes.push({
      apiVersion: 'backstage.io/v1alpha1',
      kind: resource ? 'Resource' : 'Component',
      metadata: {
        name: `${resource ? 'store' : 'svc'}-${i.toString(36)}-${Math.floor(
          r.between(0, 1296),
        ).toString(36)}`,
        namespace,
      },
      spec: { type: resource ? 'database' : 'service', owner: 'x' },
      relations: [],
    });
  }
  entities.push(...nodes);
  const relate = (a: Entity, type: string, inverse: string, b: string) => {
    a.relations!.push({ type, targetRef: b });
    const other = entities.find(e => refOf(e) === b);
    other?.relations!.push({ type: inverse, targetRef: refOf(a) });
  };
  for (const n of nodes) {
    relate(n, 'ownedBy', 'ownerOf', refOf(r.pick(groups as Entity[])));
  }
  const indegree = new Map<string, number>();
  nodes.forEach((n, i) => {
    if (n.kind !== 'Component') return;
    const deps = 1 + Math.floor(r.between(0, 4));
    for (let d = 0; d < deps; d++) {
      // mostly later entities (a rough layering), some earlier ones (cycles)
      const pool = r.next() < 0.12 ? nodes.slice(0, i) : nodes.slice(i + 1);
      if (!pool.length) continue;
      const weights = pool.map(p => 1 + 3 * (indegree.get(refOf(p)) ?? 0));
      let pickAt = r.between(
        0,
        weights.reduce((a, b) => a + b, 0),
      );
      let target = pool[0];
      for (let k = 0; k < pool.length; k++) {
        pickAt -= weights[k];
        if (pickAt <= 0) {
          target = pool[k];
          break;
        }
      }
      const ref = refOf(target);
      if (n.relations!.some(x => x.targetRef === ref)) continue;
      indegree.set(ref, (indegree.get(ref) ?? 0) + 1);
      relate(n, 'dependsOn', 'dependencyOf', ref);
    }
    if (r.next() < 0.08) {
      n.relations!.push({
        type: 'dependsOn',
        targetRef: `component:default/retired-${i}`,
      });
    }
  });
  // APIs: some components provide one, consumed by a few others
  const apis: Entity[] = [];
  for (const n of nodes.filter(x => x.kind === 'Component')) {
    if (r.next() > 0.2) continue;
    const api: Entity = {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'API',
      metadata: {
        name: `${n.metadata.name}-api`,
        namespace: n.metadata.namespace,
      },
      spec: { type: 'openapi' },
      relations: [],
    };
    apis.push(api);
    entities.push(api);
    relate(n, 'providesApi', 'apiProvidedBy', refOf(api));
    const consumers = r
      .shuffle(nodes.filter(x => x.kind === 'Component' && x !== n))
      .slice(0, 1 + Math.floor(r.between(0, 4)));
    for (const c of consumers)
      relate(c, 'consumesApi', 'apiConsumedBy', refOf(api));
  }
  return entities;
}
