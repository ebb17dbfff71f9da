import { Entity } from '@backstage/catalog-model';
import {
  ANNOTATION_STATUS_PAGE_COMPONENT,
  Incident,
  SEVERITY_LIVE_STATUS,
  Severity,
  TimelineEvent,
} from '@lookout/plugin-incidents-common';
import { nameOf } from './severity';

const IMPACT_WORDS = {
  major_outage: 'a major outage',
  partial_outage: 'a partial outage',
  degraded_performance: 'degraded performance',
  operational: 'a problem',
  under_maintenance: 'maintenance',
} as const;

const hhmm = (iso: string) => `${iso.slice(11, 16)} UTC`;

const STAGES: Partial<Record<Incident['status'], string>> = {
  identified: 'We have identified the cause and are working on a fix.',
  monitoring: 'A fix is in place and we are monitoring the results.',
};

/**
 * What customers would call the customer-facing entities reached: each one's status-page
 * component, else its title, else its name; each said once.
 */
export function affectedNames(
  customerFacing: string[],
  entities: Map<string, Entity>,
): string[] {
  return [
    ...new Set(
      customerFacing.map(
        ref =>
          entities.get(ref)?.metadata.annotations?.[
            ANNOTATION_STATUS_PAGE_COMPONENT
          ] ??
          entities.get(ref)?.metadata.title ??
          nameOf(ref),
      ),
    ),
  ];
}

/**
 * A first status update from what is known, in the words status pages use: what is affected
 * (status-page components, else customer-facing entities), how badly (the suggested
 * severity's live status), since when, and who is on it. No language model: a template.
 */
export function draftStatusUpdate(options: {
  incident: Incident;
  severity: Severity;
  /** Status-page components, or customer-facing entities, that are reached. */
  affected: string[];
  ownerRef: string | null;
}): string {
  const { incident, severity, affected, ownerRef } = options;
  const impact = IMPACT_WORDS[SEVERITY_LIVE_STATUS[severity]];
  const what =
    affected.length > 0
      ? `affecting ${list(affected)}`
      : 'in an internal system; no customer-facing service is affected so far';
  // customers read this: say someone is on it, never which internal team
  const team = ownerRef ? ' Our engineers are working on it.' : '';
  const stage = STAGES[incident.status] ?? 'We are investigating.';
  return (
    `**${title(incident.status)}** — We are seeing ${impact} ${what}, ` +
    `since ${hhmm(incident.declaredAt)}. ${stage}${team} ` +
    'We will post another update within 30 minutes.'
  );
}

function title(status: string): string {
  const word = status === 'triage' ? 'investigating' : status;
  return word[0].toUpperCase() + word.slice(1);
}

function list(items: string[]): string {
  const shown = items.slice(0, 4);
  const rest = items.length - shown.length;
  const tail = rest > 0 ? [`${rest} more`] : [];
  const all = [...shown, ...tail];
  return all.length === 1
    ? all[0]
    : `${all.slice(0, -1).join(', ')} and ${all[all.length - 1]}`;
}

/**
 * Who acted, in words: a person or team by name, an alert integration by the name its alerts
 * carry on the timeline (its ref is only an id).
 */
function actorName(actor: string, events: TimelineEvent[]): string {
  if (!actor.startsWith('integration:')) return nameOf(actor);
  const id = actor.slice('integration:'.length);
  const named = events.find(
    e =>
      e.data.integrationId === id && typeof e.data.integrationName === 'string',
  );
  return named
    ? `the ${named.data.integrationName} integration`
    : 'an alert integration';
}

/** The timeline so far in a few Markdown lines: declaration, alerts, people, status, notes. */
export function summarizeTimeline(
  incident: Incident,
  events: TimelineEvent[],
): string {
  const lines: string[] = [];
  const declared = events.find(e => e.type === 'declared');
  lines.push(
    `- ${hhmm(incident.declaredAt)} declared ${incident.severity} on ${nameOf(
      incident.entityRef,
    )} by ${actorName(declared?.actor ?? incident.createdBy, events)}`,
  );
  const alerts = events.filter(e => e.type === 'alert_attached');
  if (alerts.length > 0) {
    const summaries = [
      ...new Set(
        alerts
          .map(e => String(e.data.summary ?? e.data.title ?? ''))
          .filter(Boolean),
      ),
    ];
    lines.push(
      `- ${alerts.length} alert${
        alerts.length === 1 ? '' : 's'
      } attached, first at ${hhmm(alerts[0].at)}, latest at ${hhmm(
        alerts[alerts.length - 1].at,
      )}${summaries.length ? `: ${summaries.slice(0, 3).join('; ')}` : ''}`,
    );
  }
  const resolvedAlerts = events.filter(e => e.type === 'alert_resolved').length;
  if (resolvedAlerts > 0) {
    lines.push(
      `- ${resolvedAlerts} alert${
        resolvedAlerts === 1 ? '' : 's'
      } stopped firing`,
    );
  }
  const radius = events.filter(e => e.type === 'blast_radius').pop();
  if (radius) {
    const total = Number(radius.data.total ?? 0);
    const facing = Array.isArray(radius.data.customerFacing)
      ? radius.data.customerFacing.length
      : 0;
    lines.push(`- blast radius: ${total} entities, ${facing} customer-facing`);
  }
  for (const event of events) {
    if (event.type === 'acknowledged') {
      lines.push(
        `- ${hhmm(event.at)} acknowledged by ${actorName(event.actor, events)}`,
      );
    } else if (event.type === 'status_changed') {
      lines.push(
        `- ${hhmm(event.at)} ${event.data.from} → ${
          event.data.to
        } by ${actorName(event.actor, events)}`,
      );
    } else if (event.type === 'severity_changed') {
      lines.push(
        `- ${hhmm(event.at)} severity ${event.data.from} → ${event.data.to}`,
      );
    } else if (event.type === 'role_assigned' && event.data.userRef) {
      lines.push(
        `- ${hhmm(event.at)} ${nameOf(String(event.data.userRef))} is ${
          event.data.role
        }`,
      );
    }
  }
  const notes = events.filter(e => e.type === 'note');
  if (notes.length > 0) {
    const last = String(notes[notes.length - 1].data.markdown ?? '').replace(
      /\s+/g,
      ' ',
    );
    lines.push(
      `- ${notes.length} note${notes.length === 1 ? '' : 's'}; the latest: "${
        last.length > 160 ? `${last.slice(0, 157)}…` : last
      }"`,
    );
  }
  return lines.join('\n');
}
