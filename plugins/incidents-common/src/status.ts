import { IncidentStatus, Severity } from './types';

/** Statuses after which an incident no longer counts as open. */
const CLOSED_STATUSES: ReadonlySet<IncidentStatus> = new Set([
  'resolved',
  'closed',
  'declined',
  'merged',
]);

/** True while an incident is still being worked on (it colours live status and pages people). */
export function isOpenStatus(status: IncidentStatus): boolean {
  return !CLOSED_STATUSES.has(status);
}

/** The statuses that count as open, for list filters. */
export const OPEN_STATUSES: IncidentStatus[] = [
  'triage',
  'investigating',
  'identified',
  'monitoring',
];

/**
 * Where each status may go. Forward moves may skip steps (a false alarm goes straight to
 * resolved); resolved can reopen; closed, declined and merged are final.
 */
export const STATUS_TRANSITIONS: Record<IncidentStatus, IncidentStatus[]> = {
  triage: [
    'investigating',
    'identified',
    'monitoring',
    'resolved',
    'declined',
    'merged',
  ],
  investigating: ['identified', 'monitoring', 'resolved', 'merged'],
  identified: ['investigating', 'monitoring', 'resolved', 'merged'],
  monitoring: ['investigating', 'identified', 'resolved', 'merged'],
  resolved: ['investigating', 'closed'],
  closed: [],
  declined: [],
  merged: [],
};

/** The statuses an incident may move to from `from`. */
export function allowedTransitions(from: IncidentStatus): IncidentStatus[] {
  return STATUS_TRANSITIONS[from];
}

/** Default display names and descriptions of the severities; the backend config can replace them. */
export const DEFAULT_SEVERITY_INFO: Record<
  Severity,
  { name: string; description: string }
> = {
  SEV1: {
    name: 'Critical',
    description:
      'Customers cannot use a core product: full outage, data loss or a security breach.',
  },
  SEV2: {
    name: 'Major',
    description:
      'A core feature is broken or badly degraded for many customers.',
  },
  SEV3: {
    name: 'Minor',
    description:
      'Partial degradation with a workaround, or an internal tool is down.',
  },
  SEV4: {
    name: 'Low',
    description: 'Cosmetic or low-impact issue; no customer is blocked.',
  },
};
