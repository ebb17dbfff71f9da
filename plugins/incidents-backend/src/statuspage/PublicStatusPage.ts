import { createHash } from 'node:crypto';
import { GraphService } from '../graph/GraphService';
import { renderAtom, renderRss, renderStatusPage } from './renderPublic';
import {
  componentsJson,
  incidentJson,
  PageInfo,
  pageStatus,
  PublicComponent,
} from './statuspageJson';
import { PublicIncidentsService } from './PublicIncidentsService';
import { StatusPageSettings } from './settings';
import { StatusComponentsService } from './StatusComponentsService';
import { StatusIncidentRecord, StatusPageStore } from './StatusPageStore';
import { uptimeOf } from './uptime';

/** The public documents, by name; each is rendered once per snapshot, on first use. */
export type PublicDocument =
  | 'summary'
  | 'status'
  | 'components'
  | 'incidents'
  | 'incidents/unresolved'
  | 'scheduled-maintenances'
  | 'scheduled-maintenances/upcoming'
  | 'scheduled-maintenances/active'
  | 'html'
  | 'atom'
  | 'rss';

const DAY_MS = 86_400_000;
/** The longest a snapshot lives whatever happens, so annotation changes show within a minute. */
const MAX_AGE_MS = 60_000;

interface Snapshot {
  stamp: string;
  checkedAt: number;
  /** The count of incident changes on this replica when the stamp was last read. */
  checkedGeneration: number;
  validUntil: number;
  page: PageInfo;
  components: PublicComponent[];
  incidents: StatusIncidentRecord[];
  maintenances: StatusIncidentRecord[];
  uptimeIncidents: StatusIncidentRecord[];
  builtAt: number;
  rendered: Map<PublicDocument, RenderedDocument>;
}

/** A document ready to send: its bytes and their ETag, computed once per snapshot. */
export interface RenderedDocument {
  body: Buffer;
  etag: string;
}

/**
 * What the public routes serve, computed from the status page, the live status of the mapped
 * entities and the clock, and cached per replica. A cached snapshot is served without touching
 * the database for `checkIntervalMs`; then one cheap stamp query (page version, newest incident
 * event, open incidents, maintenance windows in force) decides whether it still holds, so a
 * change made on another replica shows within `checkIntervalMs`, and one made here at once:
 * a change of the page drops the snapshot, a committed incident change makes the next request
 * check the stamp. Concurrent requests share one check and one rebuild.
 */
export class PublicStatusPage {
  private snapshot?: Snapshot;
  private pending?: { generation: number; snapshot: Promise<Snapshot> };
  /** Incident changes committed on this replica, so far. */
  private generation = 0;
  private graphIds = new WeakMap<object, number>();
  private nextGraphId = 1;

  constructor(
    private readonly options: {
      settings: StatusPageSettings;
      components: Pick<
        StatusComponentsService,
        'publicComponents' | 'effectiveMaintenance'
      >;
      publicIncidents: Pick<
        PublicIncidentsService,
        'listPublicIncidents' | 'incidentsSince'
      >;
      store: Pick<StatusPageStore, 'changeStamp'>;
      graph: Pick<GraphService, 'graph'>;
      baseUrl: () => Promise<string>;
      clock?: () => number;
    },
  ) {}

  /** Drops this replica's snapshot: the next request rebuilds. */
  invalidate(): void {
    this.snapshot = undefined;
  }

  /**
   * An incident changed on this replica, and with it perhaps the live status the page shows:
   * the next request checks the stamp at once instead of after `checkIntervalMs`. A check
   * under way started before the change, so it does not count.
   */
  recheck(): void {
    this.generation++;
  }

  async baseUrl(): Promise<string> {
    return this.options.baseUrl();
  }

  /** A rendered document, from the cache when it still holds. */
  async document(name: PublicDocument): Promise<RenderedDocument> {
    const snapshot = this.options.settings.cache.enabled
      ? await this.current()
      : await this.build(await this.stamp(), this.generation);
    let doc = snapshot.rendered.get(name);
    if (doc === undefined) {
      const body = Buffer.from(await this.render(name, snapshot), 'utf8');
      doc = {
        body,
        etag: `"${createHash('sha1').update(body).digest('base64url')}"`,
      };
      snapshot.rendered.set(name, doc);
    }
    return doc;
  }

  private async current(): Promise<Snapshot> {
    const now = this.now();
    const snap = this.snapshot;
    const { checkIntervalMs } = this.options.settings.cache;
    const generation = this.generation;
    if (
      snap &&
      snap.checkedGeneration === generation &&
      now < snap.validUntil &&
      now - snap.checkedAt < checkIntervalMs
    ) {
      return snap;
    }
    if (this.pending?.generation !== generation) {
      const pending = {
        generation,
        snapshot: this.refresh(snap, generation).finally(() => {
          if (this.pending === pending) this.pending = undefined;
        }),
      };
      this.pending = pending;
    }
    return this.pending.snapshot;
  }

  private async refresh(
    previous: Snapshot | undefined,
    generation: number,
  ): Promise<Snapshot> {
    const stamp = await this.stamp();
    const now = this.now();
    if (previous && previous.stamp === stamp && now < previous.validUntil) {
      previous.checkedAt = now;
      previous.checkedGeneration = Math.max(
        previous.checkedGeneration,
        generation,
      );
      return previous;
    }
    const fresh = await this.build(stamp, generation);
    // an invalidation during the build means a change this snapshot may not hold
    if (this.snapshot === previous) this.snapshot = fresh;
    return fresh;
  }

