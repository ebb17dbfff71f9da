import {
  CatalogGraph,
  Csr,
  CUSTOMER_FACING,
  EntityFactRows,
  IN_CATALOG,
  NO_FACTS,
} from './CatalogGraph';
import { CATALOG_RELATIONS, EDGE_TYPES } from './relations';

/** What the graph needs of one catalog entity; refs and kind lowercased. */
export interface GraphEntity {
  ref: string;
  kind: string;
  customerFacing: boolean;
  relations: ReadonlyArray<{ type: string; targetRef: string }>;
  /** What the catalog's permission rules read of the entity (see entityFacts). */
  facts: EntityFactRows;
}

/** A growable Int32Array: a plain number[] of 500,000 edges costs several times the memory. */
class IntList {
  data = new Int32Array(1024);
  length = 0;

  push(value: number) {
    if (this.length === this.data.length) {
      const grown = new Int32Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    this.data[this.length++] = value;
  }
}

/**
 * Collects entities and relations, interning refs to ids, and builds an immutable
 * CatalogGraph. Relations are kept in one direction per type (see EDGE_TYPES), so an edge the
 * catalog writes on both of its entities is stored once; self-loops are dropped.
 */
export class GraphBuilder {
  private readonly ids = new Map<string, number>();
  private readonly refs: string[] = [];
  private readonly facts: EntityFactRows[] = [];
  private kinds = new Uint16Array(1024);
  private flags = new Uint8Array(1024);
  private readonly kindIds = new Map<string, number>([['', 0]]);
  private readonly kindNames = [''];
  private readonly from = EDGE_TYPES.map(() => new IntList());
  private readonly to = EDGE_TYPES.map(() => new IntList());

  /** A builder that starts from everything in `graph`, keeping its ids. */
  static from(graph: CatalogGraph): GraphBuilder {
    const builder = new GraphBuilder();
    const { refs, kinds, kindNames, flags, forward, facts } = graph.contents;
    refs.forEach((ref, id) => {
      builder.intern(ref);
      builder.kinds[id] = builder.kindId(kindNames[kinds[id]]);
      builder.flags[id] = flags[id];
      builder.facts[id] = facts[id];
    });
    forward.forEach(({ offsets, targets }, edge) => {
      for (let id = 0; id < refs.length; id++) {
        for (let i = offsets[id]; i < offsets[id + 1]; i++) {
          builder.addEdge(edge, id, targets[i]);
        }
      }
    });
    return builder;
  }

  /** The id of a lowercased ref, creating a node (missing from the catalog until added) if new. */
  intern(ref: string): number {
    let id = this.ids.get(ref);
    if (id === undefined) {
      id = this.refs.length;
      this.ids.set(ref, id);
      this.refs.push(ref);
      this.facts.push(NO_FACTS);
      if (id === this.flags.length) {
        const kinds = new Uint16Array(id * 2);
        kinds.set(this.kinds);
        this.kinds = kinds;
        const flags = new Uint8Array(id * 2);
        flags.set(this.flags);
        this.flags = flags;
      }
    }
    return id;
  }

  addEntity(entity: GraphEntity): void {
    const id = this.addNode(
      entity.ref,
      entity.kind,
      entity.customerFacing,
      entity.facts,
    );
    for (const relation of entity.relations) {
      const known = CATALOG_RELATIONS.get(relation.type);
      if (!known) continue;
      const other = this.intern(relation.targetRef);
      if (known.reversed) {
        this.addEdge(known.edge, other, id);
      } else {
        this.addEdge(known.edge, id, other);
      }
    }
  }

  /** A catalog entity's node, without its relations (add those with addEdge). */
  addNode(
    ref: string,
    kind: string,
    customerFacing: boolean,
    facts: EntityFactRows,
  ): number {
    const id = this.intern(ref);
    this.facts[id] = facts;
    this.kinds[id] = this.kindId(kind);
    this.flags[id] = IN_CATALOG | (customerFacing ? CUSTOMER_FACING : 0);
    return id;
  }

  addEdge(edge: number, from: number, to: number): void {
    if (from === to) return; // a self-loop hurts nothing new
    this.from[edge].push(from);
    this.to[edge].push(to);
  }

  build(): CatalogGraph {
    const n = this.refs.length;
    return new CatalogGraph({
      refs: this.refs.slice(),
      ids: new Map(this.ids),
      kinds: this.kinds.slice(0, n),
      kindNames: this.kindNames.slice(),
      flags: this.flags.slice(0, n),
      facts: this.facts.slice(),
      forward: EDGE_TYPES.map((_, edge) =>
        buildCsr(n, this.from[edge], this.to[edge]),
      ),
      reverse: EDGE_TYPES.map((_, edge) =>
        buildCsr(n, this.to[edge], this.from[edge]),
      ),
    });
  }

  private kindId(kind: string): number {
    let id = this.kindIds.get(kind);
    if (id === undefined) {
      id = this.kindNames.length;
      this.kindIds.set(kind, id);
      this.kindNames.push(kind);
    }
    return id;
  }
}

/** Counting sort by source, then each row sorted and deduplicated in place. */
function buildCsr(n: number, from: IntList, to: IntList): Csr {
  const m = from.length;
  const offsets = new Int32Array(n + 1);
  for (let i = 0; i < m; i++) offsets[from.data[i] + 1]++;
  for (let id = 0; id < n; id++) offsets[id + 1] += offsets[id];
  const next = offsets.slice(0, n);
  const targets = new Int32Array(m);
  for (let i = 0; i < m; i++) targets[next[from.data[i]]++] = to.data[i];

  let write = 0;
  let start = 0;
  for (let id = 0; id < n; id++) {
    const end = offsets[id + 1];
    if (end - start > 1) targets.subarray(start, end).sort();
    let previous = -1;
    for (let i = start; i < end; i++) {
      if (targets[i] !== previous) {
        previous = targets[i];
        targets[write++] = previous;
      }
    }
    start = end;
    offsets[id + 1] = write;
  }
  return { offsets, targets: targets.slice(0, write) };
}
