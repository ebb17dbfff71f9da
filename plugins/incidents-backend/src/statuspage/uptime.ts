import { StatusIncidentRecord } from './StatusPageStore';

export interface UptimeDay {
  /** YYYY-MM-DD, UTC. */
  date: string;
  /** The worst public incident impact that day; `nodata` before the component existed. */
  level: 'none' | 'minor' | 'major' | 'critical' | 'nodata';
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
const LEVEL_RANK = { nodata: -1, none: 0, minor: 1, major: 2, critical: 3 };

/**
 * Uptime bars of one component over `days` days ending today, from the public incidents that
 * named it: what the page told customers, so the bars never disagree with the incident history.
 */
export function uptimeOf(
  component: { id: string; createdAt: string },
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
      }
    }
  }
  return {
    days: out,
    percent:
      observed > 0
        ? Math.max(0, 100 * (1 - Math.min(downtime, observed) / observed))
        : null,
  };
}
