import { describe, expect, it } from 'vitest';
import { minSamplesFor, percentile, summarize } from '../../src/bench/stats.js';

describe('percentile (linear interpolation between order statistics)', () => {
  it('matches hand-computed values', () => {
    const sorted = [10, 20, 30, 40];
    // h = 3·0.5 = 1.5 → 20 + 0.5·10
    expect(percentile(sorted, 0.5)).toBe(25);
    // h = 3·0.9 = 2.7 → 30 + 0.7·10
    expect(percentile(sorted, 0.9)).toBeCloseTo(37, 10);
    // h = 3·0.99 = 2.97 → 30 + 0.97·10
    expect(percentile(sorted, 0.99)).toBeCloseTo(39.7, 10);
    expect(percentile([1, 2, 3, 4, 5], 0.5)).toBe(3);
    expect(percentile([7], 0.95)).toBe(7);
    expect(percentile([], 0.5)).toBeNull();
  });

  it('agrees with numpy on 1..100', () => {
    const values = Array.from({ length: 100 }, (_, index) => index + 1);
    // numpy.percentile(range(1, 101), [50, 90, 95, 99]) = 50.5, 90.1, 95.05, 99.01
    expect(percentile(values, 0.5)).toBeCloseTo(50.5, 10);
    expect(percentile(values, 0.9)).toBeCloseTo(90.1, 10);
    expect(percentile(values, 0.95)).toBeCloseTo(95.05, 10);
    expect(percentile(values, 0.99)).toBeCloseTo(99.01, 10);
  });
});

describe('minSamplesFor', () => {
  it('gives the documented thresholds', () => {
    expect(minSamplesFor(0.5)).toBe(6);
    expect(minSamplesFor(0.9)).toBe(36);
    expect(minSamplesFor(0.95)).toBe(72);
    expect(minSamplesFor(0.99)).toBe(368);
  });
});

describe('summarize', () => {
  it('sorts, averages and marks the percentiles the sample is too small for', () => {
    const summary = summarize([30, 10, 20]);
    expect(summary).toMatchObject({ n: 3, p50: 20, mean: 20 });
    expect(summary.unreliable).toEqual(['p50', 'p90', 'p95', 'p99']);
  });

  it('drops a mark exactly at its threshold', () => {
    expect(summarize(Array.from({ length: 35 }, (_, index) => index)).unreliable).toEqual(['p90', 'p95', 'p99']);
    expect(summarize(Array.from({ length: 36 }, (_, index) => index)).unreliable).toEqual(['p95', 'p99']);
    expect(summarize(Array.from({ length: 72 }, (_, index) => index)).unreliable).toEqual(['p99']);
    expect(summarize(Array.from({ length: 368 }, (_, index) => index)).unreliable).toEqual([]);
  });

  it('is all null with n = 0', () => {
    expect(summarize([])).toEqual({ n: 0, p50: null, p90: null, p95: null, p99: null, mean: null, unreliable: ['p50', 'p90', 'p95', 'p99'] });
  });
});
