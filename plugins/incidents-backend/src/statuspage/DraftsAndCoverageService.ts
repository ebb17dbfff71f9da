import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { NotFoundError } from '@backstage/errors';
import {
  Incident,
  PublicIncidentStatus,
  StatusUpdateDraft,
  UpdateCoverage,
} from '@lookout/plugin-incidents-common';
import { parseIncidentId } from '../incidents/incidentIds';
import { impactForStatus, SEVERITY_IMPACT, worstStatus } from './impact';
import { PublicIncidentsService } from './PublicIncidentsService';
import {
  StatusComponentsService,
  StatusComponentWithReasons,
} from './StatusComponentsService';
import { StatusPageAccess } from './StatusPageAccess';
import { StatusPageStore } from './StatusPageStore';
import { fillTemplate } from './templates';

/**
 * What the draft says when customers reported the incident to support: that they did, and that
 * each hears back; never who they are or what their tickets say (the page is public).
 */
const REPORTED = {
  open: 'Customers have reported this to our support team, and each of them will hear from us when it is resolved.',
  after:
    'Every customer who reported this to our support team will hear from us directly.',
};

/**
 * What helps the communications lead write and follow an update: a draft prefilled from the
 * internal incident, and for each update sent, the share of its audience it reached.
 */
export class DraftsAndCoverageService {
  constructor(
    private readonly options: {
      store: Pick<
        StatusPageStore,
        'listIncidents' | 'getIncident' | 'deliveryCounts'
      >;
      components: Pick<StatusComponentsService, 'components'>;
      publicIncidents: Pick<PublicIncidentsService, 'templates'>;
      access: Pick<
        StatusPageAccess,
        'requireManage' | 'requireManageOrRead' | 'internalIncident'
      >;
      /** How many customer reports the support domain linked to each incident. */
      customerReports?: {
        of(incidentIds: string[]): Promise<Array<{ reports: number }>>;
      };
    },
  ) {}

  /**
   * A draft prefilled from the internal incident: affected components, status, impact, and the
   * template of the status with its placeholders filled.
   */
  async draft(
    incidentId: string,
    credentials: BackstageCredentials,
    /** The status to draft for; by default the one the incident's own status implies. */
    forStatus?: PublicIncidentStatus,
  ): Promise<StatusUpdateDraft> {
    const { access } = this.options;
    await access.requireManage(credentials);
    const incident = await access.internalIncident(incidentId, credentials);
    const [published] = await this.options.store.listIncidents({
      incidentSeq: parseIncidentId(incident.id),
      limit: 1,
    });
    const components = await this.options.components.components();
    const refs = new Set([incident.entityRef, ...incident.impactedEntityRefs]);
    const affected = components.filter(
      c =>
        [...c.entityRefs, ...c.annotatedEntityRefs].some(ref =>
          refs.has(ref),
        ) || reasonsMention(c, incident.id),
    );
    const status = forStatus ?? draftStatus(incident.status);
    const names = affected.map(c => c.name);
    const template = this.options.publicIncidents
      .templates()
      .find(t => t.status === status)!;
    const listed =
      names.length > 1
        ? `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`
        : names[0];
    const name =
      published?.name ??
      (listed
        ? `${listed} ${
            SEVERITY_IMPACT[incident.severity] === 'critical'
              ? 'unavailable'
              : 'disruption'
          }`
        : 'Service disruption');
    const [reported] = await (this.options.customerReports?.of([incident.id]) ??
      []);
    const worst = worstStatus(affected.map(c => c.liveStatus));
    const impact =
      worst === 'operational' || worst === 'under_maintenance'
        ? SEVERITY_IMPACT[incident.severity]
        : impactForStatus(worst);
    return {
      incidentId: incident.id,
      publicIncidentId:
        published && published.status !== 'resolved' ? published.id : null,
      name,
      status,
      impact,
      componentIds: affected.map(c => c.id),
      template: template.id,
      body: withReports(
        template.body,
        {
          name,
          status,
          impact,
          components: names.length ? names.join(', ') : 'some of our services',
          customerImpact: incident.customerImpact ?? '',
        },
        reported?.reports
          ? REPORTED[status === 'resolved' ? 'after' : 'open']
          : '',
      ),
    };
  }

  /** For each update of the public incident, the share of its audience it reached. */
  async coverage(
    id: string,
    credentials: BackstageCredentials,
  ): Promise<UpdateCoverage[]> {
    await this.options.access.requireManageOrRead(credentials);
    const record = await this.options.store.getIncident(id);
    if (!record) throw new NotFoundError(`No public incident ${id}`);
    const counts = await this.options.store.deliveryCounts(
      record.updates.map(u => u.id),
    );
    const byId = new Map(counts.map(c => [c.updateId, c]));
    return record.updates.map(update => {
      const c = byId.get(update.id) ?? {
        updateId: update.id,
        total: 0,
        delivered: 0,
        failed: 0,
        pending: 0,
      };
      return {
        updateId: update.id,
        status: update.status,
        createdAt: update.createdAt,
        total: c.total,
        delivered: c.delivered,
        failed: c.failed,
        pending: c.pending,
        share: c.total === 0 ? 1 : c.delivered / c.total,
      };
    });
  }
}

/**
 * The template filled, with the sentence on customer reports beside the customer impact where
 * the template has `{{customerImpact}}` (only the investigating one does by default), and after
 * the body where it has none.
 */
function withReports(
  body: string,
  values: Record<string, string>,
  reported: string,
): string {
  if (!reported) return fillTemplate(body, values);
  if (/\{\{\s*customerImpact\s*\}\}/.test(body)) {
    return fillTemplate(body, {
      ...values,
      customerImpact: [values.customerImpact, reported]
        .filter(Boolean)
        .join(' '),
    });
  }
  return `${fillTemplate(body, values)} ${reported}`;
}

/** Whether the incident is behind the component's live status (through the blast radius too). */
function reasonsMention(
  component: StatusComponentWithReasons,
  incidentId: string,
): boolean {
  return component.reasons.includes(incidentId);
}

/** The public status an internal incident's status suggests. */
function draftStatus(status: Incident['status']): PublicIncidentStatus {
  switch (status) {
    case 'identified':
      return 'identified';
    case 'monitoring':
      return 'monitoring';
    case 'resolved':
    case 'closed':
      return 'resolved';
    default:
      return 'investigating';
  }
}
