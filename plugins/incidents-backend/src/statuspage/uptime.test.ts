import { StatusIncidentRecord } from './StatusPageStore';
import { uptimeOf } from './uptime';

const NOW = Date.parse('2026-11-30T12:00:00.000Z');
const component = {
  id: 'c1',
  createdAt: '2026-01-01T00:00:00.000Z',
  status: 'operational' as const,
};

function incident(
  overrides: Partial<StatusIncidentRecord> = {},
): StatusIncidentRecord {
  return {
    id: 'p1',
    kind: 'incident',
    incidentSeq: null,
    name: 'Checkout errors',
    status: 'investigating',
    impact: 'major',
    componentIds: ['c1'],
    scheduledFor: null,
    scheduledUntil: null,
    startedAt: '2026-11-30T10:00:00.000Z',
    monitoringAt: null,
    resolvedAt: null,
    createdAt: '2026-11-30T10:00:00.000Z',
    updatedAt: '2026-11-30T10:00:00.000Z',
    updates: [],
    ...overrides,
  };
}

const today = (result: ReturnType<typeof uptimeOf>) =>
  result.days[result.days.length - 1];

describe('uptimeOf', () => {
  it('is green with no incidents and an operational component', () => {
    const result = uptimeOf(component, [], NOW);
    expect(result.days).toHaveLength(90);
    expect(today(result)).toEqual({ date: '2026-11-30', level: 'none' });
    expect(result.percent).toBe(100);
  });

  it('colours today by the status now when nobody has published an incident', () => {
    const result = uptimeOf(
      { ...component, status: 'partial_outage' },
      [],
      NOW,
    );
    expect(today(result)).toEqual({
      date: '2026-11-30',
      level: 'major',
      cause: { kind: 'now', status: 'partial_outage' },
    });
    // only today: the days before keep what was published, and so does the percentage
    expect(result.days.slice(0, -1).every(d => d.level === 'none')).toBe(true);
    expect(result.percent).toBe(100);
  });

  it('takes the worse of the public incidents and the status now', () => {
    const published = [incident({ impact: 'minor' })];
    expect(
      today(uptimeOf({ ...component, status: 'major_outage' }, published, NOW)),
    ).toMatchObject({
      level: 'critical',
      cause: { kind: 'now', status: 'major_outage' },
    });
    // a public incident as bad as the status explains it better: its name wins a tie
    expect(
      today(
        uptimeOf(
          { ...component, status: 'degraded_performance' },
          published,
          NOW,
        ),
      ),
    ).toMatchObject({
      level: 'minor',
      cause: { kind: 'incident', name: 'Checkout errors' },
    });
    // and a worse one is named however well things run now
    expect(
      today(uptimeOf(component, [incident({ impact: 'critical' })], NOW)),
    ).toMatchObject({
      level: 'critical',
      cause: { kind: 'incident', name: 'Checkout errors' },
    });
  });

  it('does not colour a bar for maintenance', () => {
    expect(
      today(uptimeOf({ ...component, status: 'under_maintenance' }, [], NOW)),
    ).toEqual({ date: '2026-11-30', level: 'none' });
  });

  it('leaves past days as the public incidents made them', () => {
    const yesterday = incident({
      name: 'Yesterday',
      impact: 'critical',
      startedAt: '2026-11-29T08:00:00.000Z',
      resolvedAt: '2026-11-29T09:00:00.000Z',
    });
    const result = uptimeOf(
      { ...component, status: 'degraded_performance' },
      [yesterday],
      NOW,
    );
    expect(result.days[88]).toEqual({ date: '2026-11-29', level: 'critical' });
    expect(today(result)).toMatchObject({
      level: 'minor',
      cause: { kind: 'now' },
    });
  });
});
