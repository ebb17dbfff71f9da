import { Entity } from '@backstage/catalog-model';
import {
  ANNOTATION_CUSTOMER_FACING,
  ANNOTATION_TIER,
  Severity,
  SeveritySuggestion,
  TriageReason,
} from '@lookout/plugin-incidents-common';

export type AlertLevel = 'critical' | 'warning' | 'info';

const CRITICAL =
  /^(critical|crit|emergency|emerg|fatal|page|disaster|high|major|p0|p1|sev0|sev1)$/;
const WARNING =
  /^(warning|warn|error|err|average|medium|minor|p2|p3|sev2|sev3)$/;
const INFO = /^(info|informational|notice|low|none|ok|debug|p4|p5|sev4|sev5)$/;
const LEVEL_RANK: Record<AlertLevel, number> = {
  info: 1,
  warning: 2,
  critical: 3,
};
const FROM_INCIDENT_SEVERITY: Record<Severity, AlertLevel> = {
  SEV1: 'critical',
  SEV2: 'critical',
  SEV3: 'warning',
  SEV4: 'info',
};

/**
 * A sender's severity word in three levels. Senders disagree on words (Alertmanager's
 * `critical`, Grafana's `High`, Zabbix's `Disaster`); when the word is unknown the severity the
 * alert's integration mapped it to stands in.
 */
export function alertLevel(
  senderSeverity: string | null,
  incidentSeverity: Severity,
): AlertLevel {
  const word = (senderSeverity ?? '').trim().toLocaleLowerCase('en-US');
  if (CRITICAL.test(word)) return 'critical';
  if (WARNING.test(word)) return 'warning';
  if (INFO.test(word)) return 'info';
  return FROM_INCIDENT_SEVERITY[incidentSeverity];
}

export function worstLevel(levels: AlertLevel[]): AlertLevel | null {
  return levels.reduce<AlertLevel | null>(
    (worst, level) =>
      !worst || LEVEL_RANK[level] > LEVEL_RANK[worst] ? level : worst,
    null,
  );
}

export interface SeverityFacts {
  current: Severity;
  /** Entities the incident reaches downstream, not counting the origin. */
  impactedCount: number;
  /** Customer-facing entities among the origin and what it reaches. */
  customerFacing: string[];
  /** Those of them in tier 1: the core products. */
  customerFacingTier1: string[];
  /** The most critical `lookout.dev/tier` among the origin and what it reaches. */
  bestTier: number | null;
  /** Where the best tier is, for the reason. */
  bestTierRef: string | null;
  alertLevel: AlertLevel | null;
  alertCount: number;
}

/**
 * What the catalog says about the entities an incident reaches (`refs`, the origin first):
 * which are customer-facing, and the most critical tier among them.
 */
export function reachFacts(
  refs: string[],
  entities: Map<string, Entity>,
): Pick<
  SeverityFacts,
  'customerFacing' | 'customerFacingTier1' | 'bestTier' | 'bestTierRef'
> {
  let bestTier: number | null = null;
  let bestTierRef: string | null = null;
  const customerFacing: string[] = [];
  const customerFacingTier1: string[] = [];
  for (const ref of refs) {
    const entity = entities.get(ref);
    const tier = Number.parseInt(
      entity?.metadata.annotations?.[ANNOTATION_TIER] ?? '',
      10,
    );
    if (Number.isFinite(tier) && (bestTier === null || tier < bestTier)) {
      bestTier = tier;
      bestTierRef = ref;
    }
    if (entity?.metadata.annotations?.[ANNOTATION_CUSTOMER_FACING] === 'true') {
      customerFacing.push(ref);
      if (tier === 1) customerFacingTier1.push(ref);
    }
  }
  return { customerFacing, customerFacingTier1, bestTier, bestTierRef };
}

/** Many entities reached is worth saying, though it does not change what kind of harm it is. */
const WIDE_BLAST_RADIUS = 15;
const HARM: Record<AlertLevel, string> = {
  critical: 'broken (a critical alert)',
  warning: 'degraded (a warning)',
  info: 'a low-impact issue (informational alerts only)',
};

