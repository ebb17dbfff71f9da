import { applyDelivery, firstState, groupIsLive } from './alertState';
import { AlertDelivery, StoredAlert } from './types';

const NOW = '2026-01-01T12:00:00.000Z';

const stored = (overrides: Partial<StoredAlert>): StoredAlert => ({
  id: 1,
  integrationId: 'i',
  dedupKey: 'k',
  fingerprint: 'k',
  groupKey: null,
  status: 'firing',
  summary: 's',
  description: '',
  severity: null,
  incidentSeverity: 'SEV3',
  source: 'test',
  entityRef: null,
  ownerRef: null,
  labels: {},
  annotations: {},
  links: [],
  details: {},
  startsAt: '2026-01-01T10:00:00.000Z',
  endsAt: null,
  firstSeenAt: '2026-01-01T10:00:00.000Z',
  lastSeenAt: '2026-01-01T10:00:00.000Z',
  occurrences: 1,
  acknowledgedAt: null,
  incidentSeq: null,
  groupId: null,
  suppressedBy: null,
  ...overrides,
});

const firing = (startsAt: string | null): AlertDelivery => ({
  dedupKey: 'k',
  status: 'firing',
  startsAt,
  endsAt: null,
});
const resolved = (endsAt: string | null): AlertDelivery => ({
  dedupKey: 'k',
  status: 'resolved',
  startsAt: null,
  endsAt,
});

describe('applyDelivery', () => {
  it('counts a repeat of a firing alert as an occurrence', () => {
    const { effect, update } = applyDelivery(
      stored({}),
      firing('2026-01-01T10:00:00Z'),
      NOW,
    );
    expect(effect).toBe('repeated');
    expect(update).toEqual({ lastSeenAt: NOW, occurrences: 2 });
  });

  it('resolves a firing alert with a resolution that ended after it began', () => {
    const { effect, update } = applyDelivery(
      stored({}),
      resolved('2026-01-01T11:00:00.000Z'),
      NOW,
    );
    expect(effect).toBe('resolved');
    expect(update).toMatchObject({
      status: 'resolved',
      endsAt: '2026-01-01T11:00:00.000Z',
    });
  });

  it('ignores a resolution of an earlier firing, delivered late', () => {
    const { effect, update } = applyDelivery(
      stored({ startsAt: '2026-01-01T11:00:00.000Z' }),
      resolved('2026-01-01T10:30:00.000Z'),
      NOW,
    );
    expect(effect).toBe('stale');
    expect(update).toEqual({ lastSeenAt: NOW });
  });

  it('reopens a resolved alert only for a firing that began after it ended', () => {
    const ended = stored({
      status: 'resolved',
      endsAt: '2026-01-01T11:00:00.000Z',
      acknowledgedAt: '2026-01-01T10:05:00.000Z',
    });
    expect(
      applyDelivery(ended, firing('2026-01-01T10:00:00.000Z'), NOW).effect,
    ).toBe('stale');
    expect(
      applyDelivery(ended, firing('2026-01-01T11:00:00.000Z'), NOW).effect,
    ).toBe('stale');
    const again = applyDelivery(ended, firing('2026-01-01T11:30:00.000Z'), NOW);
    expect(again.effect).toBe('fired');
    expect(again.update).toMatchObject({
      status: 'firing',
      startsAt: '2026-01-01T11:30:00.000Z',
      endsAt: null,
      acknowledgedAt: null,
      occurrences: 2,
    });
    // no time from the sender: the time of receipt, which is after the end
    expect(applyDelivery(ended, firing(null), NOW).effect).toBe('fired');
  });

  it('takes times from a clock running ahead as now, so they cannot block later deliveries', () => {
    const future = '2027-01-01T00:00:00.000Z';
    const ended = applyDelivery(stored({}), resolved(future), NOW);
    expect(ended.update.endsAt).toBe(NOW);
    expect(firstState(firing(future), NOW).startsAt).toBe(NOW);
  });

  it('leaves a resolved alert resolved', () => {
    const { effect } = applyDelivery(
      stored({ status: 'resolved', endsAt: '2026-01-01T11:00:00.000Z' }),
      resolved('2026-01-01T11:10:00.000Z'),
      NOW,
    );
    expect(effect).toBe('unchanged');
  });

  it('starts a first resolved alert no later than it ended', () => {
    expect(firstState(resolved('2026-01-01T11:00:00.000Z'), NOW)).toEqual({
      status: 'resolved',
      startsAt: '2026-01-01T11:00:00.000Z',
      endsAt: '2026-01-01T11:00:00.000Z',
      occurrences: 1,
    });
  });
});

describe('groupIsLive', () => {
  const base = {
    incidentStatus: 'triage' as const,
    otherFiring: 0,
    lastActivityAt: '2026-01-01T11:50:00.000Z',
    now: NOW,
    windowMs: 15 * 60_000,
  };

  it('is live within the window after the last activity, or while another alert fires', () => {
    expect(groupIsLive(base)).toBe(true);
    expect(
      groupIsLive({ ...base, lastActivityAt: '2026-01-01T11:40:00.000Z' }),
    ).toBe(false);
    expect(
      groupIsLive({
        ...base,
        lastActivityAt: '2026-01-01T09:00:00.000Z',
        otherFiring: 1,
      }),
    ).toBe(true);
    // a resolved incident can still take a flapping alert back
    expect(groupIsLive({ ...base, incidentStatus: 'resolved' })).toBe(true);
  });

  it('ends with an incident that is over for good, or gone', () => {
    for (const incidentStatus of ['closed', 'declined', 'merged'] as const) {
      expect(groupIsLive({ ...base, incidentStatus, otherFiring: 3 })).toBe(
        false,
      );
    }
    expect(groupIsLive({ ...base, incidentStatus: undefined })).toBe(false);
  });
});
