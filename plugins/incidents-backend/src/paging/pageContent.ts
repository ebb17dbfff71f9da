import { AuthService } from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  ANNOTATION_RUNBOOKS,
  BlastRadiusSummary,
  Incident,
} from '@lookout/plugin-incidents-common';
import { parseIncidentId } from '../incidents/incidentIds';
import { PageRecord } from './PagingStore';

/** Everything a page tells the person it reaches. */
export interface PageContent {
  incident: Incident;
  incidentUrl: string;
  blastRadius: BlastRadiusSummary | null;
  runbookUrl: string | null;
  acknowledgeUrl: string;
  title: string;
  description: string;
}

/** How long what an incident's pages share (blast radius, runbook) is reused. */
const SHARED_TTL_MS = 10_000;

const incidentSeq = (incident: Incident) => parseIncidentId(incident.id);

/** Builds a page's content: the incident, what it hurts, its runbook and an acknowledge link. */
export class PageComposer {
  /** Per incident: a level pages several people, and each page would read the same. */
  private readonly shared = new Map<
    number,
    {
      at: number;
      value: Promise<[BlastRadiusSummary | null, string | null]>;
    }
  >();

  constructor(
    private readonly options: {
      /** The incident's latest recorded blast radius. */
      blastRadius: (seq: number) => Promise<BlastRadiusSummary | null>;
      /** The same for several incidents in one read, for {@link prime}. */
      blastRadii?: (seqs: number[]) => Promise<Map<number, BlastRadiusSummary>>;
      catalog: Pick<CatalogService, 'getEntityByRef'>;
      auth: Pick<AuthService, 'getOwnServiceCredentials'>;
      /** The portal's base URL (`app.baseUrl`). */
      appBaseUrl: string;
      /** The backend plugin's external base URL. */
      backendBaseUrl: () => Promise<string>;
      acknowledgeToken: (pageId: string, now: number) => Promise<string>;
    },
  ) {}

  /** `now` is the database clock, from which the acknowledge link's expiry counts. */
  async compose(
    page: PageRecord,
    incident: Incident,
    now: number,
  ): Promise<PageContent> {
    const [[blastRadius, runbookUrl], backendBaseUrl, token] =
      await Promise.all([
        this.sharedFor(page.incidentSeq, incident),
        this.options.backendBaseUrl(),
        this.options.acknowledgeToken(page.id, now),
      ]);
    const incidentUrl = this.incidentUrl(incident.id);
    const acknowledgeUrl = `${backendBaseUrl}/ack-links/${token}`;
    const impact = blastRadius
      ? [
          `Blast radius: ${blastRadius.total} entities`,
          blastRadius.systems.length
            ? ` across ${blastRadius.systems.join(', ')}`
            : '',
          blastRadius.customerFacing.length
            ? `; customer-facing: ${blastRadius.customerFacing.join(', ')}`
            : '',
        ].join('')
      : 'Blast radius: not computed';
    const description = [
      `${incident.severity} on ${incident.entityRef}, ${incident.status}.`,
      page.reason ? `You are paged as ${page.reason}.` : '',
      impact,
      runbookUrl ? `Runbook: ${runbookUrl}` : 'No runbook linked.',
      `Acknowledge: ${acknowledgeUrl}`,
    ]
      .filter(Boolean)
      .join('\n');
    return {
      incident,
      incidentUrl,
      blastRadius,
      runbookUrl,
      acknowledgeUrl,
      title: `[${incident.severity}] ${incident.id}: ${incident.title}`,
      description,
    };
  }

  /**
   * Reads what the pages of these incidents share in one go, so that composing a batch of
   * pages does not read each incident's blast radius on its own.
   */
  async prime(incidents: Incident[]): Promise<void> {
    const now = Date.now();
    const missing = incidents.filter(incident => {
      const cached = this.shared.get(incidentSeq(incident));
      return !cached || now - cached.at >= SHARED_TTL_MS;
    });
    if (!this.options.blastRadii || missing.length === 0) return;
    const radii = await this.options.blastRadii(missing.map(incidentSeq));
    if (this.shared.size + missing.length > 1000) this.shared.clear();
    for (const incident of missing) {
      const seq = incidentSeq(incident);
      const value = Promise.all([
        radii.get(seq) ?? null,
        this.runbook(incident),
      ] as const);
      value.catch(() => this.shared.delete(seq));
      this.shared.set(seq, { at: now, value });
    }
  }

  /** The incident's page in the portal. */
  incidentUrl(incidentId: string): string {
    return `${this.options.appBaseUrl}/incidents/${incidentId}`;
  }

  private sharedFor(seq: number, incident: Incident) {
    const cached = this.shared.get(seq);
    if (cached && Date.now() - cached.at < SHARED_TTL_MS) return cached.value;
    const value = Promise.all([
      this.options.blastRadius(seq),
      this.runbook(incident),
    ]);
    value.catch(() => this.shared.delete(seq));
    if (this.shared.size > 1000) this.shared.clear();
    this.shared.set(seq, { at: Date.now(), value });
    return value;
  }

  /**
   * A link of the incident titled like a runbook, else the first URL in the origin entity's
   * runbook annotation. A catalog that cannot answer leaves the page without one.
   */
  private async runbook(incident: Incident): Promise<string | null> {
    const linked = incident.links.find(l => /runbook/i.test(l.title));
    if (linked) return linked.url;
    try {
      const entity = await this.options.catalog.getEntityByRef(
        incident.entityRef,
        { credentials: await this.options.auth.getOwnServiceCredentials() },
      );
      const annotation =
        entity?.metadata.annotations?.[ANNOTATION_RUNBOOKS] ?? '';
      const url = annotation
        .split(',')
        .map(s => s.trim())
        .find(s => /^https?:\/\//.test(s));
      return url ?? null;
    } catch {
      return null;
    }
  }
}
