import { percentile } from '../shared/percentile.js';
import type { MetricSummary } from './types.js';

export { percentile };

export const PERCENTILES = [
  ['p50', 0.5],
  ['p90', 0.9],
  ['p95', 0.95],
  ['p99', 0.99],
] as const;

/**
 * Smallest sample for which a distribution-free 97.5% upper confidence bound of the q-th quantile
 * exists: the largest observation must exceed it with probability 1 − q^n ≥ 0.975, so
 * n ≥ ln(0.025)/ln(q) (p50: 6, p90: 36, p95: 72, p99: 368).
 */
export function minSamplesFor(q: number): number {
  return Math.ceil(Math.log(0.025) / Math.log(q));
}

/** n, p50/p90/p95/p99, mean, and which percentiles the sample is too small for. */
export function summarize(samples: readonly number[]): MetricSummary {
  const sorted = [...samples].sort((a, b) => a - b);
  const n = sorted.length;
  let sum = 0;
  for (const value of sorted) sum += value;
  const summary: MetricSummary = { n, p50: null, p90: null, p95: null, p99: null, mean: n === 0 ? null : sum / n, unreliable: [] };
  for (const [name, q] of PERCENTILES) {
    summary[name] = percentile(sorted, q);
    if (n < minSamplesFor(q)) summary.unreliable.push(name);
  }
  return summary;
}
