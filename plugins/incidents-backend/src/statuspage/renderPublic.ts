import { LiveStatus } from '@lookout/plugin-incidents-common';
import { PageInfo, PublicComponent } from './statuspageJson';
import { StatusIncidentRecord } from './StatusPageStore';
import { UptimeDay, UptimeLevel } from './uptime';

/** Escapes text for HTML and XML alike: nothing a publisher types can become markup. */
export function escapeXml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

const e = escapeXml;

const STATUS_LABEL: Record<LiveStatus, string> = {
  operational: 'Operational',
  under_maintenance: 'Under maintenance',
  degraded_performance: 'Degraded performance',
  partial_outage: 'Partial outage',
  major_outage: 'Major outage',
};

const UPDATE_LABEL: Record<string, string> = {
  investigating: 'Investigating',
  identified: 'Identified',
  monitoring: 'Monitoring',
  resolved: 'Resolved',
  scheduled: 'Scheduled',
  in_progress: 'In progress',
  verifying: 'Verifying',
  completed: 'Completed',
};

const DAY_LABEL: Record<UptimeLevel, string> = {
  none: 'No incidents',
  minor: 'Minor incident',
  major: 'Partial outage',
  critical: 'Major outage',
  nodata: 'No data',
};

/**
 * What a bar says on hover: the day's level, and for today why, from public text only (the
 * public incident's name, or the component's public status).
 */
function dayText(day: UptimeDay): string {
  const cause = day.cause;
  if (cause?.kind === 'now') return `${STATUS_LABEL[cause.status]} now`;
  if (cause?.kind === 'incident') {
    return `${DAY_LABEL[day.level]} — ${cause.name}`;
  }
  return DAY_LABEL[day.level];
}

// Colours pass WCAG AA against white text or the page background; every colour has a text
// label too, so nothing depends on colour alone.
const CSS = `
*{box-sizing:border-box}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1b1f24;background:#f6f8fa}
main{max-width:56rem;margin:0 auto;padding:1rem}
h1{font-size:1.6rem;margin:.5rem 0 1rem}
h2{font-size:1.25rem;margin:2rem 0 .75rem}
h3{font-size:1.05rem;margin:0}
a{color:#0550ae}
.banner{padding:1rem;border-radius:.5rem;color:#fff;font-weight:600;font-size:1.1rem}
.s-none{background:#1a7f37}.s-minor{background:#7d4e00}.s-major{background:#bc4c00}.s-critical{background:#cf222e}.s-maintenance{background:#0550ae}
.card{background:#fff;border:1px solid #d0d7de;border-radius:.5rem;padding:1rem;margin:.75rem 0}
.row{display:flex;flex-wrap:wrap;justify-content:space-between;gap:.5rem;align-items:baseline}
.st{font-weight:600}.st-operational{color:#1a7f37}.st-degraded_performance{color:#7d4e00}.st-partial_outage{color:#bc4c00}.st-major_outage{color:#cf222e}.st-under_maintenance{color:#0550ae}
.bars{display:flex;gap:1px;height:2rem;margin:.5rem 0 .25rem;list-style:none;padding:0}
.bars li{flex:1;border-radius:1px;min-width:1px}
.d-none{background:#2da44e}.d-minor{background:#d4a72c}.d-major{background:#e16f24}.d-critical{background:#cf222e}.d-nodata{background:#d0d7de}
.legend{display:flex;justify-content:space-between;font-size:.85rem;color:#57606a}
.update{margin:.5rem 0 0;white-space:pre-wrap;overflow-wrap:anywhere}
.meta{font-size:.85rem;color:#57606a}
form{display:flex;flex-wrap:wrap;gap:.5rem}
input[type=email]{flex:1 1 16rem;padding:.5rem;font:inherit;border:1px solid #8c959f;border-radius:.375rem}
button{padding:.5rem 1rem;font:inherit;border:0;border-radius:.375rem;background:#0550ae;color:#fff}
.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}
@media (max-width:40rem){.bars li:nth-child(-n+60){display:none}}
`;

