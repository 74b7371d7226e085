// One percentile definition for the whole tool: bench's statistics and health's p50/p95 agree.
/**
 * The q-th quantile (0..1) of ascending `sorted`, by linear interpolation between order statistics
 * (numpy's default, "type 7"): h = (n − 1)·q, x[⌊h⌋] + (h − ⌊h⌋)·(x[⌊h⌋+1] − x[⌊h⌋]). null when empty.
 */
export function percentile(sorted: readonly number[], q: number): number | null {
  const n = sorted.length;
  if (n === 0) return null;
  if (n === 1) return sorted[0];
  const h = (n - 1) * q;
  const lower = Math.floor(h);
  const upper = Math.min(lower + 1, n - 1);
  return sorted[lower] + (h - lower) * (sorted[upper] - sorted[lower]);
}
