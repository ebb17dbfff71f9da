import { IncidentLink } from '@lookout/plugin-incidents-common';
import { Alert } from '@lookout/plugin-incidents-common';

/** The Prometheus-convention annotations that point at a runbook or a dashboard. */
const ANNOTATION_LINKS: Array<[string, string]> = [
  ['runbook_url', 'Runbook'],
  ['dashboard_url', 'Dashboard'],
];

function isWebUrl(url: string): boolean {
  try {
    const { protocol } = new URL(url);
    return protocol === 'http:' || protocol === 'https:';
  } catch {
    return false;
  }
}

/**
 * The alert's links, then runbook and dashboard annotations the backend did not already turn into
 * links (it does for Alertmanager, not for every sender). Only http(s) URLs: anything else, such
 * as `javascript:`, must never become a link.
 */
export function alertLinks(alert: Alert): IncidentLink[] {
  const links: IncidentLink[] = [];
  const seen = new Set<string>();
  const add = (title: string, url: string | undefined) => {
    if (!url || seen.has(url) || !isWebUrl(url)) return;
    seen.add(url);
    links.push({ title, url });
  };
  alert.links.forEach(link => add(link.title || link.url, link.url));
  ANNOTATION_LINKS.forEach(([key, title]) =>
    add(title, alert.annotations[key]),
  );
  return links;
}
