import {
  Incident,
  UpdateIncidentRequest,
} from '@lookout/plugin-incidents-common';
import {
  IncidentFieldChanges,
  IncidentUpdate,
  NewTimelineEvent,
} from './IncidentsStore';

/**
 * What an edit of an incident's fields changes: the requested fields whose values differ,
 * with one `severity_changed` event for a new severity and one `updated` event naming the
 * other changed fields. No events means nothing changes. Refs are already normalised.
 */
export function fieldUpdate(
  incident: Incident,
  requested: Omit<UpdateIncidentRequest, 'version'>,
  actor: string,
  at: string,
): IncidentUpdate {
  const changes: IncidentFieldChanges = {};
  const fields: string[] = [];
  const events: NewTimelineEvent[] = [];
  for (const [field, value] of Object.entries(requested)) {
    const current = incident[field as keyof Incident];
    if (value === undefined || sameValue(current, value)) continue;
    (changes as Record<string, unknown>)[field] = value;
    if (field === 'severity') {
      events.push({
        type: 'severity_changed',
        actor,
        at,
        data: { from: incident.severity, to: value },
      });
    } else {
      fields.push(field);
    }
  }
  if (fields.length > 0) {
    events.push({ type: 'updated', actor, at, data: { fields } });
  }
  return { changes, events };
}

function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