  private async stamp(): Promise<string> {
    const graph = await this.options.graph.graph();
    let graphId = this.graphIds.get(graph);
    if (!graphId) {
      graphId = this.nextGraphId++;
      this.graphIds.set(graph, graphId);
    }
    return `${await this.options.store.changeStamp()}:${graphId}`;
  }

  private async build(stamp: string, generation: number): Promise<Snapshot> {
    const { settings, components: source, publicIncidents } = this.options;
    const now = this.now();
    const [incidents, rawMaintenances, uptimeIncidents] = await Promise.all([
      publicIncidents.listPublicIncidents({ kind: 'incident', limit: 50 }),
      publicIncidents.listPublicIncidents({ kind: 'maintenance', limit: 50 }),
      publicIncidents.incidentsSince(new Date(now - 90 * DAY_MS).toISOString()),
    ]);
    const maintenances = rawMaintenances.map(m =>
      source.effectiveMaintenance(m, now),
    );
    const active = maintenances.filter(
      m => m.status === 'in_progress' || m.status === 'verifying',
    );
    const components = await source.publicComponents(active);
    // the snapshot expires at the next maintenance boundary and at midnight (the uptime bars)
    let validUntil = Math.min(
      now + MAX_AGE_MS,
      (Math.floor(now / DAY_MS) + 1) * DAY_MS,
    );
    for (const m of rawMaintenances) {
      for (const at of [m.scheduledFor, m.scheduledUntil]) {
        const t = at ? Date.parse(at) : NaN;
        if (t > now && t < validUntil) validUntil = t;
      }
    }
    const updatedAt = [
      ...components.map(c => c.updatedAt),
      ...incidents.map(i => i.updatedAt),
      ...maintenances.map(i => i.updatedAt),
    ].reduce((a, b) => (a > b ? a : b), new Date(0).toISOString());
    const baseUrl = await this.options.baseUrl();
    return {
      stamp,
      checkedAt: now,
      checkedGeneration: generation,
      validUntil,
      builtAt: now,
      page: {
        id: settings.pageId,
        name: settings.name,
        url: settings.url ?? `${baseUrl}/status`,
        time_zone: 'Etc/UTC',
        updated_at:
          updatedAt === new Date(0).toISOString()
            ? new Date(now).toISOString()
            : updatedAt,
      },
      components,
      incidents,
      maintenances,
      uptimeIncidents,
      rendered: new Map(),
    };
  }

  private async render(name: PublicDocument, s: Snapshot): Promise<string> {
    const page = { id: s.page.id, url: s.page.url };
    const incident = (i: StatusIncidentRecord) =>
      incidentJson(i, s.components, page);
    const unresolved = s.incidents.filter(
      i => i.status !== 'resolved' && (i.status as string) !== 'postmortem',
    );
    const upcoming = s.maintenances.filter(m => m.status === 'scheduled');
    const active = s.maintenances.filter(
      m => m.status === 'in_progress' || m.status === 'verifying',
    );
    const status = pageStatus(s.components, unresolved);
    const json = (value: object) => JSON.stringify({ page: s.page, ...value });
    switch (name) {
      case 'summary':
        return json({
          components: componentsJson(s.components, s.page.id),
          incidents: unresolved.map(incident),
          scheduled_maintenances: [...active, ...upcoming].map(incident),
          status,
        });
      case 'status':
        return json({ status });
      case 'components':
        return json({ components: componentsJson(s.components, s.page.id) });
      case 'incidents':
        return json({ incidents: s.incidents.map(incident) });
      case 'incidents/unresolved':
        return json({ incidents: unresolved.map(incident) });
      case 'scheduled-maintenances':
        return json({ scheduled_maintenances: s.maintenances.map(incident) });
      case 'scheduled-maintenances/upcoming':
        return json({ scheduled_maintenances: upcoming.map(incident) });
      case 'scheduled-maintenances/active':
        return json({ scheduled_maintenances: active.map(incident) });
      case 'atom':
        return renderAtom(
          s.page,
          [...s.incidents, ...s.maintenances].sort((a, b) =>
            b.updatedAt.localeCompare(a.updatedAt),
          ),
          `${await this.options.baseUrl()}/status/feed.atom`,
        );
      case 'rss':
        return renderRss(
          s.page,
          [...s.incidents, ...s.maintenances].sort((a, b) =>
            b.updatedAt.localeCompare(a.updatedAt),
          ),
        );
      case 'html':
      default:
        return renderStatusPage({
          page: s.page,
          indicator: status,
          components: s.components,
          uptime: new Map(
            s.components.map(c => [
              c.id,
              uptimeOf(c, s.uptimeIncidents, s.builtAt),
            ]),
          ),
          unresolved,
          maintenances: [...active, ...upcoming],
          recent: s.incidents.filter(i => i.status === 'resolved').slice(0, 10),
          baseUrl: await this.options.baseUrl(),
          emailEnabled: this.options.settings.emailEnabled,
        });
    }
  }

  private now(): number {
    return this.options.clock?.() ?? Date.now();
  }
}
