import {
  AuthService,
  BackstageCredentials,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  BlastRadius,
  BlastRadiusDirection,
  EntityStatusResponse,
} from '@lookout/plugin-incidents-common';
import { normalizeRef } from '../lib/entityRefs';
import { IncidentsStore } from '../incidents/IncidentsStore';
import { IncidentsAuthorizer } from '../permissions/IncidentsAuthorizer';
import { CatalogGraph } from './CatalogGraph';
import { EDGE } from './relations';
import {
  BLAST_RADIUS_LIMITS,
  candidateNodes,
  collectBlastRadius,
  describeBlastRadius,
} from './describeBlastRadius';
import { listOpenIncidents } from './listOpenIncidents';
import { ActiveMaintenance, LiveStatusIndex, OpenIncident } from './liveStatus';
import { CatalogMirror } from './CatalogMirror';
import { EntityVisibility } from './EntityVisibility';
import { GraphBuilder } from './GraphBuilder';
import { unlessUnavailable } from './unavailable';

export interface BlastRadiusRequest {
  entityRef: string;
  direction?: BlastRadiusDirection;
  maxDepth?: number;
  limit?: number;
}

/** The refs a walk met that the graph does not hold as catalog entities. */
const missingRefs = (
  graph: CatalogGraph,
  candidates: ReturnType<typeof collectBlastRadius>,
) => candidates.missing.map(state => graph.refOf(candidates.walk.nodes[state]));

/** How many times a walk reads refs it met on demand and walks again. */
const ON_DEMAND_ROUNDS = 3;

const clamp = (value: number, min: number, max: number) =>
  Math.max(min, Math.min(max, Math.floor(value)));

const notFound = (refs: string[]) =>
  new NotFoundError(
    `Not in the catalog, or not visible to you: ${refs.join(', ')}`,
  );

/**
 * The catalog graph of this backend replica and what is answered from it: blast radius and
 * live status. The graph is read with the plugin's own service credentials (it is shared by
 * every caller); each answer is then cut down to what the caller may see (EntityVisibility:
 * one permission decision per caller, conditions decided on the graph). When the catalog or
 * the permission framework cannot answer what a request needs, the request fails with
 * ServiceUnavailableError (503), never with an error of ours.
 */
export class GraphService {
  private current?: CatalogGraph;
  /** What the graph was built from, so a refresh reads only what changed. */
  private readonly mirror = new CatalogMirror();
  private loading?: Promise<{ graph: CatalogGraph; changed: boolean }>;
  /** Refs walks met that the catalog did not have when read on demand; until the next refresh. */
  private absent = new Set<string>();
  private readonly visibility: EntityVisibility;
  private statusMemo?: {
    graph: CatalogGraph;
    key: string;
    index: LiveStatusIndex;
  };

  constructor(
    private readonly options: {
      catalog: CatalogService;
      auth: AuthService;
      /** Decides `catalog.entity.read` for each caller, as the catalog's own checks do. */
      permissions: Pick<PermissionsService, 'authorizeConditional'>;
      logger: LoggerService;
      incidents: Pick<IncidentsStore, 'listIncidents'>;
      authorizer: Pick<IncidentsAuthorizer, 'readCondition'>;
      /**
       * Extension point for maintenance windows: the active ones, which give
       * `under_maintenance`. Lookout has none yet, so nothing passes this.
       */
      maintenance?: () => Promise<ActiveMaintenance[]>;
    },
  ) {
    this.visibility = new EntityVisibility({
      permissions: options.permissions,
      catalog: options.catalog,
    });
  }

  /**
   * Brings the graph up to date with the catalog and swaps in a new graph if anything
   * changed; run by the scheduler. The first call reads the whole catalog; later ones list
   * entity versions and read only the new and changed entities (see CatalogMirror).
   * Concurrent calls share one read.
   */
  async refresh(): Promise<{ changed: boolean; graph: CatalogGraph }> {
    if (!this.loading) {
      this.loading = this.load().finally(() => {
        this.loading = undefined;
      });
    }
    return this.loading;
  }

  /** The current graph, loading it on first use. */
  async graph(): Promise<CatalogGraph> {
    return (
      this.current ??
      (await unlessUnavailable('The catalog', () => this.refresh())).graph
    );
  }

  /**
   * The owner (`ownedBy`) of each ref that is a catalog entity, or null when it has none;
   * refs that are not entities are left out. Answered from the graph, so routing an alert
   * asks the catalog nothing unless a ref is new since the last refresh (then it is loaded on
   * demand). An ownership change shows from the next refresh.
   */
  async ownersOf(refs: string[]): Promise<Map<string, string | null>> {
    const graph = await this.graphWith(refs);
    const owners = new Map<string, string | null>();
    for (const ref of refs) {
      const id = graph.idOf(ref);
      if (id === undefined || !graph.inCatalog(id)) continue;
      const owned = graph.targets(id, EDGE.ownedBy);
      owners.set(ref, owned.length > 0 ? graph.refOf(owned[0]) : null);
    }
    return owners;
  }

  /**
   * What `entityRef` depends on, nearest first, as the caller may see it: the upstream walk
   * that changes and postmortems are correlated along.
   */
  async upstreamOf(
    entityRef: string,
    credentials: BackstageCredentials,
  ): Promise<Array<{ entityRef: string; distance: number }>> {
    const radius = await this.blastRadius(
      { entityRef, direction: 'upstream' },
      credentials,
    );
    return radius.impacted.map(({ entityRef: ref, distance }) => ({
      entityRef: ref,
      distance,
    }));
  }

