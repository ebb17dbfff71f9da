import {
  CauseSuggestion,
  TelemetrySeries,
  TriageReason,
} from '@lookout/plugin-incidents-common';
import { ago, changeFit, fit, ORDER_SLACK, round } from './causeTiming';
import { AlertLevel, nameOf } from './severity';
import { sharedReason } from './sharedReason';
import { SharedUpstream } from './sharedUpstream';
import { Reach, symptomOf } from './symptoms';
import { telemetryReason } from './telemetryReason';

/** An entity the upstream walk reached from the origin. */
export interface UpstreamCandidate {
  entityRef: string;
  kind: string;
  /** Refs from the first hop to the entity itself. */
  path: string[];
}

export interface CauseEvidence {
  origin: string;
  /** When the incident began: its earliest alert, or its declaration. */
  onset: string;
  upstream: UpstreamCandidate[];
  /** Firing alerts on upstream entities (not the incident's own). */
  alerts: Array<{
    entityRef: string;
    summary: string;
    startsAt: string;
    level: AlertLevel;
  }>;
  /** Other open incidents on upstream entities. */
  openIncidents: Array<{
    id: string;
    entityRef: string;
    title: string;
    /** When it began: its first alert, or its declaration. */
    declaredAt: string;
    /** Opened by alerts that are among `alerts`. */
    openedByAlerts: boolean;
  }>;
  /** Change events on the origin and upstream, within the lookback window. */
  changes: Array<{ entityRef: string; summary: string; at: string }>;
  /** What earlier incidents on the origin were caused by. */
  pastCauses: Array<{
    incidentId: string;
    entityRef: string;
    /** `postmortem`: its root cause; `confirmed`: responders marked it right; `mentioned`: named in its notes. */
    via: 'postmortem' | 'confirmed' | 'mentioned';
  }>;
  owners: Map<string, string | null>;
  /** For upstream entities: which of their dependents fail near the onset, and how many do not. */
  shared?: SharedUpstream[];
  /** Metrics of the origin and upstream entities around the onset, by ref. */
  telemetry?: Map<string, TelemetrySeries[]>;
}

const LEVEL_FACTOR: Record<AlertLevel, number> = {
  critical: 1,
  warning: 0.75,
  info: 0.5,
};

/** How an earlier incident's cause is known, strongest first. */
const PAST_CAUSE_ORDER = ['postmortem', 'confirmed', 'mentioned'] as const;
const HOW_KNOWN: Record<(typeof PAST_CAUSE_ORDER)[number], string> = {
  postmortem: 'its postmortem named it the root cause',
  confirmed: 'responders confirmed it as the cause',
  mentioned: 'its notes name it',
};

/**
 * Ranks the origin and every entity upstream of it as the probable cause. Each piece of
 * evidence adds to a candidate's score, weighted by how well its time fits the incident's
 * onset: a firing alert (3, times 1/0.75/0.5 for critical/warning/info), a change event
 * (3.5), another open incident (2.5, unless its own alerts already counted), and earlier
 * incidents on the origin that it caused (0.8 each from a postmortem or a confirmation, 0.4
 * when only named in notes; at most 1.6: history is a prior, not a sighting). Alerts along a
 * dependency path are read in order: an entity whose alert began before those of the
 * entities between it and the origin gains, and an alert that is more likely a symptom loses
 * half its weight (see `symptomOf`: something it depends on showed trouble first, or it is one
 * of several failing dependents of a silent entity that explains more of them than it does).
 * Several dependents of one entity failing together count for it (see `sharedReason`), and so
 * does a metric that left its normal range (see `telemetryReason`). Every hop beyond the first costs 10 %,
 * API entities being pass-through. The origin starts at 0.4, so with no evidence anywhere it
 * is the first place to look.
 */
