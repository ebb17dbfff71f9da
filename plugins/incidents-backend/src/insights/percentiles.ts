import { Distribution } from '@lookout/plugin-incidents-common';

/**
 * The p-th percentile of ascending `sorted`, exactly as PostgreSQL's `percentile_cont`
 * computes it (so SQLite, which has no percentile function, answers the same): the position
 * p·(n−1), and between the two values around it `a + (b − a)·fraction`.
 */
export function percentileCont(sorted: number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const position = p * (sorted.length - 1);
  const lower = Math.floor(position);
  const upper = Math.ceil(position);
  const a = sorted[lower];
  if (upper === lower) return a;
  return a + (sorted[upper] - a) * (position - lower);
}

/** Median, p90 and n of ascending `sorted`. */
export function distributionOf(sorted: number[]): Distribution {
  return {
    median: percentileCont(sorted, 0.5),
    p90: percentileCont(sorted, 0.9),
    n: sorted.length,
  };
}
