import { durationTicks, formatAxisSeconds } from './format';

describe('duration axis', () => {
  it('labels ticks in one short unit', () => {
    expect(formatAxisSeconds(0)).toBe('0 s');
    expect(formatAxisSeconds(45)).toBe('45 s');
    expect(formatAxisSeconds(90)).toBe('90 s');
    expect(formatAxisSeconds(45 * 60)).toBe('45 m');
    expect(formatAxisSeconds(7200)).toBe('2 h');
    expect(formatAxisSeconds(5400 * 2 + 1800)).toBe('3.5 h');
    expect(formatAxisSeconds(3 * 86_400)).toBe('3 d');
  });

  it('puts ticks on round durations up past the largest value', () => {
    // a 5-minute target and medians of a few minutes: every 2 minutes
    expect(durationTicks([150, 480, null, 300])).toEqual([
      0, 120, 240, 360, 480,
    ]);
    // a tail of 4 days 5 hours: every day
    expect(durationTicks([150, 366_600])).toEqual([
      0, 86_400, 172_800, 259_200, 345_600, 432_000,
    ]);
    // nothing measured
    expect(durationTicks([null])).toEqual([0, 60]);
  });
});
