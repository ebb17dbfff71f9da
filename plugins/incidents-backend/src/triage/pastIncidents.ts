import { AuthService } from '@backstage/backend-plugin-api';
import {
  Alert,
  Incident,
  TimelineEvent,
} from '@lookout/plugin-incidents-common';
import { parseIncidentId } from '../incidents/incidentIds';
import { IncidentsStore } from '../incidents/IncidentsStore';
import { PostmortemLookup, TriageInputs } from './sources';
import { TriageStore } from './TriageStore';

/** How many past incidents the similarity search reads, newest first. */
const PAST_INCIDENTS = 2000;

/** What was written about a past incident: its timeline, alerts, postmortem and verdicts. */
export interface PastDetails {
  timeline: TimelineEvent[];
  alerts: Alert[];
  postmortem:
    | Awaited<ReturnType<PostmortemLookup['forIncidents']>>[number]
    | null;
  /** The causes responders marked right in its triage. */
  confirmed: string[];
}

/**
 * The incidents before this one, and what was written about them. One is made per triage,
 * so each past incident is read in full at most once per triage; a new postmortem or verdict
 * counts the next time.
 */
export class PastIncidents {
  private readonly cache = new Map<string, PastDetails>();

  constructor(
    private readonly options: {
      incidents: Pick<IncidentsStore, 'listIncidents' | 'listTimeline'>;
      inputs: Pick<TriageInputs, 'alerts'>;
      store: Pick<TriageStore, 'confirmedCauses'>;
      postmortems?: PostmortemLookup;
      auth: AuthService;
    },
  ) {}

  /** Incidents declared before this one, newest first; merged duplicates left out. */
  async before(incident: Incident): Promise<Incident[]> {
    const found: Incident[] = [];
    let after;
    do {
      const page = await this.options.incidents.listIncidents({
        to: incident.declaredAt,
        after,
        limit: 500,
      });
      found.push(
        ...page.items.filter(
          i => i.id !== incident.id && i.status !== 'merged',
        ),
      );
      after = page.last;
    } while (after && found.length < PAST_INCIDENTS);
    return found;
  }

  /** What was already read about a past incident, if it was. */
  known(id: string): PastDetails | undefined {
    return this.cache.get(id);
  }

  /** What past incidents' timelines, alerts and postmortems say, for the ones asked. */
  async details(ids: string[]): Promise<Map<string, PastDetails>> {
    const missing = ids.filter(id => !this.cache.has(id));
    if (missing.length) {
      const credentials = await this.options.auth.getOwnServiceCredentials();
      const [postmortems, confirmed] = await Promise.all([
        this.options.postmortems?.forIncidents(missing) ?? [],
        this.options.store.confirmedCauses(missing.map(parseIncidentId)),
      ]);
      await Promise.all(
        missing.map(async id => {
          const [timeline, alerts] = await Promise.all([
            this.options.incidents.listTimeline(parseIncidentId(id)),
            this.options.inputs.alerts
              .listForIncident(id, { limit: 20 }, credentials)
              .then(
                p => p.items,
                () => [] as Alert[],
              ),
          ]);
          const postmortem = postmortems.find(
            p => p.postmortem.incidentId === id,
          );
          this.cache.set(id, {
            timeline,
            alerts,
            postmortem: postmortem ?? null,
            confirmed: confirmed.get(parseIncidentId(id)) ?? [],
          });
        }),
      );
    }
    return new Map(ids.map(id => [id, this.cache.get(id)!]));
  }
}

/** What a past incident's cause was, as far as its postmortem, responders or notes say. */
export function causesOf(
  details: PastDetails | undefined,
  names: Map<string, string>,
): Array<{ entityRef: string; via: 'postmortem' | 'confirmed' | 'mentioned' }> {
  if (!details) return [];
  const root =
    details.postmortem?.postmortem.rootCauseEntityRef?.toLocaleLowerCase(
      'en-US',
    );
  if (root) return [{ entityRef: root, via: 'postmortem' }];
  if (details.confirmed.length) {
    return details.confirmed.map(entityRef => ({
      entityRef,
      via: 'confirmed',
    }));
  }
  // without either, a candidate named in what responders wrote (once, if only one is)
  const text = [...notesOf(details.timeline), details.postmortem?.text ?? '']
    .join(' ')
    .toLocaleLowerCase('en-US');
  const named = [...names].filter(([, name]) =>
    new RegExp(`(^|[^a-z0-9-])${escape(name)}([^a-z0-9-]|$)`).test(text),
  );
  return named.length === 1
    ? [{ entityRef: named[0][0], via: 'mentioned' }]
    : [];
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** What responders wrote on a timeline: its notes and the notes given with status changes. */
export function notesOf(timeline: TimelineEvent[]): string[] {
  return timeline.flatMap(e => {
    if (e.type === 'note') return [String(e.data.markdown ?? '')];
    if (e.type === 'status_changed' && e.data.note)
      return [String(e.data.note)];
    return [];
  });
}

/** How a past incident ended: the note given when it was resolved, else the last note. */
export function resolutionOf(timeline: TimelineEvent[]): string | null {
  const resolved = timeline.filter(
    e => e.type === 'status_changed' && e.data.to === 'resolved' && e.data.note,
  );
  if (resolved.length)
    return excerpt(String(resolved[resolved.length - 1].data.note));
  const notes = timeline.filter(e => e.type === 'note');
  return notes.length
    ? excerpt(String(notes[notes.length - 1].data.markdown ?? ''))
    : null;
}

/** Text on one line, cut to 280 characters. */
export function excerpt(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 280 ? `${flat.slice(0, 277)}…` : flat;
}