export function rankCauses(
  evidence: CauseEvidence,
): Array<Omit<CauseSuggestion, 'id'>> {
  const { origin, onset } = evidence;
  const candidates = new Map<string, UpstreamCandidate>();
  candidates.set(origin, { entityRef: origin, kind: '', path: [] });
  for (const candidate of evidence.upstream) {
    if (candidate.kind === 'api' || candidate.entityRef === origin) continue;
    if (!candidates.has(candidate.entityRef)) {
      candidates.set(candidate.entityRef, candidate);
    }
  }

  // the earliest fitting alert of each entity, and its earliest sign of trouble (a fitting
  // alert or change), for reading alerts along dependency paths
  const firstAlert = new Map<string, number>();
  const firstSign = new Map<string, number>();
  const earliest = (map: Map<string, number>, ref: string, at: number) => {
    const seen = map.get(ref);
    if (seen === undefined || at < seen) map.set(ref, at);
  };
  for (const alert of evidence.alerts) {
    if (fit(alert.startsAt, onset) < 0.5) continue;
    earliest(firstAlert, alert.entityRef, Date.parse(alert.startsAt));
    earliest(firstSign, alert.entityRef, Date.parse(alert.startsAt));
  }
  for (const change of evidence.changes) {
    if (changeFit(change.at, onset) < 0.5) continue;
    earliest(firstSign, change.entityRef, Date.parse(change.at));
  }
  const symptoms = {
    candidates: [...candidates.keys()],
    reach: new Reach(candidates.values(), evidence.shared),
    firstSign,
    signalled: new Set(
      [...evidence.alerts, ...evidence.changes].map(e => e.entityRef),
    ),
    shared: evidence.shared ?? [],
  };

  const results: Array<Omit<CauseSuggestion, 'id'>> = [];
  for (const candidate of candidates.values()) {
    const ref = candidate.entityRef;
    const reasons: TriageReason[] = [];
    const isOrigin = ref === origin;
    if (isOrigin) {
      reasons.push({
        text: 'the symptoms are here; with nothing upstream to blame, the origin is where to look',
        weight: 0.4,
      });
    }

    if (!isOrigin) {
      const alerts = evidence.alerts
        .filter(a => a.entityRef === ref)
        .map(a => ({
          ...a,
          weight: 3 * fit(a.startsAt, onset) * LEVEL_FACTOR[a.level],
        }))
        .sort((a, b) => b.weight - a.weight);
      if (alerts.length > 0) {
        let weight = alerts[0].weight;
        const extra = alerts.slice(1).filter(a => a.weight >= 1).length;
        weight += Math.min(0.5, 0.25 * extra);
        const own = firstAlert.get(ref);
        const symptom =
          own === undefined ? undefined : symptomOf(ref, own, symptoms);
        if (symptom) weight *= 0.5;
        reasons.push({
          text: `${alerts[0].level} alert "${
            alerts[0].summary
          }" firing, started ${ago(alerts[0].startsAt, onset)}${
            extra ? ` (and ${extra} more)` : ''
          }${symptom ?? ''}`,
          weight: round(weight),
        });
        if (own !== undefined) {
          const later = candidate.path
            .slice(0, -1)
            .filter(
              between =>
                (firstAlert.get(between) ?? -Infinity) > own + ORDER_SLACK,
            );
          if (later.length > 0) {
            reasons.push({
              text: `its alert began before those of ${later
                .map(nameOf)
                .join(', ')}, which depend on it`,
              weight: round(Math.min(1.5, 0.75 * later.length)),
            });
          }
        }
      }

      const incidents = evidence.openIncidents
        .filter(i => i.entityRef === ref)
        .map(i => ({ ...i, weight: 2.5 * fit(i.declaredAt, onset) }))
        .sort((a, b) => b.weight - a.weight);
      if (incidents.length > 0) {
        // an incident its own alerts opened is the same evidence as those alerts, said twice
        const fromAlerts = alerts.length > 0 && incidents[0].openedByAlerts;
        reasons.push({
          text: `${incidents[0].id} "${
            incidents[0].title
          }" is open on it, began ${ago(incidents[0].declaredAt, onset)}${
            fromAlerts ? ' (opened by the alerts above)' : ''
          }`,
          weight: fromAlerts ? 0 : round(incidents[0].weight),
        });
      }
    }

    if (!isOrigin) {
      const shared = sharedReason(
        evidence.shared?.find(s => s.entityRef === ref),
        candidate.kind,
        reasons.length === 0 &&
          !evidence.changes.some(c => c.entityRef === ref),
        onset,
      );
      if (shared) reasons.push(shared);
    }

    const series = evidence.telemetry?.get(ref) ?? [];
    if (!isOrigin) {
      const moved = telemetryReason(
        series,
        evidence.telemetry?.get(origin) ?? [],
        origin,
        onset,
      );
      if (moved) reasons.push(moved);
    }

    const changes = evidence.changes
      .filter(c => c.entityRef === ref)
      .map(c => ({ ...c, weight: 3.5 * changeFit(c.at, onset) }))
      .sort((a, b) => b.weight - a.weight);
    if (changes.length > 0) {
      const extra = changes.slice(1).filter(c => c.weight >= 1).length;
      reasons.push({
        text: `change "${changes[0].summary}" ${ago(changes[0].at, onset)}${
          extra
            ? ` (and ${extra} more recent change${extra === 1 ? '' : 's'})`
            : ''
        }`,
        weight: round(changes[0].weight + Math.min(0.4, 0.2 * extra)),
      });
    }

    const past = evidence.pastCauses.filter(p => p.entityRef === ref);
    if (past.length > 0) {
      const weight = Math.min(
        1.6,
        past.reduce((sum, p) => sum + (p.via === 'mentioned' ? 0.4 : 0.8), 0),
      );
      const ids = [...new Set(past.map(p => p.incidentId))];
      const how =
        HOW_KNOWN[PAST_CAUSE_ORDER.find(via => past.some(p => p.via === via))!];
      reasons.push({
        text: `earlier incident${
          ids.length === 1 ? '' : 's'
        } on the origin (${ids.slice(0, 3).join(', ')}): ${how}`,
        weight: round(weight),
      });
    }

    const evidenceScore = reasons.reduce((sum, r) => sum + r.weight, 0);
    if (evidenceScore <= 0) continue;
    const hops = candidate.path.filter(p => !p.startsWith('api:')).length;
    const decay = hops <= 1 ? 1 : 0.9 ** (hops - 1);
    if (decay < 1) {
      reasons.push({
        text: `${hops} hops upstream of the origin (×${round(decay)})`,
        weight: 0,
      });
    }
    results.push({
      entityRef: ref,
      distance: hops,
      path: candidate.path,
      score: round(evidenceScore * decay),
      reasons,
      ownerRef: evidence.owners.get(ref) ?? null,
      ...(series.length ? { telemetry: series } : {}),
      ...(changes.length && changes[0].weight >= 1
        ? { change: { summary: changes[0].summary, at: changes[0].at } }
        : {}),
    });
  }
  return results.sort(
    (a, b) =>
      b.score - a.score ||
      a.distance - b.distance ||
      a.entityRef.localeCompare(b.entityRef),
  );
}
