/*
 * Scenario kinds, drawn independently of the assistant: every time comes from a wide
 * distribution (see README.md), nothing is placed inside the ranker's windows, and no
 * scenario has any history (every incident is a first).
 */
import { Dependencies, Rng } from './world';

export const KINDS = [
  'upstream_alerts_first',
  'deep_chain',
  'deploy_on_cause',
  'self_with_old_upstream_deploy',
  'deploy_on_victim',
  'chronic_beside_fresh',
  'shared_silent_upstream',
  'two_unrelated_at_once',
  'telemetry_only',
] as const;
export type Kind = (typeof KINDS)[number];

/** Minutes before the moment the last event is sent. */
export type Event =
  | { type: 'alert'; ref: string; minutesAgo: number; severity: string }
  | { type: 'change'; ref: string; minutesAgo: number };

export interface Scenario {
  kind: Kind;
  events: Event[];
  /** The entity whose incident is judged: the last to alert. */
  victim: string;
  truth: string;
  /** Error-ratio departures served by the fake Prometheus, minutes ago. */
  metrics: Array<{ ref: string; departedMinutesAgo: number; level: number }>;
}

const SEVERITIES = ['critical', 'warning', 'error', 'high', 'P2', 'major'];

/** One scenario of a kind, or undefined when the catalog has no place for it. */
export function draw(
  kind: Kind,
  deps: Dependencies,
  r: Rng,
): Scenario | undefined {
  const sev = () => r.pick(SEVERITIES);
  const alert = (ref: string, minutesAgo: number): Event => ({
    type: 'alert',
    ref,
    minutesAgo,
    severity: sev(),
  });
  const change = (ref: string, minutesAgo: number): Event => ({
    type: 'change',
    ref,
    minutesAgo,
  });
  // the victim's alert arrives between a few seconds and ten minutes after it began
  const victimAge = () => r.between(0.05, 10);
  const withUpstream = deps.refs.filter(ref => deps.upstream(ref).length > 0);
  if (!withUpstream.length) return undefined;
  const base = (s: Omit<Scenario, 'metrics'> & Partial<Scenario>) => ({
    metrics: [],
    ...s,
    events: [...s.events, ...noise(deps, r, s.victim)],
  });

  switch (kind) {
    case 'upstream_alerts_first': {
      const victim = r.pick(withUpstream);
      const cause = r.pick(deps.upstream(victim));
      const at = victimAge();
      return base({
        kind,
        victim,
        truth: cause,
        events: [alert(cause, at + r.logBetween(0.5, 60)), alert(victim, at)],
      });
    }
    case 'deep_chain': {
      const chains = r
        .shuffle(withUpstream)
        .flatMap(ref => deps.chainsFrom(ref, 2))
        .slice(0, 50);
      if (!chains.length) return undefined;
      const [victim, middle, cause] = r.pick(chains);
      const at = victimAge();
      const lead = r.logBetween(1, 60);
      return base({
        kind,
        victim,
        truth: cause,
        events: [
          alert(cause, at + lead),
          alert(middle, at + r.between(0, lead)),
          alert(victim, at),
        ],
      });
    }
    case 'deploy_on_cause': {
      const shared = deps.refs.filter(ref => deps.dependents(ref).length >= 2);
      if (!shared.length) return undefined;
      const cause = r.pick(shared);
      const [first, victim] = r.shuffle(deps.dependents(cause));
      const at = victimAge();
      const gap = r.between(0.1, 20);
      return base({
        kind,
        victim,
        truth: cause,
        events: [
          change(cause, at + gap + r.logBetween(2, 180)),
          alert(first, at + gap),
          alert(victim, at),
        ],
      });
    }
    case 'self_with_old_upstream_deploy': {
      const victim = r.pick(withUpstream);
      const upstream = r.pick(deps.allUpstream(victim));
      const at = victimAge();
      return base({
        kind,
        victim,
        truth: victim,
        events: [
          change(upstream, at + r.logBetween(180, 20_000)),
          alert(victim, at),
        ],
      });
    }
    case 'deploy_on_victim': {
      const victim = r.pick(deps.refs);
      const at = victimAge();
      return base({
        kind,
        victim,
        truth: victim,
        events: [change(victim, at + r.logBetween(1, 240)), alert(victim, at)],
      });
    }
    case 'chronic_beside_fresh': {
      const candidates = withUpstream.filter(
        ref => deps.allUpstream(ref).length >= 2,
      );
      if (!candidates.length) return undefined;
      const victim = r.pick(candidates);
      const [chronic, fresh] = r.shuffle(deps.allUpstream(victim).slice(0, 6));
      const at = victimAge();
      return base({
        kind,
        victim,
        truth: fresh,
        events: [
          alert(chronic, at + r.logBetween(360, 30_000)),
          alert(fresh, at + r.logBetween(0.5, 45)),
          alert(victim, at),
        ],
      });
    }
    case 'shared_silent_upstream': {
      const shared = deps.refs.filter(ref => deps.dependents(ref).length >= 2);
      if (!shared.length) return undefined;
      const cause = r.pick(shared);
      const failing = r
        .shuffle(deps.dependents(cause))
        .slice(0, 2 + Math.floor(r.between(0, 3)));
      const at = victimAge();
      const spread = r.between(0, 20);
      const times = failing
        .map((_, i) => (i === failing.length - 1 ? 0 : r.between(0, spread)))
        .map(t => at + t);
      return base({
        kind,
        victim: failing[failing.length - 1],
        truth: cause,
        events: failing.map((ref, i) => alert(ref, times[i])),
      });
    }
    case 'two_unrelated_at_once': {
      const victim = r.pick(withUpstream);
      const cause = r.pick(deps.upstream(victim));
      const above = new Set([victim, ...deps.allUpstream(victim)]);
      const others = withUpstream.filter(
        ref =>
          !above.has(ref) &&
          !deps.allUpstream(ref).includes(victim) &&
          deps.upstream(ref).some(u => !above.has(u)),
      );
      if (!others.length) return undefined;
      const other = r.pick(others);
      const otherCause = r.pick(
        deps.upstream(other).filter(u => !above.has(u)),
      );
      const at = victimAge();
      const otherAt = at + r.between(-0.04, 10);
      return base({
        kind,
        victim,
        truth: cause,
        events: [
          alert(otherCause, Math.max(0.05, otherAt) + r.logBetween(0.5, 60)),
          alert(other, Math.max(0.05, otherAt)),
          alert(cause, at + r.logBetween(0.5, 60)),
          alert(victim, at),
        ],
      });
    }
    case 'telemetry_only': {
      const victim = r.pick(withUpstream);
      const cause = r.pick(deps.upstream(victim));
      const at = victimAge();
      return base({
        kind,
        victim,
        truth: cause,
        events: [alert(victim, at)],
        metrics: [
          {
            ref: cause,
            departedMinutesAgo: at + r.logBetween(1, 40),
            level: r.between(0.03, 0.6),
          },
          { ref: victim, departedMinutesAgo: at, level: r.between(0.03, 0.6) },
        ],
      });
    }
    default:
      return undefined;
  }
}

