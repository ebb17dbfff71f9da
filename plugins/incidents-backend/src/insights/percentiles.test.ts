import { distributionOf, percentileCont } from './percentiles';

describe('percentileCont', () => {
  it('interpolates between the values around p·(n−1), as PostgreSQL does', () => {
    expect(percentileCont([10, 20, 30, 40], 0.5)).toBe(25);
    expect(percentileCont([10, 20, 30, 40], 0.9)).toBeCloseTo(37, 10);
    expect(percentileCont([7], 0.9)).toBe(7);
    expect(percentileCont([], 0.5)).toBeNull();
  });

  it('gives median, p90 and n', () => {
    expect(distributionOf([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11])).toEqual({
      median: 6,
      p90: 10,
      n: 11,
    });
  });
});
