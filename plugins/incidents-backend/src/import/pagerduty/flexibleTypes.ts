import { PdReference } from './PagerDutyClient';

// The parts of PagerDuty's v3 Schedules API (rotation-based, "flexible" schedules) the import
// reads: a schedule holds rotations, a rotation holds events, an event repeats by an RFC 5545
// recurrence and hands its occurrences to its members; custom shifts are one-off shifts and
// overrides replace one member of a rotation or a custom shift for a while.

/** `user_member` names a user; `empty_member` is a turn with nobody on call. */
export interface PdMember {
  type: 'user_member' | 'empty_member' | string;
  user_id?: string | null;
}

/** An instant (`date_time`, UTC) and the zone the event's recurrence keeps its wall clock in. */
export interface PdEventTime {
  date_time: string;
  time_zone?: string;
}

export interface PdEvent {
  id: string;
  name: string;
  /** The first occurrence (the recurrence's DTSTART) and its end. */
  start_time: PdEventTime;
  end_time: PdEventTime;
  effective_since: string;
  effective_until?: string | null;
  /** One `RRULE:` line, and any `EXDATE:` and `RDATE:` lines. */
  recurrence: string[];
  assignment_strategy: {
    type:
      | 'rotating_member_assignment_strategy'
      | 'every_member_assignment_strategy'
      | string;
    shifts_per_member?: number | null;
    members: PdMember[];
  };
}

export interface PdRotation {
  id: string;
  events?: PdEvent[];
}

export interface PdComputedAssignment {
  start_time: string;
  end_time: string;
  member: PdMember;
  source?: { type: string; rotation_id?: string; shift_id?: string };
}

export interface PdFlexibleSchedule {
  id: string;
  name: string;
  time_zone: string;
  teams?: PdReference[];
  rotations: PdRotation[];
  /** With `include[]=final_schedule`, since and until: who is on call, several at once. */
  final_schedule?: {
    computed_shift_assignments: PdComputedAssignment[];
  };
}

export interface PdCustomShift {
  id: string;
  start_time: string;
  end_time: string;
  assignments: Array<{ id?: string; member: PdMember }>;
}

export interface PdFlexibleOverride {
  id: string;
  rotation_id?: string | null;
  custom_shift_id?: string | null;
  start_time: string;
  end_time: string;
  overridden_member: PdMember;
  overriding_member: PdMember;
}