/**
 * Unrelated trouble elsewhere: up to two alerts and two deploys on entities that are neither
 * the victim nor above it, from a minute to two weeks ago.
 */
function noise(deps: Dependencies, r: Rng, victim: string): Event[] {
  const above = new Set([victim, ...deps.allUpstream(victim)]);
  const elsewhere = deps.refs.filter(
    ref => !above.has(ref) && !deps.allUpstream(ref).includes(victim),
  );
  if (!elsewhere.length) return [];
  const out: Event[] = [];
  const alerts = Math.floor(r.between(0, 3));
  const changes = Math.floor(r.between(0, 3));
  for (let i = 0; i < alerts; i++) {
    out.push({
      type: 'alert',
      ref: r.pick(elsewhere),
      minutesAgo: r.logBetween(1, 20_000),
      severity: r.pick(SEVERITIES),
    });
  }
  for (let i = 0; i < changes; i++) {
    out.push({
      type: 'change',
      ref: r.pick(elsewhere),
      minutesAgo: r.logBetween(1, 20_000),
    });
  }
  return out;
}

/**
 * The naive baseline: the nearest entity above the victim with an alert or a deploy in the
 * hour before the victim's alert; else the victim itself.
 */
export function baseline(s: Scenario, deps: Dependencies): string[] {
  const victimAt = Math.min(
    ...s.events
      .filter(e => e.type === 'alert' && e.ref === s.victim)
      .map(e => e.minutesAgo),
  );
  const recent = new Set(
    s.events
      .filter(e => e.minutesAgo >= victimAt && e.minutesAgo - victimAt <= 60)
      .map(e => e.ref),
  );
  const above = deps.allUpstream(s.victim).filter(ref => recent.has(ref));
  return [...above, s.victim].slice(0, 3);
}
