import { LiveStatus, liveStatusRank } from '@lookout/plugin-incidents-common';
import { createHash } from 'node:crypto';
import { StatusIncidentRecord } from './StatusPageStore';

/** The page as Statuspage's public API v2 describes it. */
export interface PageInfo {
  id: string;
  name: string;
  url: string;
  time_zone: string;
  updated_at: string;
}

/** A component with the status the page shows; nothing internal. */
export interface PublicComponent {
  id: string;
  name: string;
  description: string | null;
  group: string | null;
  position: number;
  status: LiveStatus;
  createdAt: string;
  updatedAt: string;
}

export type Indicator = 'none' | 'minor' | 'major' | 'critical' | 'maintenance';

const INDICATOR_DESCRIPTION: Record<Indicator, string> = {
  none: 'All Systems Operational',
  minor: 'Minor Service Outage',
  major: 'Partial System Outage',
  critical: 'Major System Outage',
  maintenance: 'Service Under Maintenance',
};

const STATUS_INDICATOR: Record<LiveStatus, Indicator> = {
  operational: 'none',
  under_maintenance: 'maintenance',
  degraded_performance: 'minor',
  partial_outage: 'major',
  major_outage: 'critical',
};

const INDICATOR_RANK: Record<Indicator, number> = {
  none: 0,
  maintenance: 1,
  minor: 2,
  major: 3,
  critical: 4,
};

/** A stable Statuspage-style id for a component group, from its name. */
export function groupId(name: string): string {
  return createHash('sha256')
    .update(`group:${name}`)
    .digest('hex')
    .slice(0, 12);
}

/**
 * The page indicator: the worst of the components' statuses and of the unresolved incidents'
 * impacts, as Statuspage blends them.
 */
export function pageStatus(
  components: PublicComponent[],
  unresolved: StatusIncidentRecord[],
): { indicator: Indicator; description: string } {
  let indicator: Indicator = 'none';
  const worse = (candidate: Indicator) => {
    if (INDICATOR_RANK[candidate] > INDICATOR_RANK[indicator]) {
      indicator = candidate;
    }
  };
  for (const component of components) worse(STATUS_INDICATOR[component.status]);
  for (const incident of unresolved) {
    if (incident.impact !== 'none') worse(incident.impact);
  }
  return { indicator, description: INDICATOR_DESCRIPTION[indicator] };
}

/** Components and their groups, in Statuspage's flat shape (a group lists its members' ids). */
export function componentsJson(
  components: PublicComponent[],
  pageId: string,
): object[] {
  const out: object[] = [];
  const groups = new Map<string, { members: PublicComponent[]; at: number }>();
  for (const component of components) {
    if (!component.group) continue;
    const group = groups.get(component.group) ?? {
      members: [],
      at: component.position,
    };
    group.members.push(component);
    groups.set(component.group, group);
  }
  for (const [name, group] of groups) {
    const worst = group.members.reduce<LiveStatus>(
      (acc, c) =>
        liveStatusRank(c.status) > liveStatusRank(acc) ? c.status : acc,
      'operational',
    );
    out.push({
      id: groupId(name),
      name,
      status: worst,
      created_at: min(group.members.map(m => m.createdAt)),
      updated_at: max(group.members.map(m => m.updatedAt)),
      position: group.at,
      description: null,
      showcase: false,
      start_date: null,
      group_id: null,
      page_id: pageId,
      group: true,
      only_show_if_degraded: false,
      components: group.members.map(m => m.id),
    });
  }
  for (const component of components) {
    out.push({
      id: component.id,
      name: component.name,
      status: component.status,
      created_at: component.createdAt,
      updated_at: component.updatedAt,
      position: component.position,
      description: component.description,
      showcase: false,
      start_date: null,
      group_id: component.group ? groupId(component.group) : null,
      page_id: pageId,
      group: false,
      only_show_if_degraded: false,
    });
  }
  return out;
}

/**
 * One incident or maintenance in Statuspage's shape: the customer-facing name and updates
 * only; who published, and from which internal incident, stay out.
 */
export function incidentJson(
  incident: StatusIncidentRecord,
  components: PublicComponent[],
  page: { id: string; url: string },
): object {
  const byId = new Map(components.map(c => [c.id, c]));
  const affected = incident.componentIds
    .map(id => byId.get(id))
    .filter((c): c is PublicComponent => Boolean(c));
  return {
    id: incident.id,
    name: incident.name,
    status: incident.status,
    created_at: incident.createdAt,
    updated_at: incident.updatedAt,
    monitoring_at: incident.monitoringAt,
    resolved_at: incident.resolvedAt,
    impact: incident.impact,
    shortlink: `${page.url}#${incident.id}`,
    started_at: incident.startedAt,
    page_id: page.id,
    ...(incident.kind === 'maintenance'
      ? {
          scheduled_for: incident.scheduledFor,
          scheduled_until: incident.scheduledUntil,
        }
      : {}),
    incident_updates: incident.updates.map(update => ({
      id: update.id,
      status: update.status,
      body: update.body,
      incident_id: incident.id,
      created_at: update.createdAt,
      updated_at: update.createdAt,
      display_at: update.createdAt,
      affected_components: null,
    })),
    components: affected.map(c => ({
      id: c.id,
      name: c.name,
      status: c.status,
      created_at: c.createdAt,
      updated_at: c.updatedAt,
      position: c.position,
      description: c.description,
      showcase: false,
      start_date: null,
      group_id: c.group ? groupId(c.group) : null,
      page_id: page.id,
      group: false,
      only_show_if_degraded: false,
    })),
  };
}

function min(values: string[]): string {
  return values.reduce((a, b) => (a < b ? a : b));
}

function max(values: string[]): string {
  return values.reduce((a, b) => (a > b ? a : b));
}