function layout(title: string, body: string, links = ''): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${e(title)}</title>
${links}
<style>${CSS}</style>
</head>
<body>
<main>
${body}
</main>
</body>
</html>
`;
}

function time(iso: string): string {
  return `<time datetime="${e(iso)}">${e(
    iso.replace('T', ' ').replace(/\.\d+Z$/, ' UTC'),
  )}</time>`;
}

/** One incident's block, also used for the administration's preview. */
export function renderIncidentBlock(incident: {
  id: string;
  name: string;
  impact: string;
  componentNames: string[];
  updates: Array<{ status: string; body: string; createdAt: string }>;
  scheduledFor?: string | null;
  scheduledUntil?: string | null;
}): string {
  const updates = incident.updates
    .map(
      u =>
        `<li><strong>${e(UPDATE_LABEL[u.status] ?? u.status)}</strong> — ${time(
          u.createdAt,
        )}<p class="update">${e(u.body)}</p></li>`,
    )
    .join('\n');
  const schedule =
    incident.scheduledFor && incident.scheduledUntil
      ? `<p class="meta">Scheduled ${time(incident.scheduledFor)} to ${time(
          incident.scheduledUntil,
        )}</p>`
      : '';
  const affected = incident.componentNames.length
    ? `<p class="meta">Affects: ${incident.componentNames
        .map(e)
        .join(', ')}</p>`
    : '';
  return `<article class="card" id="${e(incident.id)}" aria-labelledby="t-${e(
    incident.id,
  )}">
<h3 id="t-${e(incident.id)}">${e(incident.name)}</h3>
${schedule}${affected}
<ul>${updates}</ul>
</article>`;
}

export interface StatusPageView {
  page: PageInfo;
  indicator: { indicator: string; description: string };
  components: PublicComponent[];
  uptime: Map<string, { days: UptimeDay[]; percent: number | null }>;
  unresolved: StatusIncidentRecord[];
  maintenances: StatusIncidentRecord[];
  recent: StatusIncidentRecord[];
  baseUrl: string;
  emailEnabled: boolean;
}

/** The public status page: server-rendered, no script, readable on a phone and by a screen reader. */
export function renderStatusPage(view: StatusPageView): string {
  const names = new Map(view.components.map(c => [c.id, c.name]));
  const block = (incident: StatusIncidentRecord) =>
    renderIncidentBlock({
      ...incident,
      componentNames: incident.componentIds
        .map(id => names.get(id))
        .filter((n): n is string => Boolean(n)),
    });

  const groups: Array<{ name: string | null; items: PublicComponent[] }> = [];
  for (const component of view.components) {
    const last = groups.find(g => g.name === component.group);
    if (last) last.items.push(component);
    else groups.push({ name: component.group, items: [component] });
  }
  const componentCard = (c: PublicComponent) => {
    const uptime = view.uptime.get(c.id);
    const days = uptime?.days ?? [];
    const bars = days
      .map(
        d =>
          `<li class="d-${d.level}" title="${e(d.date)}: ${e(
            dayText(d),
          )}"></li>`,
      )
      .join('');
    // the bars' titles are hover-only; a screen reader hears today's cause in the label
    const today = days[days.length - 1];
    const percent =
      uptime?.percent === null || uptime?.percent === undefined
        ? 'no data'
        : `${uptime.percent.toFixed(2)} % uptime`;
    return `<section class="card" aria-labelledby="c-${e(c.id)}">
<div class="row"><h3 id="c-${e(c.id)}">${e(c.name)}</h3><span class="st st-${
      c.status
    }">${e(STATUS_LABEL[c.status])}</span></div>
${c.description ? `<p class="meta">${e(c.description)}</p>` : ''}
<ul class="bars" role="img" aria-label="${e(
      `${c.name}: ${percent} over the last ${days.length} days; ${
        days.filter(d => d.level !== 'none' && d.level !== 'nodata').length
      } days with incidents${today?.cause ? `; today: ${dayText(today)}` : ''}`,
    )}">${bars}</ul>
<div class="legend" aria-hidden="true"><span>${
      days.length
    } days ago</span><span>${e(percent)}</span><span>Today</span></div>
</section>`;
  };
  const componentsHtml = groups
    .map(g =>
      g.name
        ? `<section aria-labelledby="g-${e(g.name)}"><h2 id="g-${e(
            g.name,
          )}">${e(g.name)}</h2>${g.items
            .map(componentCard)
            .join('\n')}</section>`
        : g.items.map(componentCard).join('\n'),
    )
    .join('\n');

  const subscribe = view.emailEnabled
    ? `<h2>Get updates</h2>
<form method="post" action="${e(view.baseUrl)}/status/subscribe">
<label class="sr" for="email">Email address</label>
<input id="email" name="email" type="email" required autocomplete="email" placeholder="you@example.com">
<button type="submit">Subscribe</button>
</form>`
    : '';

  const body = `<header>
<h1>${e(view.page.name)}</h1>
<p class="banner s-${e(view.indicator.indicator)}" role="status">${e(
    view.indicator.description,
  )}</p>
</header>
${
  view.unresolved.length
    ? `<h2>Current incidents</h2>${view.unresolved.map(block).join('\n')}`
    : ''
}
${
  view.maintenances.length
    ? `<h2>Scheduled maintenance</h2>${view.maintenances.map(block).join('\n')}`
    : ''
}
<h2>Components</h2>
${componentsHtml || '<p>No components yet.</p>'}
<h2>Past incidents</h2>
${
  view.recent.length
    ? view.recent.map(block).join('\n')
    : '<p>No incidents reported.</p>'
}
${subscribe}
<p class="meta">Feeds: <a href="${e(
    view.baseUrl,
  )}/status/feed.atom">Atom</a> · <a href="${e(
    view.baseUrl,
  )}/status/feed.rss">RSS</a> · <a href="${e(
    view.baseUrl,
  )}/status/api/v2/summary.json">JSON</a> · updated ${time(
    view.page.updated_at,
  )}</p>`;
  return layout(
    view.page.name,
    body,
    `<link rel="alternate" type="application/atom+xml" title="${e(
      view.page.name,
    )}" href="${e(view.baseUrl)}/status/feed.atom">`,
  );
}

