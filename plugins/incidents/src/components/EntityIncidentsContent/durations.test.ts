import { formatDuration } from './durations';

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