/**
 * The severity the blast radius and the alerts call for, by the published definitions of the
 * levels (`DEFAULT_SEVERITY_INFO`): the alerts' worst level says how badly the origin is hurt
 * (critical: broken; warning: degraded; info: low impact; without alerts the declared severity
 * stands in), and the blast radius says who is hurt: a customer-facing tier-1 entity is a core
 * product, a customer-facing or tier-1 entity a core feature.
 *
 * - SEV1, customers cannot use a core product: broken, reaching a customer-facing tier 1.
 * - SEV2, a core feature broken or badly degraded for many customers: broken, reaching a
 *   customer-facing or a tier-1 entity; or degraded, reaching a customer-facing tier 1.
 * - SEV3, partial degradation or an internal tool down: any other broken state; degraded,
 *   reaching tier 1 or 2 or a customer-facing entity.
 * - SEV4, low impact: the rest.
 *
 * The score is how firmly the facts sit in that level: lower when the decision hung on a
 * fact that was missing (no alerts, no tier annotated).
 */
export function suggestSeverity(
  facts: SeverityFacts,
): Omit<SeveritySuggestion, 'id'> {
  const level = facts.alertLevel ?? FROM_INCIDENT_SEVERITY[facts.current];
  const tier = facts.bestTier;
  const facingTier1 = facts.customerFacingTier1.length > 0;
  const facing = facts.customerFacing.length > 0;
  const tier1 = tier !== null && tier <= 1;
  const tier2 = tier !== null && tier <= 2;

  const reasons: TriageReason[] = [
    {
      text: facts.alertLevel
        ? `the origin is ${HARM[level]}: the worst of its ${
            facts.alertCount
          } alert${facts.alertCount === 1 ? '' : 's'} is ${level}`
        : `no alerts yet; the declared ${facts.current} stands in: ${HARM[level]}`,
      weight: LEVEL_RANK[level],
    },
  ];
  if (facingTier1) {
    reasons.push({
      text: `customers use a core product it reaches: ${list(
        facts.customerFacingTier1,
      )} (customer-facing, tier 1)`,
      weight: 2,
    });
  } else if (facing) {
    reasons.push({
      text: `customers use what it reaches: ${list(facts.customerFacing)}`,
      weight: 1,
    });
  } else {
    reasons.push({ text: 'no customer-facing entity is reached', weight: 0 });
  }
  if (tier2) {
    reasons.push({
      text: `the most critical tier it reaches is ${tier} (${nameOf(
        facts.bestTierRef ?? '',
      )})`,
      weight: tier1 ? 1 : 0.5,
    });
  } else {
    reasons.push({
      text:
        tier === null
          ? 'no tier is annotated on what it reaches'
          : `the most critical tier it reaches is ${tier}`,
      weight: 0,
    });
  }
  if (facts.impactedCount >= WIDE_BLAST_RADIUS) {
    reasons.push({
      text: `a wide blast radius: ${facts.impactedCount} entities downstream`,
      weight: 0,
    });
  }

  let severity: Severity = 'SEV4';
  if (level === 'critical') {
    severity = 'SEV3';
    if (facing || tier1) severity = 'SEV2';
    if (facingTier1) severity = 'SEV1';
  } else if (level === 'warning') {
    if (tier2 || facing) severity = 'SEV3';
    if (facingTier1) severity = 'SEV2';
  }
  let score = 0.9;
  if (!facts.alertLevel) score -= 0.3;
  if (tier === null) score -= 0.2;
  return {
    severity,
    current: facts.current,
    score: Math.round(score * 100) / 100,
    reasons,
    facts: {
      impactedCount: facts.impactedCount,
      customerFacing: facts.customerFacing,
      bestTier: facts.bestTier,
      alertLevel: facts.alertLevel,
    },
  };
}

function list(refs: string[]): string {
  const names = refs.slice(0, 3).map(nameOf).join(', ');
  return refs.length > 3 ? `${names} and ${refs.length - 3} more` : names;
}

/** `checkout-service` from `component:default/checkout-service`. */
export function nameOf(ref: string): string {
  return ref.slice(ref.lastIndexOf('/') + 1) || ref;
}
