import { LiveStatus } from '@lookout/plugin-incidents-common';
import { StatusIncidentRecord } from './StatusPageStore';

export type UptimeLevel = 'none' | 'minor' | 'major' | 'critical' | 'nodata';

/**
 * Why today's bar has its level, in terms the page may show: the name of the worst public
 * incident of the day, or the component's public status now when that is worse.
 */
export type UptimeCause =
  | { kind: 'incident'; name: string }
  | { kind: 'now'; status: LiveStatus };

export interface UptimeDay {
  /** YYYY-MM-DD, UTC. */
  date: string;
  /** The worst public incident impact that day; `nodata` before the component existed. */
  level: UptimeLevel;
  /** Today only, and only when the level is not `none`. */
  cause?: UptimeCause;
}

const DAY_MS = 86_400_000;

/**
 * How much of an incident's time counts as downtime, by impact, as Statuspage counts it: a
 * major outage fully, a partial outage at 30 %, degraded performance not at all.
 */
const DOWNTIME_WEIGHT: Record<string, number> = {
  critical: 1,
  major: 0.3,
  minor: 0,
  none: 0,
};
const LEVEL_RANK: Record<UptimeLevel, number> = {
  nodata: -1,
  none: 0,
  minor: 1,
  major: 2,
  critical: 3,
};

/**
 * The bar level a component's status stands for, on the scale of incident impacts.
 * Maintenance is planned and announced, so it does not colour a bar, as on Statuspage.
 */
const STATUS_LEVEL: Record<LiveStatus, UptimeLevel> = {
  operational: 'none',
  under_maintenance: 'none',
  degraded_performance: 'minor',
  partial_outage: 'major',
  major_outage: 'critical',
};

/**
 * Uptime bars of one component over `days` days ending today, from the public incidents that
 * named it: what the page told customers, so the bars never disagree with the incident history.
 * Today's bar also takes the component's public status now (live status, blast radius or
 * override), so an outage shows before anyone has published an incident about it. The
 * percentage counts public incidents only: when a live outage began is not public.
 */
export function uptimeOf(
  component: { id: string; createdAt: string; status: LiveStatus },
  incidents: StatusIncidentRecord[],
  now: number,
  days = 90,
): { days: UptimeDay[]; percent: number | null } {
  const todayStart = Math.floor(now / DAY_MS) * DAY_MS;
  const firstDay = todayStart - (days - 1) * DAY_MS;
  const created = Date.parse(component.createdAt);
  const out: UptimeDay[] = [];
  for (let i = 0; i < days; i++) {
    const start = firstDay + i * DAY_MS;
    out.push({
      date: new Date(start).toISOString().slice(0, 10),
      level: start + DAY_MS <= created ? 'nodata' : 'none',
    });
  }
  const today = out[days - 1];
  const observedFrom = Math.max(firstDay, created);
  const observed = now - observedFrom;
  let downtime = 0;
  for (const incident of incidents) {
    if (
      incident.kind !== 'incident' ||
      !incident.componentIds.includes(component.id)
    ) {
      continue;
    }
    const from = Math.max(Date.parse(incident.startedAt), observedFrom);
    const to = Math.min(
      incident.resolvedAt ? Date.parse(incident.resolvedAt) : now,
      now,
    );
    if (to <= from) continue;
    downtime += (to - from) * (DOWNTIME_WEIGHT[incident.impact] ?? 0);
    if (incident.impact === 'none') continue;
    for (
      let day = Math.floor(from / DAY_MS) * DAY_MS;
      day < to;
      day += DAY_MS
    ) {
      const index = (day - firstDay) / DAY_MS;
      const entry = out[index];
      if (entry && LEVEL_RANK[incident.impact] > LEVEL_RANK[entry.level]) {
        entry.level = incident.impact;
        if (entry === today) {
          entry.cause = { kind: 'incident', name: incident.name };
        }
      }
    }
  }
  // a public incident explains today as well as the status does, so it wins a tie
  const nowLevel = STATUS_LEVEL[component.status];
  if (today && LEVEL_RANK[nowLevel] > LEVEL_RANK[today.level]) {
    today.level = nowLevel;
    today.cause = { kind: 'now', status: component.status };
  }
  return {
    days: out,
    percent:
      observed > 0
        ? Math.max(0, 100 * (1 - Math.min(downtime, observed) / observed))
        : null,
  };
}
