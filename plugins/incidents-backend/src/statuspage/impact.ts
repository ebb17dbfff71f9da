import {
  LiveStatus,
  liveStatusRank,
  PublicImpact,
  Severity,
} from '@lookout/plugin-incidents-common';

/** The public impact an internal incident's severity implies. */
export const SEVERITY_IMPACT: Record<Severity, PublicImpact> = {
  SEV1: 'critical',
  SEV2: 'major',
  SEV3: 'minor',
  SEV4: 'minor',
};

/** The public impact a component's live status implies. */
export function impactForStatus(status: LiveStatus): PublicImpact {
  switch (status) {
    case 'major_outage':
      return 'critical';
    case 'partial_outage':
      return 'major';
    case 'degraded_performance':
      return 'minor';
    default:
      return 'none';
  }
}

/** The worst of some live statuses; operational when there are none. */
export function worstStatus(statuses: Iterable<LiveStatus>): LiveStatus {
  let worst: LiveStatus = 'operational';
  for (const status of statuses) {
    if (liveStatusRank(status) > liveStatusRank(worst)) worst = status;
  }
  return worst;
}
