// The wire shapes of on-call: schedules, escalation policies, who is on call, and pages.
// Schedules and policies are owned by Group entities; every person is a User entity ref.

/** How often a rotation hands over. `custom` uses `shiftLengthHours`. */
export const ROTATION_KINDS = ['daily', 'weekly', 'custom'] as const;
export type RotationKind = (typeof ROTATION_KINDS)[number];

/**
 * A time-of-week window a layer is active in, in the schedule's time zone
 * (for example business hours: days 1–5, 09:00–17:00). Days are ISO weekdays, 1 = Monday.
 */
export interface ScheduleRestriction {
  days: number[];
  /** `HH:mm` */
  start: string;
  /** `HH:mm`; an end at or before the start runs past midnight. */
  end: string;
}

/** One rotation: its members take turns, handing over at `handoffTime` in the schedule's zone. */
export interface ScheduleLayer {
  name: string;
  rotation: RotationKind;
  /** Only for `custom` rotations. */
  shiftLengthHours?: number;
  /** `HH:mm` local time of the handoff. */
  handoffTime: string;
  /** ISO weekday of the handoff for weekly rotations (1 = Monday). */
  handoffDay?: number;
  /** The first shift starts here (ISO date-time); members[0] holds it. */
  startsAt: string;
  /** User entity refs, in rotation order. */
  members: string[];
  /** Empty means always active. */
  restrictions: ScheduleRestriction[];
  /** The layer stops here (ISO date-time), as a vendor's ended layer or rotation end date does. */
  endsAt?: string;
  /**
   * Custom rotations only: a handoff (ISO date-time) the shifts count from in wall-clock time,
   * instead of `handoffTime` on the start day, so a 48-hour or two-week rotation can hand over
   * on the days an imported rotation does. members[0] still holds the shift running at `startsAt`.
   */
  anchorAt?: string;
}

/** Someone covers a time range, whatever the layers say. */
export interface ScheduleOverride {
  id: string;
  userRef: string;
  startsAt: string;
  endsAt: string;
  /** Who they stand in for, when known. */
  replacesUserRef?: string;
  createdBy: string;
}

export interface Schedule {
  id: string;
  name: string;
  /** The Group entity that owns the schedule. */
  ownerRef: string;
  /** IANA zone, for example `Europe/Berlin`. */
  timeZone: string;
  /** Later layers win where they are active (as in PagerDuty and Grafana OnCall). */
  layers: ScheduleLayer[];
  overrides: ScheduleOverride[];
  createdAt: string;
  updatedAt: string;
  version: number;
}

/** One stretch of time one person is on call, as the schedule page draws it. */
export interface OnCallShift {
  scheduleId: string;
  userRef: string;
  startsAt: string;
  endsAt: string;
  /** The layer's name, or `override`. */
  source: string;
}

/** Whom an escalation level pages. */
export type EscalationTarget =
  | { type: 'schedule'; scheduleId: string }
  | { type: 'user'; userRef: string }
  | { type: 'group_members'; groupRef: string }
  /** The on-call of the owning group's parent (catalog `childOf`), resolved when the level fires. */
  | { type: 'parent_oncall' };

export interface EscalationLevel {
  /** Minutes after the previous level fired (the first level: after the incident opened). */
  delayMinutes: number;
  targets: EscalationTarget[];
}

export interface EscalationPolicy {
  id: string;
  name: string;
  ownerRef: string;
  levels: EscalationLevel[];
  /** How many more times the whole list runs when nobody acknowledges. */
  repeat: number;
  /** True for a policy Lookout derived from ownership because the group has none. */
  derived: boolean;
  version: number;
}

/** A person an escalation reaches, and why. */
export interface ResolvedTarget {
  userRef: string;
  /** How they were reached: "on call for Checkout primary", "member of group:default/checkout". */
  reason: string;
}

/** `GET /oncall?entityRef=…` or `?groupRef=…`. */
export interface OnCallResponse {
  /** The group whose rules apply (the entity's owner). */
  groupRef: string;
  policy: EscalationPolicy;
  now: Array<{
    schedule: Pick<Schedule, 'id' | 'name'>;
    shift: OnCallShift | null;
  }>;
  next: Array<{
    schedule: Pick<Schedule, 'id' | 'name'>;
    shift: OnCallShift | null;
  }>;
  /** Each level with the people it would page right now. */
  path: Array<{
    level: number;
    delayMinutes: number;
    targets: ResolvedTarget[];
  }>;
  /** How to reach everyone named above, from their User entities, by user ref. */
  people?: Record<string, OnCallPerson>;
}

/** A person's name and contact, from the User entity's profile. */
export interface OnCallPerson {
  displayName: string;
  email?: string;
  picture?: string;
}

export const PAGE_STATUSES = [
  'pending',
  'sent',
  'failed',
  'acknowledged',
] as const;
export type PageStatus = (typeof PAGE_STATUSES)[number];

/** One notification attempt to one person for one escalation step. */
export interface OnCallPage {
  id: string;
  incidentId: string;
  level: number;
  round: number;
  userRef: string;
  reason: string;
  status: PageStatus;
  channels: string[];
  dueAt: string;
  sentAt: string | null;
  acknowledgedAt: string | null;
}

/** `GET /oncall/schedules/:id/shifts`: what the schedule page's timeline draws. */
export interface ScheduleShiftsResponse {
  from: string;
  to: string;
  /** Each layer's own shifts, restrictions applied, in the schedule's layer order. */
  layers: Array<{ name: string; shifts: OnCallShift[] }>;
  /** The overrides that touch the range. */
  overrides: ScheduleOverride[];
  /** Who is actually on call: later layers win, overrides win over every layer. */
  final: OnCallShift[];
}

/** The editable part of a schedule, as `POST` and `PUT /oncall/schedules` take it. */
export interface ScheduleInput {
  name: string;
  ownerRef: string;
  timeZone: string;
  layers: ScheduleLayer[];
}

/** The editable part of an escalation policy, as `POST` and `PUT /oncall/policies` take it. */
export interface EscalationPolicyInput {
  name: string;
  ownerRef: string;
  levels: EscalationLevel[];
  repeat: number;
}
