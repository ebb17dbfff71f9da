import {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { catalogEntityReadPermission } from '@backstage/plugin-catalog-common/alpha';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { CatalogGraph } from './CatalogGraph';
import {
  compileReadConditions,
  HIDDEN,
  ReadCondition,
  UNDECIDED,
  VISIBLE,
} from './readConditions';
import { unlessUnavailable } from './unavailable';
import { visibleRefs } from './visibleRefs';

/** How long one caller's decision is reused: permission changes show within this. */
export const DECISION_TTL_MS = 5_000;
/** Callers remembered at once; past this, expired ones go, then the oldest. */
const MAX_CALLERS = 1_000;

type Decision =
  | { result: AuthorizeResult.ALLOW }
  | { result: AuthorizeResult.DENY }
  | { result: AuthorizeResult.CONDITIONAL; condition: ReadCondition };

interface CallerEntry {
  expires: number;
  decision: Promise<Decision>;
  /** Per graph, per node: 0 not decided yet, or a Verdict (UNDECIDED until the catalog says). */
  verdicts: WeakMap<CatalogGraph, Uint8Array>;
}

/**
 * The same caller, as far as their permission decision goes: a user by their entity and
 * token (a new token may carry new ownership claims), a service by its subject and
 * restrictions.
 */
function callerKey(credentials: BackstageCredentials): string {
  const principal = credentials.principal as any;
  if (principal?.type === 'user') {
    return `user ${principal.userEntityRef} ${
      credentials.expiresAt?.getTime() ?? ''
    }`;
  }
  if (principal?.type === 'service') {
    return `service ${principal.subject} ${JSON.stringify(
      principal.accessRestrictions ?? null,
    )}`;
  }
  return String(principal?.type);
}

/**
 * Which graph nodes a caller may see, decided the way the catalog decides it but without a
 * catalog request per answer. The permission framework is asked once per caller (and again
 * after DECISION_TTL_MS) for `catalog.entity.read` as a conditional decision:
 * - an unconditional allow shows every entity in the catalog;
 * - a deny shows nothing;
 * - conditions are decided per entity in memory on what the graph keeps of it (see
 *   readConditions), and only the entities they leave undecided (a rule of a catalog module,
 *   a key the graph does not keep) are asked of the catalog, in bulk, under the caller's
 *   credentials, so the catalog's own answer decides those.
 * Verdicts are kept per caller and graph for as long as the decision, so repeated answers
 * decide each entity once. A ref missing from the catalog is never visible.
 */
export class EntityVisibility {
  private readonly callers = new Map<string, CallerEntry>();

  constructor(
    private readonly options: {
      permissions: Pick<PermissionsService, 'authorizeConditional'>;
      catalog: Pick<CatalogService, 'getEntitiesByRefs'>;
      now?: () => number;
    },
  ) {}

  /**
   * Decides `nodes` for the caller and answers a test for them (a node not among `nodes`
   * tests false). Throws ServiceUnavailableError when the permission framework or the
   * catalog cannot answer what the decision needs.
   */
  async visibleAmong(
    graph: CatalogGraph,
    nodes: ArrayLike<number>,
    credentials: BackstageCredentials,
  ): Promise<(node: number) => boolean> {
    const entry = this.entryFor(credentials);
    const decision = await entry.decision;
    if (decision.result === AuthorizeResult.ALLOW) {
      return node => graph.inCatalog(node);
    }
    if (decision.result === AuthorizeResult.DENY) return () => false;

    let verdicts = entry.verdicts.get(graph);
    if (!verdicts) {
      verdicts = new Uint8Array(graph.size);
      entry.verdicts.set(graph, verdicts);
    }
    const ask: number[] = [];
    for (let i = 0; i < nodes.length; i++) {
      const node = nodes[i];
      let verdict = verdicts[node];
      if (verdict === 0) {
        verdict = graph.inCatalog(node)
          ? decision.condition(graph, node)
          : HIDDEN;
        verdicts[node] = verdict;
      }
      // still undecided: being asked, or an earlier ask failed; ask (again) for this answer
      if (verdict === UNDECIDED) ask.push(node);
    }
    if (ask.length > 0) {
      const refs = ask.map(node => graph.refOf(node));
      const seen = await unlessUnavailable('The catalog', () =>
        visibleRefs(this.options.catalog, refs, credentials),
      );
      for (const node of ask) {
        verdicts[node] = seen.has(graph.refOf(node)) ? VISIBLE : HIDDEN;
      }
    }
    const decided = verdicts;
    return node => decided[node] === VISIBLE;
  }

  /** Which of `refs` (lowercased) the caller may see, refs the graph lacks never. */
  async visibleRefs(
    graph: CatalogGraph,
    refs: string[],
    credentials: BackstageCredentials,
  ): Promise<Set<string>> {
    const nodes: number[] = [];
    for (const ref of refs) {
      const node = graph.idOf(ref);
      if (node !== undefined) nodes.push(node);
    }
    const visible = await this.visibleAmong(graph, nodes, credentials);
    return new Set(nodes.filter(visible).map(node => graph.refOf(node)));
  }

  private entryFor(credentials: BackstageCredentials): CallerEntry {
    const now = (this.options.now ?? Date.now)();
    const key = callerKey(credentials);
    const known = this.callers.get(key);
    if (known && known.expires > now) return known;
    const entry: CallerEntry = {
      expires: now + DECISION_TTL_MS,
      decision: this.decide(credentials),
      verdicts: new WeakMap(),
    };
    // a failed decision is not remembered: the next request asks again
    entry.decision.catch(() => {
      if (this.callers.get(key) === entry) this.callers.delete(key);
    });
    this.callers.delete(key);
    this.callers.set(key, entry);
    this.prune(now);
    return entry;
  }

  private async decide(credentials: BackstageCredentials): Promise<Decision> {
    const [decision] = await unlessUnavailable('The permission framework', () =>
      this.options.permissions.authorizeConditional(
        [{ permission: catalogEntityReadPermission }],
        { credentials },
      ),
    );
    if (decision.result === AuthorizeResult.CONDITIONAL) {
      return {
        result: AuthorizeResult.CONDITIONAL,
        condition: compileReadConditions(decision.conditions),
      };
    }
    return { result: decision.result };
  }

  private prune(now: number) {
    if (this.callers.size <= MAX_CALLERS) return;
    for (const [key, entry] of this.callers) {
      if (entry.expires <= now) this.callers.delete(key);
    }
    // a Map iterates in insertion order, so the first are the oldest
    for (const key of this.callers.keys()) {
      if (this.callers.size <= MAX_CALLERS) break;
      this.callers.delete(key);
    }
  }
}
