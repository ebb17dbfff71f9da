import { zoneSegments } from './zoneSegments';

describe('zoneSegments', () => {
  it('starts a new slice at the exact second of a daylight saving change', () => {
    const segments = zoneSegments(
      'user:default/ana',
      'Europe/Berlin',
      Date.parse('2026-03-01T00:00:00Z'),
      Date.parse('2026-11-01T00:00:00Z'),
    );
    expect(
      segments.map(s => [s.fromSecond, s.toSecond, s.offsetSeconds]),
    ).toEqual([
      [0, Date.parse('2026-03-29T01:00:00Z') / 1000, 3600],
      [
        Date.parse('2026-03-29T01:00:00Z') / 1000,
        Date.parse('2026-10-25T01:00:00Z') / 1000,
        7200,
      ],
      [Date.parse('2026-10-25T01:00:00Z') / 1000, 2 ** 40, 3600],
    ]);
  });

  it('is one open slice in a zone without changes', () => {
    expect(zoneSegments('user:default/x', 'UTC', 0, 10 * 86_400_000)).toEqual([
      {
        userRef: 'user:default/x',
        fromSecond: 0,
        toSecond: 2 ** 40,
        offsetSeconds: 0,
      },
    ]);
  });
});
