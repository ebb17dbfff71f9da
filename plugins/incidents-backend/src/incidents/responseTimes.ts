import {
  Incident,
  IncidentMetrics,
  ResponseTimes,
  SEVERITIES,
} from '@lookout/plugin-incidents-common';
import { IncidentFilter, IncidentsStore } from './IncidentsStore';

/** How many incidents one read of the measured window takes. */
const READ_PAGE = 1000;

/**
 * Mean time to acknowledge and to resolve of the incidents a filter selects, overall and per
 * severity. Merged duplicates do not count: their primary stands for them. The times come
 * from the timelines (the store derives acknowledgedAt and resolvedAt from them).
 */
export async function measureResponseTimes(
  store: Pick<IncidentsStore, 'listIncidents'>,
  filter: Omit<IncidentFilter, 'after' | 'limit'>,
): Promise<Omit<IncidentMetrics, 'from' | 'to'>> {
  const incidents: Incident[] = [];
  let after;
  do {
    const page = await store.listIncidents({
      ...filter,
      after,
      limit: READ_PAGE,
    });
    incidents.push(...page.items.filter(i => i.status !== 'merged'));
    after = page.last;
  } while (after);

  const bySeverity = Object.fromEntries(
    SEVERITIES.map(severity => [
      severity,
      responseTimes(incidents.filter(i => i.severity === severity)),
    ]),
  ) as IncidentMetrics['bySeverity'];
  return { ...responseTimes(incidents), bySeverity };
}

function responseTimes(incidents: Incident[]): ResponseTimes {
  const mean = (pairs: Array<[string, string | null]>) => {
    const spans = pairs
      .filter((pair): pair is [string, string] => pair[1] !== null)
      .map(([start, end]) => (Date.parse(end) - Date.parse(start)) / 1000);
    return spans.length
      ? Math.round(spans.reduce((sum, s) => sum + s, 0) / spans.length)
      : null;
  };
  return {
    count: incidents.length,
    mttaSeconds: mean(incidents.map(i => [i.declaredAt, i.acknowledgedAt])),
    mttrSeconds: mean(incidents.map(i => [i.declaredAt, i.resolvedAt])),
  };
}
