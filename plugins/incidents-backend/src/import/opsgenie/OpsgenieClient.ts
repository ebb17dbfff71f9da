import { RetryPolicy, VendorHttp } from '../vendorHttp';

export const OPSGENIE_API_URL = 'https://api.opsgenie.com';

// The parts of Opsgenie's REST API v2 objects the import reads.

export interface OgUser {
  id: string;
  /** The user's e-mail address. */
  username: string;
  fullName?: string;
}

export interface OgTeam {
  id: string;
  name: string;
}

export interface OgParticipant {
  type: 'user' | 'team' | 'escalation' | 'none';
  id?: string;
  username?: string;
  name?: string;
}

export interface OgTimeOfDay {
  startHour: number;
  startMin: number;
  endHour: number;
  endMin: number;
}

export interface OgWeekdayTime extends OgTimeOfDay {
  startDay: string;
  endDay: string;
}

export interface OgRotation {
  id: string;
  name: string;
  startDate: string;
  endDate?: string;
  type: 'daily' | 'weekly' | 'hourly';
  length?: number;
  participants: OgParticipant[];
  timeRestriction?:
    | { type: 'time-of-day'; restriction: OgTimeOfDay }
    | { type: 'weekday-and-time-of-day'; restrictions: OgWeekdayTime[] };
}

export interface OgSchedule {
  id: string;
  name: string;
  timezone: string;
  enabled?: boolean;
  ownerTeam?: { id: string; name: string };
  rotations?: OgRotation[];
}

export interface OgPeriod {
  startDate: string;
  endDate: string;
  type: string;
  recipient?: { id?: string; type: string; name?: string };
}

export interface OgTimeline {
  startDate: string;
  endDate: string;
  finalTimeline: {
    rotations: Array<{ id: string; name: string; periods?: OgPeriod[] }>;
  };
}

export interface OgOverride {
  alias: string;
  user: { id?: string; username?: string; type: string };
  startDate: string;
  endDate: string;
  rotations?: Array<{ id: string; name?: string }>;
}

export interface OgEscalationRule {
  condition: 'if-not-acked' | 'if-not-closed';
  notifyType: string;
  delay: { timeAmount: number; timeUnit?: 'minutes' | 'hours' | 'days' };
  recipient: {
    type: 'user' | 'team' | 'schedule';
    id: string;
    name?: string;
    username?: string;
  };
}

export interface OgEscalation {
  id: string;
  name: string;
  ownerTeam?: { id: string; name: string };
  rules: OgEscalationRule[];
  repeat?: {
    waitInterval?: number;
    count?: number;
    resetRecipientStates?: boolean;
    closeAlertAfterAll?: boolean;
  };
}

const LIMIT = 100;

/**
 * Opsgenie's REST API v2 with an API key (`Authorization: GenieKey …`), lists paged with
 * offset/limit and followed through `paging.next`, and 429s and 5xx retried by
 * {@link VendorHttp}.
 */
export class OpsgenieClient {
  readonly http: VendorHttp;

  constructor(options: {
    apiKey: string;
    apiUrl?: string;
    retry?: RetryPolicy;
    fetch?: typeof fetch;
    sleep?: (ms: number) => Promise<void>;
  }) {
    this.http = new VendorHttp({
      vendor: 'Opsgenie',
      baseUrl: options.apiUrl ?? OPSGENIE_API_URL,
      authorization: `GenieKey ${options.apiKey}`,
      retry: options.retry,
      fetch: options.fetch,
      sleep: options.sleep,
    });
  }

  users(): Promise<OgUser[]> {
    return this.all<OgUser>('/v2/users');
  }

  teams(): Promise<OgTeam[]> {
    return this.all<OgTeam>('/v2/teams');
  }

  schedules(): Promise<OgSchedule[]> {
    return this.all<OgSchedule>('/v2/schedules', { expand: 'rotation' });
  }

  escalations(): Promise<OgEscalation[]> {
    return this.all<OgEscalation>('/v2/escalations');
  }

  /** The schedule's final timeline for `weeks` weeks from `from`. */
  async timeline(id: string, from: Date, weeks: number): Promise<OgTimeline> {
    const { data } = await this.http.get<{ data: OgTimeline }>(
      `/v2/schedules/${encodeURIComponent(id)}/timeline`,
      {
        identifierType: 'id',
        interval: weeks,
        intervalUnit: 'weeks',
        date: from.toISOString(),
      },
    );
    return data;
  }

  async overrides(id: string): Promise<OgOverride[]> {
    const { data } = await this.http.get<{ data: OgOverride[] }>(
      `/v2/schedules/${encodeURIComponent(id)}/overrides`,
      { scheduleIdentifierType: 'id' },
    );
    return data;
  }

  private async all<T>(
    path: string,
    query: Record<string, string> = {},
  ): Promise<T[]> {
    const items: T[] = [];
    let page = await this.http.get<{ data: T[]; paging?: { next?: string } }>(
      path,
      { ...query, offset: 0, limit: LIMIT },
    );
    items.push(...page.data);
    while (page.paging?.next && page.data.length > 0) {
      page = await this.http.get(page.paging.next);
      items.push(...page.data);
    }
    return items;
  }
}
