import { EDGE_TYPES } from './relations';

/**
 * Compressed sparse rows: the neighbours of node `i` are
 * `targets[offsets[i]] .. targets[offsets[i + 1] - 1]`, sorted and without duplicates.
 */
export interface Csr {
  offsets: Int32Array;
  targets: Int32Array;
}

/** Bits of a node's flags. */
export const IN_CATALOG = 1;
export const CUSTOMER_FACING = 2;

/**
 * An entity's rows of the catalog's search table that the graph keeps for permission rules:
 * lowercased key and value pairs, flat (see entityFacts).
 */
export type EntityFactRows = ReadonlyArray<string | null>;
/** The rows of a node that has none (a ref missing from the catalog), shared. */
export const NO_FACTS: EntityFactRows = Object.freeze([]);

export interface CatalogGraphData {
  /** Lowercased entity refs by node id. */
  refs: string[];
  ids: Map<string, number>;
  /** Index into `kindNames` by node id; 0 (the empty kind) for refs missing from the catalog. */
  kinds: Uint16Array;
  kindNames: string[];
  flags: Uint8Array;
  /** Search rows per node id, for permission rules. */
  facts: EntityFactRows[];
  /** Per edge type (see EDGE), source to targets. */
  forward: Csr[];
  /** Per edge type, target to sources. */
  reverse: Csr[];
}

/**
 * The catalog's relations as an immutable in-memory index: every ref interned to an integer
 * id, and for each kept relation type a forward and a reverse adjacency in typed arrays. A
 * walk over it touches no strings and allocates nothing per edge. Refs that relations point
 * to but that are not in the catalog are nodes too, flagged as missing.
 *
 * A new graph replaces the old one whole (see GraphBuilder); a graph never changes, so a walk
 * can run on it while the next one is being built.
 */
export class CatalogGraph {
  readonly size: number;
  readonly entityCount: number;
  readonly edgeCount: number;

  constructor(private readonly data: CatalogGraphData) {
    this.size = data.refs.length;
    let entities = 0;
    for (let id = 0; id < this.size; id++) {
      if (data.flags[id] & IN_CATALOG) entities++;
    }
    this.entityCount = entities;
    this.edgeCount = data.forward.reduce((n, csr) => n + csr.targets.length, 0);
  }

  static empty(): CatalogGraph {
    const none = (): Csr => ({
      offsets: new Int32Array(1),
      targets: new Int32Array(0),
    });
    return new CatalogGraph({
      refs: [],
      ids: new Map(),
      kinds: new Uint16Array(0),
      kindNames: [''],
      flags: new Uint8Array(0),
      facts: [],
      forward: EDGE_TYPES.map(none),
      reverse: EDGE_TYPES.map(none),
    });
  }

  /** The node of a lowercased ref, if the graph has met it. */
  idOf(ref: string): number | undefined {
    return this.data.ids.get(ref);
  }

  refOf(id: number): string {
    return this.data.refs[id];
  }

  /** Lowercased kind; empty for a ref missing from the catalog. */
  kindOf(id: number): string {
    return this.data.kindNames[this.data.kinds[id]];
  }

  inCatalog(id: number): boolean {
    return (this.data.flags[id] & IN_CATALOG) !== 0;
  }

  /** The node's search rows kept for permission rules (see entityFacts). */
  factsOf(id: number): EntityFactRows {
    return this.data.facts[id];
  }

  isCustomerFacing(id: number): boolean {
    return (this.data.flags[id] & CUSTOMER_FACING) !== 0;
  }

  /** Raw per-node flags, for hot loops. */
  get flags(): Uint8Array {
    return this.data.flags;
  }

  forward(edge: number): Csr {
    return this.data.forward[edge];
  }

  reverse(edge: number): Csr {
    return this.data.reverse[edge];
  }

  /** Nodes `id` points to by `edge` (e.g. the systems it is part of). */
  targets(id: number, edge: number): Int32Array {
    const { offsets, targets } = this.data.forward[edge];
    return targets.subarray(offsets[id], offsets[id + 1]);
  }

  /** Nodes that point to `id` by `edge` (e.g. the parts of a system). */
  sources(id: number, edge: number): Int32Array {
    const { offsets, targets } = this.data.reverse[edge];
    return targets.subarray(offsets[id], offsets[id + 1]);
  }

  /** The graph's parts, for a builder that extends it. */
  get contents(): Readonly<CatalogGraphData> {
    return this.data;
  }

  /**
   * True when both graphs hold the same nodes, in the same order, with the same facts and
   * the same edges (a changed annotation or owner changes who may see an entity).
   */
  sameAs(other: CatalogGraph): boolean {
    const a = this.data;
    const b = other.data;
    if (a.refs.length !== b.refs.length) return false;
    for (let id = 0; id < a.refs.length; id++) {
      if (
        a.refs[id] !== b.refs[id] ||
        a.flags[id] !== b.flags[id] ||
        a.kindNames[a.kinds[id]] !== b.kindNames[b.kinds[id]] ||
        !sameRows(a.facts[id], b.facts[id])
      ) {
        return false;
      }
    }
    // the reverse index is derived from the forward one, so comparing forward is enough
    return a.forward.every(
      (csr, edge) =>
        sameArray(csr.offsets, b.forward[edge].offsets) &&
        sameArray(csr.targets, b.forward[edge].targets),
    );
  }
}

function sameRows(a: EntityFactRows, b: EntityFactRows): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    if (a[i] !== b[i]) return false;
  }
  return true;
}

function sameArray(a: Int32Array, b: Int32Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    if (a[i] !== b[i]) return false;
  }
  return true;
}
