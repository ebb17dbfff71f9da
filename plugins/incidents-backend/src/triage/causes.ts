import {
  CauseSuggestion,
  TelemetrySeries,
  TriageReason,
} from '@lookout/plugin-incidents-common';
import { AlertLevel, nameOf } from './severity';
import { SharedUpstream } from './sharedUpstream';

const MINUTE = 60_000;
/** Alerts this far apart are read in order; closer, they may be one scan of the rules. */
const ORDER_SLACK = 20_000;

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

/**
 * How well a start time fits a cause of something that began at `onset`. A cause starts before
 * its symptoms: full weight from two minutes after (alerting rules fire a scan or two apart) to
 * thirty minutes before; halving every hour further back, since a problem that has gone on for
 * days is background, not news; halving every five minutes after, since what starts after the
 * incident is more likely another victim than the cause.
 */
function fit(at: string, onset: string): number {
  const lead = (Date.parse(onset) - Date.parse(at)) / MINUTE;
  if (lead >= -2 && lead <= 30) return 1;
  if (lead > 30) return Math.max(0.05, 0.5 ** ((lead - 30) / 60));
  return Math.max(0.05, 0.5 ** ((-lead - 2) / 5));
}

/**
 * A change fits when it came shortly before: full weight within 15 minutes, halving every 45
 * minutes further back (most changes that break something do so within minutes of rolling
 * out), and little for a change after the onset.
 */
function changeFit(at: string, onset: string): number {
  const lead = (Date.parse(onset) - Date.parse(at)) / MINUTE;
  if (lead < -5) return 0.1;
  if (lead <= 15) return 1;
  return Math.max(0.05, 0.5 ** ((lead - 15) / 45));
}

function ago(at: string, onset: string): string {
  const minutes = Math.round((Date.parse(onset) - Date.parse(at)) / MINUTE);
  const span = (m: number) => {
    if (m < 120) return `${m} minute${m === 1 ? '' : 's'}`;
    if (m < 2880) return `${Math.round(m / 60)} hours`;
    return `${Math.round(m / 1440)} days`;
  };
  if (minutes === 0) return 'as the incident began';
  return minutes > 0
    ? `${span(minutes)} before the incident began`
    : `${span(-minutes)} after the incident began`;
}

const round = (n: number) => Math.round(n * 100) / 100;

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
 * entities between it and the origin gains, and one with an entity further upstream that
 * alerted or changed earlier loses half its alert evidence. Every hop beyond the first costs 10 %,
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
        // something it depends on went wrong first: its alert is more likely a symptom
        const earlier =
          own === undefined
            ? undefined
            : [...candidates.values()].find(
                other =>
                  other.path.includes(ref) &&
                  other.entityRef !== ref &&
                  (firstSign.get(other.entityRef) ?? Infinity) <
                    own - ORDER_SLACK,
              );
        if (earlier) weight *= 0.5;
        reasons.push({
          text: `${alerts[0].level} alert "${
            alerts[0].summary
          }" firing, started ${ago(alerts[0].startsAt, onset)}${
            extra ? ` (and ${extra} more)` : ''
          }${
            earlier
              ? `; but ${nameOf(
                  earlier.entityRef,
                )}, further upstream, showed trouble earlier`
              : ''
          }`,
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

/**
 * Several of an entity's dependents failing together point at what they share: the more of
 * them fail and the fewer stay healthy, the likelier it is the cause (2.5 when two of two
 * fail, up to 3.5 with more, times the share failing). One failing dependent is only the
 * incident itself seen from above, which says nothing.
 */
function sharedReason(
  shared: SharedUpstream | undefined,
  kind: string,
  silent: boolean,
  onset: string,
): TriageReason | undefined {
  if (!shared || shared.failing.length < 2) return undefined;
  const failing = shared.failing.length;
  const all = failing + shared.healthy;
  const weight = (2.5 + 0.25 * Math.min(failing - 2, 4)) * (failing / all);
  const times = shared.failing.map(f => Date.parse(f.since));
  const spread = Math.round((Math.max(...times) - Math.min(...times)) / MINUTE);
  const names = shared.failing.map(f => nameOf(f.entityRef));
  const shown =
    names.length > 4
      ? `${names.slice(0, 4).join(', ')} and ${names.length - 4} more`
      : names.join(', ');
  let quiet = '';
  if (silent) {
    quiet =
      kind === 'resource'
        ? ', while it raises nothing itself (no monitor covers it)'
        : ', while it raises nothing itself';
  }
  const earliest = shared.failing.reduce(
    (min, f) => (f.since < min ? f.since : min),
    onset,
  );
  return {
    text: `${failing} of its ${all} dependents fail together (${shown}; ${
      spread <= 1 ? 'within a minute' : `within ${spread} minutes`
    }, the first ${ago(earliest, onset)})${quiet}${
      shared.healthy === 0
        ? '; none of its dependents is healthy'
        : `; ${shared.healthy} ${shared.healthy === 1 ? 'is' : 'are'} healthy`
    }`,
    weight: round(weight),
  };
}

const METRIC_NAMES: Record<TelemetrySeries['metric'], string> = {
  error_ratio: 'error ratio',
  latency: 'latency',
};

function firstDeparture(series: TelemetrySeries[]) {
  return series
    .filter(s => s.departedAt)
    .sort((a, b) => a.departedAt!.localeCompare(b.departedAt!))[0];
}

function normal(series: TelemetrySeries): string {
  return series.metric === 'error_ratio'
    ? `${round(series.normalMax * 100)} %`
    : `${round(series.normalMax * 1000)} ms`;
}

/**
 * A metric that left its normal range near the onset (2.5 for the error ratio, 2 for latency,
 * times how well its time fits), read in order against the origin's own: gaining when it moved
 * first, halved when it moved after the origin did (then it is more likely another victim).
 */
function telemetryReason(
  series: TelemetrySeries[],
  originSeries: TelemetrySeries[],
  origin: string,
  onset: string,
): TriageReason | undefined {
  const moved = firstDeparture(series);
  if (!moved) return undefined;
  let weight =
    (moved.metric === 'error_ratio' ? 2.5 : 2) * fit(moved.departedAt!, onset);
  let order = '';
  const originMoved = firstDeparture(originSeries);
  if (originMoved) {
    const lead =
      Date.parse(originMoved.departedAt!) - Date.parse(moved.departedAt!);
    const seconds = Math.round(Math.abs(lead) / 1000);
    const span =
      seconds < 120 ? `${seconds} s` : `${Math.round(seconds / 60)} minutes`;
    // a lead shorter than two samples could be the sampling itself
    const step =
      moved.points.length > 1 ? moved.points[1][0] - moved.points[0][0] : 30;
    const meaningful = Math.max(2 * step * 1000, 2_000);
    if (lead >= meaningful) {
      weight += 0.5;
      order = `, ${span} before ${nameOf(origin)}'s did`;
    } else if (lead <= -meaningful) {
      weight *= 0.5;
      order = `, ${span} after ${nameOf(
        origin,
      )}'s did (more likely another victim)`;
    }
  }
  return {
    text: `its ${
      METRIC_NAMES[moved.metric]
    } left its normal range (above ${normal(moved)}) ${ago(
      moved.departedAt!,
      onset,
    )}${order}`,
    weight: round(weight),
  };
}
