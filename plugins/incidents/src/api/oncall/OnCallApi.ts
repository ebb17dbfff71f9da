import { createApiRef } from '@backstage/core-plugin-api';
import {
  EscalationPolicy,
  EscalationPolicyInput,
  OnCallResponse,
  Schedule,
  ScheduleInput,
  ScheduleOverride,
  ScheduleShiftsResponse,
} from '@lookout/plugin-incidents-common';

/** The frontend's view of the on-call routes: schedules, overrides, policies, who is on call. */
export interface OnCallApi {
  /** Now, next and the escalation path, for an entity (through its owner) or a group. */
  getOnCall(
    target: { entityRef: string } | { groupRef: string },
  ): Promise<OnCallResponse>;
  listSchedules(query?: { ownerRef?: string }): Promise<Schedule[]>;
  getSchedule(id: string): Promise<Schedule>;
  createSchedule(input: ScheduleInput): Promise<Schedule>;
  updateSchedule(
    id: string,
    input: ScheduleInput & { version: number },
  ): Promise<Schedule>;
  deleteSchedule(id: string): Promise<void>;
  /** Each layer's shifts and the final on-call; the backend defaults to the next 14 days. */
  getShifts(
    id: string,
    range?: { from?: string; to?: string },
  ): Promise<ScheduleShiftsResponse>;
  addOverride(
    scheduleId: string,
    override: Pick<
      ScheduleOverride,
      'userRef' | 'startsAt' | 'endsAt' | 'replacesUserRef'
    >,
  ): Promise<ScheduleOverride>;
  deleteOverride(scheduleId: string, overrideId: string): Promise<void>;
  listPolicies(query?: { ownerRef?: string }): Promise<EscalationPolicy[]>;
  createPolicy(input: EscalationPolicyInput): Promise<EscalationPolicy>;
  updatePolicy(
    id: string,
    input: EscalationPolicyInput & { version: number },
  ): Promise<EscalationPolicy>;
  deletePolicy(id: string): Promise<void>;
}

export const oncallApiRef = createApiRef<OnCallApi>({
  id: 'plugin.incidents.oncall',
});
