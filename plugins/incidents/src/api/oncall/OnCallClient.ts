import { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import {
  EscalationPolicy,
  EscalationPolicyInput,
  OnCallResponse,
  Schedule,
  ScheduleInput,
  ScheduleOverride,
  ScheduleShiftsResponse,
} from '@lookout/plugin-incidents-common';
import { BackendClient, toSearch } from '../BackendClient';
import { OnCallApi } from './OnCallApi';

const schedulePath = (id: string) =>
  `/oncall/schedules/${encodeURIComponent(id)}`;
const policyPath = (id: string) => `/oncall/policies/${encodeURIComponent(id)}`;

/** Talks to the on-call routes of `/api/incidents`; tokens come from the fetch API. */
export class OnCallClient implements OnCallApi {
  private readonly backend: BackendClient;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.backend = new BackendClient(options);
  }

  getOnCall(
    target: { entityRef: string } | { groupRef: string },
  ): Promise<OnCallResponse> {
    return this.backend.request(`/oncall${toSearch(target)}`);
  }

  async listSchedules(query: { ownerRef?: string } = {}): Promise<Schedule[]> {
    const { items } = await this.backend.request<{ items: Schedule[] }>(
      `/oncall/schedules${toSearch(query)}`,
    );
    return items;
  }

  getSchedule(id: string): Promise<Schedule> {
    return this.backend.request(schedulePath(id));
  }

  createSchedule(input: ScheduleInput): Promise<Schedule> {
    return this.backend.send('POST', '/oncall/schedules', input);
  }

  updateSchedule(
    id: string,
    input: ScheduleInput & { version: number },
  ): Promise<Schedule> {
    return this.backend.send('PUT', schedulePath(id), input);
  }

  deleteSchedule(id: string): Promise<void> {
    return this.backend.request(schedulePath(id), { method: 'DELETE' });
  }

  getShifts(
    id: string,
    range: { from?: string; to?: string } = {},
  ): Promise<ScheduleShiftsResponse> {
    return this.backend.request(`${schedulePath(id)}/shifts${toSearch(range)}`);
  }

  addOverride(
    scheduleId: string,
    override: Pick<
      ScheduleOverride,
      'userRef' | 'startsAt' | 'endsAt' | 'replacesUserRef'
    >,
  ): Promise<ScheduleOverride> {
    return this.backend.send(
      'POST',
      `${schedulePath(scheduleId)}/overrides`,
      override,
    );
  }

  deleteOverride(scheduleId: string, overrideId: string): Promise<void> {
    return this.backend.request(
      `${schedulePath(scheduleId)}/overrides/${encodeURIComponent(overrideId)}`,
      { method: 'DELETE' },
    );
  }

  async listPolicies(
    query: { ownerRef?: string } = {},
  ): Promise<EscalationPolicy[]> {
    const { items } = await this.backend.request<{ items: EscalationPolicy[] }>(
      `/oncall/policies${toSearch(query)}`,
    );
    return items;
  }

  createPolicy(input: EscalationPolicyInput): Promise<EscalationPolicy> {
    return this.backend.send('POST', '/oncall/policies', input);
  }

  updatePolicy(
    id: string,
    input: EscalationPolicyInput & { version: number },
  ): Promise<EscalationPolicy> {
    return this.backend.send('PUT', policyPath(id), input);
  }

  deletePolicy(id: string): Promise<void> {
    return this.backend.request(policyPath(id), { method: 'DELETE' });
  }
}