  async blastRadius(
    request: BlastRadiusRequest,
    credentials: BackstageCredentials,
  ): Promise<BlastRadius> {
    const entityRef = normalizeRef(request.entityRef, 'entityRef');
    const options = {
      direction: request.direction ?? 'downstream',
      maxDepth: clamp(
        request.maxDepth ?? BLAST_RADIUS_LIMITS.defaultMaxDepth,
        1,
        BLAST_RADIUS_LIMITS.maxDepth,
      ),
      limit: clamp(
        request.limit ?? BLAST_RADIUS_LIMITS.defaultLimit,
        1,
        BLAST_RADIUS_LIMITS.limit,
      ),
    };
    let graph = await this.graphWith([entityRef]);
    const root = graph.idOf(entityRef);
    if (root === undefined || !graph.inCatalog(root)) {
      throw notFound([entityRef]);
    }

    let candidates = collectBlastRadius(graph, root, options);
    // refs met on the way that the graph has not loaded may be entities registered since the
    // last refresh: read them on demand, as a root is, and walk again with them (a few rounds,
    // as each may lead to more)
    for (let round = 0; round < ON_DEMAND_ROUNDS; round++) {
      const unseen = missingRefs(graph, candidates).filter(
        ref => !this.absent.has(ref),
      );
      if (unseen.length === 0) break;
      const wider = await this.graphWith(unseen);
      unseen.forEach(ref => {
        const id = wider.idOf(ref);
        if (id === undefined || !wider.inCatalog(id)) this.absent.add(ref);
      });
      if (wider === graph) break;
      graph = wider;
      candidates = collectBlastRadius(graph, graph.idOf(entityRef)!, options);
    }
    const visible = await this.visibility.visibleAmong(
      graph,
      candidateNodes(candidates),
      credentials,
    );
    if (!visible(candidates.walk.root)) throw notFound([entityRef]);
    return describeBlastRadius(candidates, visible);
  }

  async entityStatus(
    entityRefs: string[],
    credentials: BackstageCredentials,
  ): Promise<EntityStatusResponse> {
    const refs = [
      ...new Set(entityRefs.map(ref => normalizeRef(ref, 'entityRef'))),
    ];
    // the caller's read permission decides which incidents colour the answer
    const condition = await this.options.authorizer.readCondition(credentials);
    const [incidents, maintenance] = await Promise.all([
      listOpenIncidents(this.options.incidents, condition),
      this.options.maintenance?.() ?? [],
    ]);
    const graph = await this.graphWith(refs);
    const index = this.statusIndex(graph, incidents, maintenance);

    const shown = refs.flatMap(ref => [ref, ...index.refsShownBy(ref)]);
    const visible = await this.visibility.visibleRefs(
      graph,
      shown,
      credentials,
    );
    const unseen = refs.filter(ref => !visible.has(ref));
    if (unseen.length > 0) throw notFound(unseen);
    return {
      items: refs.map(ref => index.describe(ref, r => visible.has(r))),
    };
  }

  private async load(): Promise<{ graph: CatalogGraph; changed: boolean }> {
    const started = Date.now();
    const credentials = await this.options.auth.getOwnServiceCredentials();
    let what = 'loaded';
    if (this.current) {
      const { added, changed, removed } = await this.mirror.refresh(
        this.options.catalog,
        credentials,
      );
      if (added + changed + removed === 0) {
        this.options.logger.debug('Catalog graph unchanged');
        return { graph: this.current, changed: false };
      }
      what = `refreshed (${added} added, ${changed} changed, ${removed} removed)`;
    } else {
      await this.mirror.load(this.options.catalog, credentials);
    }
    const fresh = this.mirror.build();
    // keep the old graph when nothing changed, so its walk buffers and status memo stay warm
    if (this.current?.sameAs(fresh)) {
      this.options.logger.debug('Catalog graph unchanged');
      return { graph: this.current, changed: false };
    }
    this.current = fresh;
    this.absent = new Set();
    this.options.logger.info(
      `Catalog graph ${what}: ${fresh.entityCount} entities, ${
        fresh.edgeCount
      } relations, ${
        fresh.size - fresh.entityCount
      } refs missing from the catalog, ${Date.now() - started} ms`,
    );
    return { graph: fresh, changed: true };
  }

  /**
   * A graph that has `refs` as catalog entities as far as the catalog has them: the current
   * graph or, for entities registered since the last refresh, one with them loaded on demand
   * in one bulk request.
   */
  private async graphWith(refs: string[]): Promise<CatalogGraph> {
    const graph = await this.graph();
    const unseen = refs.filter(ref => {
      const id = graph.idOf(ref);
      return id === undefined || !graph.inCatalog(id);
    });
    if (unseen.length === 0) return graph;
    const credentials = await this.options.auth.getOwnServiceCredentials();
    const found = await unlessUnavailable('The catalog', () =>
      this.mirror.read(this.options.catalog, unseen, credentials),
    );
    if (found.length === 0) return graph;
    // their own relations are enough: the catalog writes every relation on both of its
    // entities, and the other sides are in the graph already
    const builder = GraphBuilder.from(graph);
    for (const entity of found) builder.addEntity(entity);
    const merged = builder.build();
    // a refresh that finished meanwhile is newer; it wins, and holds the entities if they exist
    if (this.current === graph) this.current = merged;
    return merged;
  }

  /** Live status is recomputed only when the graph or the open incidents change. */
  private statusIndex(
    graph: CatalogGraph,
    incidents: OpenIncident[],
    maintenance: ActiveMaintenance[],
  ): LiveStatusIndex {
    const key = JSON.stringify([incidents, maintenance]);
    const memo = this.statusMemo;
    if (memo && memo.graph === graph && memo.key === key) return memo.index;
    const index = new LiveStatusIndex(graph, incidents, maintenance);
    this.statusMemo = { graph, key, index };
    return index;
  }
}
