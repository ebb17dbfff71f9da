import { RetryPolicy, VendorHttp } from '../vendorHttp';
import {
  PdCustomShift,
  PdFlexibleOverride,
  PdFlexibleSchedule,
} from './flexibleTypes';

export const PAGERDUTY_API_URL = 'https://api.pagerduty.com';

// The parts of PagerDuty's REST API v2 objects the import reads.

export interface PdReference {
  id: string;
  type?: string;
  summary?: string;
}

export interface PdUser {
  id: string;
  name: string;
  email: string;
}

export interface PdTeam {
  id: string;
  name: string;
}

export interface PdService {
  id: string;
  name: string;
  escalation_policy?: PdReference;
  teams?: PdReference[];
}

export interface PdRestriction {
  type: 'daily_restriction' | 'weekly_restriction';
  /** `HH:mm:ss` in the schedule's zone. */
  start_time_of_day: string;
  duration_seconds: number;
  /** ISO weekday, weekly restrictions only. */
  start_day_of_week?: number | null;
}

export interface PdScheduleLayer {
  id: string;
  name: string;
  start: string;
  end?: string | null;
  rotation_virtual_start: string;
  rotation_turn_length_seconds: number;
  users: Array<{ user: PdReference }>;
  restrictions?: PdRestriction[];
}

export interface PdRenderedEntry {
  start: string;
  end: string;
  user?: PdReference;
}

export interface PdSchedule {
  id: string;
  name: string;
  time_zone: string;
  teams?: PdReference[];
  /** As PagerDuty lists them: the highest (most recently added) layer first. */
  schedule_layers: PdScheduleLayer[];
  final_schedule?: {
    name: string;
    rendered_schedule_entries: PdRenderedEntry[];
  };
}

export interface PdOverride {
  id: string;
  start: string;
  end: string;
  user: PdReference;
}

export interface PdEscalationRule {
  id: string;
  escalation_delay_in_minutes: number;
  targets: PdReference[];
  /** Round robin pages one target a time, in turn; absent or assign_to_everyone pages all. */
  escalation_rule_assignment_strategy?: { type: string } | null;
}

export interface PdEscalationPolicy {
  id: string;
  name: string;
  num_loops: number;
  escalation_rules: PdEscalationRule[];
  services?: PdReference[];
  teams?: PdReference[];
}

/** Page size: PagerDuty's most. */
const LIMIT = 100;

/** The v3 Schedules API answers plain JSON, and only to callers of its early access. */
const V3_HEADERS = {
  Accept: 'application/json',
  'X-Early-Access': 'flexible-schedules-early-access',
};

/**
 * PagerDuty's REST API v2 with a REST API key (`Authorization: Token token=…`), classic offset
 * pagination (`offset`, `limit`, `more`), and 429s and 5xx retried by {@link VendorHttp}.
 */
export class PagerDutyClient {
  readonly http: VendorHttp;

  constructor(options: {
    token: string;
    apiUrl?: string;
    retry?: RetryPolicy;
    fetch?: typeof fetch;
    sleep?: (ms: number) => Promise<void>;
  }) {
    this.http = new VendorHttp({
      vendor: 'PagerDuty',
      baseUrl: options.apiUrl ?? PAGERDUTY_API_URL,
      authorization: `Token token=${options.token}`,
      extraHeaders: { Accept: 'application/vnd.pagerduty+json;version=2' },
      retry: options.retry,
      fetch: options.fetch,
      sleep: options.sleep,
    });
  }

  users(): Promise<PdUser[]> {
    return this.all<PdUser>('/users', 'users');
  }

  teams(): Promise<PdTeam[]> {
    return this.all<PdTeam>('/teams', 'teams');
  }

  services(): Promise<PdService[]> {
    return this.all<PdService>('/services', 'services');
  }

  escalationPolicies(): Promise<PdEscalationPolicy[]> {
    return this.all<PdEscalationPolicy>(
      '/escalation_policies',
      'escalation_policies',
    );
  }

  /** Every schedule's id; the list leaves layers out, so each is read on its own. */
  async scheduleIds(): Promise<string[]> {
    const list = await this.all<{ id: string }>('/schedules', 'schedules');
    return list.map(s => s.id);
  }

  /** A schedule with its layers and its final rendering over `[since, until)`. */
  async schedule(id: string, since: Date, until: Date): Promise<PdSchedule> {
    const { schedule } = await this.http.get<{ schedule: PdSchedule }>(
      `/schedules/${encodeURIComponent(id)}`,
      { since: since.toISOString(), until: until.toISOString() },
    );
    return schedule;
  }

  async overrides(id: string, since: Date, until: Date): Promise<PdOverride[]> {
    const { overrides } = await this.http.get<{ overrides: PdOverride[] }>(
      `/schedules/${encodeURIComponent(id)}/overrides`,
      { since: since.toISOString(), until: until.toISOString() },
    );
    return overrides;
  }

  /**
   * Every rotation-based (v3) schedule's id; none when the account has no v3 Schedules API
   * (it answers 404 there).
   */
  async flexibleScheduleIds(): Promise<string[]> {
    const list = await this.all<{ id: string }>('/v3/schedules', 'schedules', {
      v3: true,
      absentOn404: true,
    });
    return list.map(s => s.id);
  }

  /** A v3 schedule with its rotations, events and computed on-call over `[since, until)`. */
  async flexibleSchedule(
    id: string,
    since: Date,
    until: Date,
  ): Promise<PdFlexibleSchedule> {
    const { schedule } = await this.http.get<{ schedule: PdFlexibleSchedule }>(
      `/v3/schedules/${encodeURIComponent(id)}`,
      {
        since: since.toISOString(),
        until: until.toISOString(),
        'include[]': 'final_schedule',
      },
      { headers: V3_HEADERS },
    );
    return schedule;
  }

  customShifts(id: string, since: Date, until: Date): Promise<PdCustomShift[]> {
    return this.all<PdCustomShift>(
      `/v3/schedules/${encodeURIComponent(id)}/custom_shifts`,
      'custom_shifts',
      { v3: true, since, until },
    );
  }

  flexibleOverrides(
    id: string,
    since: Date,
    until: Date,
  ): Promise<PdFlexibleOverride[]> {
    return this.all<PdFlexibleOverride>(
      `/v3/schedules/${encodeURIComponent(id)}/overrides`,
      'overrides',
      { v3: true, since, until },
    );
  }

  private async all<T>(
    path: string,
    key: string,
    options: {
      v3?: boolean;
      absentOn404?: boolean;
      since?: Date;
      until?: Date;
    } = {},
  ): Promise<T[]> {
    const items: T[] = [];
    const range: Record<string, string> =
      options.since && options.until
        ? {
            since: options.since.toISOString(),
            until: options.until.toISOString(),
          }
        : {};
    for (let offset = 0; ; offset += LIMIT) {
      const page = await this.http.get<Record<string, unknown> | undefined>(
        path,
        { ...range, offset, limit: LIMIT },
        {
          ...(options.v3 ? { headers: V3_HEADERS } : {}),
          absentOn404: options.absentOn404,
        },
      );
      if (!page) return items;
      const batch = (page[key] ?? []) as T[];
      items.push(...batch);
      if (!page.more || batch.length === 0) return items;
    }
  }
}