/** A short page for confirm, unsubscribe and subscribe answers. */
export function renderMessagePage(
  pageName: string,
  heading: string,
  message: string,
  form?: { action: string; button: string },
): string {
  return layout(
    `${heading} — ${pageName}`,
    `<h1>${e(heading)}</h1><p>${e(message)}</p>${
      form
        ? `<form method="post" action="${e(
            form.action,
          )}"><button type="submit">${e(form.button)}</button></form>`
        : ''
    }`,
  );
}

interface FeedEntry {
  id: string;
  title: string;
  updated: string;
  link: string;
  content: string;
}

function feedEntries(
  incidents: StatusIncidentRecord[],
  pageUrl: string,
): FeedEntry[] {
  return incidents.map(incident => ({
    id: incident.id,
    title: incident.name,
    updated: incident.updatedAt,
    link: `${pageUrl}#${incident.id}`,
    content: incident.updates
      .map(
        u =>
          `${UPDATE_LABEL[u.status] ?? u.status} (${u.createdAt}): ${u.body}`,
      )
      .join('\n\n'),
  }));
}

/** Atom 1.0 of public incidents and their updates; every text node is escaped. */
export function renderAtom(
  page: PageInfo,
  incidents: StatusIncidentRecord[],
  feedUrl: string,
): string {
  const entries = feedEntries(incidents, page.url)
    .map(
      entry => `<entry>
<id>tag:lookout,2026:${e(entry.id)}</id>
<title>${e(entry.title)}</title>
<updated>${e(entry.updated)}</updated>
<link rel="alternate" type="text/html" href="${e(entry.link)}"/>
<content type="text">${e(entry.content)}</content>
</entry>`,
    )
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
<id>${e(feedUrl)}</id>
<title>${e(page.name)} status</title>
<updated>${e(page.updated_at)}</updated>
<link rel="self" href="${e(feedUrl)}"/>
<link rel="alternate" type="text/html" href="${e(page.url)}"/>
${entries}
</feed>
`;
}

/** RSS 2.0 of the same. */
export function renderRss(
  page: PageInfo,
  incidents: StatusIncidentRecord[],
): string {
  const items = feedEntries(incidents, page.url)
    .map(
      entry => `<item>
<guid isPermaLink="false">${e(entry.id)}</guid>
<title>${e(entry.title)}</title>
<link>${e(entry.link)}</link>
<pubDate>${new Date(entry.updated).toUTCString()}</pubDate>
<description>${e(entry.content)}</description>
</item>`,
    )
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0">
<channel>
<title>${e(page.name)} status</title>
<link>${e(page.url)}</link>
<description>${e(page.name)} status: incidents and maintenance</description>
<lastBuildDate>${new Date(page.updated_at).toUTCString()}</lastBuildDate>
${items}
</channel>
</rss>
`;
}
