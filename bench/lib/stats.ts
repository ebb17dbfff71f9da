/** A small deterministic generator, so every run measures the same data. */
export function random(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1664525 + 1013904223) % 4294967296;
    return state / 4294967296;
  };
}

/** The p-th percentile (0 to 100) of `samples`: the sample at rank floor(p% of n); 0 for none. */
export function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return (
    sorted[
      Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))
    ] ?? 0
  );
}

/** p50, p95 and p99 of `samples`, rounded to `decimals`. */
export function summarize(samples: number[], decimals: number) {
  const scale = 10 ** decimals;
  const at = (p: number) => Math.round(percentile(samples, p) * scale) / scale;
  return { p50: at(50), p95: at(95), p99: at(99) };
}
