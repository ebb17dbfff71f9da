import {
  formatDuration,
  formatIncidentDuration,
  formatMeanSeconds,
  formatSeconds,
} from './durations';

describe('formatDuration', () => {
  it('shows the two largest units', () => {
    expect(formatDuration('2026-11-01T10:00:00Z', '2026-11-01T12:05:30Z')).toBe(
      '2h 5m',
    );
    expect(formatDuration('2026-11-01T10:00:00Z', '2026-11-04T14:00:00Z')).toBe(
      '3d 4h',
    );
    expect(formatDuration('2026-11-01T10:00:00Z', '2026-11-01T10:00:45Z')).toBe(
      '45s',
    );
    expect(formatDuration('2026-11-01T10:00:00Z', '2026-11-01T10:00:00Z')).toBe(
      '0s',
    );
  });

  it('skips an empty middle unit', () => {
    expect(formatDuration('2026-11-01T10:00:00Z', '2026-11-02T10:00:20Z')).toBe(
      '1d',
    );
  });
});

describe('formatSeconds', () => {
  it('formats mean response times the way the cards show them', () => {
    expect(formatSeconds(240)).toBe('4m');
    expect(formatSeconds(72 * 60)).toBe('1h 12m');
    expect(formatSeconds(59.6)).toBe('59s');
    expect(formatMeanSeconds(null)).toBe('—');
  });
});

describe('formatIncidentDuration', () => {
  it('runs until resolution, or says it is still running', () => {
    expect(
      formatIncidentDuration({
        status: 'resolved',
        declaredAt: '2026-11-01T10:00:00Z',
        resolvedAt: '2026-11-01T11:30:00Z',
        closedAt: null,
        updatedAt: '2026-11-02T09:00:00Z',
      }),
    ).toBe('1h 30m');
    expect(
      formatIncidentDuration({
        status: 'declined',
        declaredAt: '2026-11-01T10:00:00Z',
        resolvedAt: null,
        closedAt: null,
        updatedAt: '2026-11-01T10:20:00Z',
      }),
    ).toBe('20m');
    expect(
      formatIncidentDuration({
        status: 'investigating',
        declaredAt: new Date(Date.now() - 5 * 60_000).toISOString(),
        resolvedAt: null,
        closedAt: null,
        updatedAt: new Date().toISOString(),
      }),
    ).toMatch(/^5m( \d+s)? so far$/);
  });
});
