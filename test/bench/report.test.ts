import { describe, expect, it } from 'vitest';
import { errorBucketOf } from '../../src/bench/error-buckets.js';
import { targetReport } from '../../src/bench/report.js';
import { requestMetrics } from '../../src/bench/request-metrics.js';
import type { BenchTarget } from '../../src/bench/types.js';
import { sample } from './sample-fixture.js';

const target: BenchTarget = { id: 'a:m', kind: 'model', provider: 'a', model: 'm' };

describe('requestMetrics', () => {
  it('computes TTFT, TPOT from the first to the last token over tokens − 1, and e2e', () => {
    const metrics = requestMetrics(sample({ sendMs: 100, firstMs: 150, lastMs: 240, endMs: 250, outputTokens: 10 }));
    expect(metrics.ttftMs).toBe(50);
    expect(metrics.tpotMs).toBe(10); // (240 − 150) / (10 − 1), TTFT not included
    expect(metrics.e2eMs).toBe(150);
    expect(metrics.outputTokensPerS).toBeCloseTo(10 / 0.15, 10);
    expect(metrics.dispatchDelayMs).toBeNull();
  });

  it('gives null TTFT and TPOT for a non-streaming request, never 0', () => {
    const metrics = requestMetrics(sample({ stream: false, firstMs: null, lastMs: null, endMs: 300 }));
    expect(metrics.ttftMs).toBeNull();
    expect(metrics.tpotMs).toBeNull();
    expect(metrics.e2eMs).toBe(300);
  });

  it('has no TPOT for a single output token', () => {
    expect(requestMetrics(sample({ outputTokens: 1, lastMs: 50 })).tpotMs).toBeNull();
  });

  it('measures open-loop latency from the intended send time too', () => {
    const metrics = requestMetrics(sample({ schedMs: 90, sendMs: 100, endMs: 250 }));
    expect(metrics.dispatchDelayMs).toBe(10);
    expect(metrics.schedE2eMs).toBe(160);
    expect(metrics.e2eMs).toBe(150);
  });
});

describe('targetReport', () => {
  it('leaves failures out of latency but counts them in the error rate and the cost', () => {
    const samples = [
      sample({ index: 0, endMs: 100, costUsd: 0.002 }),
      sample({ index: 1, endMs: 200, costUsd: 0.002 }),
      sample({ index: 2, status: 'error', errorClass: 'rate_limit', errorBucket: '429', httpStatus: 429, firstMs: null, lastMs: null, endMs: 5, outputTokens: 0, inputTokens: 0, costUsd: 0 }),
      sample({ index: 3, status: 'error', errorClass: 'server', errorBucket: '5xx', httpStatus: 500, firstMs: null, lastMs: null, endMs: 9000, outputTokens: 0, inputTokens: 0, costUsd: 0.001 }),
      sample({ index: 0, warmup: true, endMs: 99999, costUsd: 5 }),
    ];
    const report = targetReport(target, samples, 0);
    expect(report.counts).toEqual({ ok: 2, failed: 2, warmup: 1, attempts: 4 });
    expect(report.latency_ms.e2e.n).toBe(2);
    expect(report.latency_ms.e2e.p50).toBe(150);
    expect(report.latency_ms.e2e.mean).toBe(150);
    expect(report.errors.rate).toBe(0.5);
    expect(report.errors.by_class).toEqual({ '429': 1, '5xx': 1, timeout: 0, network: 0, other: 0 });
    // Warm-up excluded; the failed request's cost included.
    expect(report.cost.total_usd).toBeCloseTo(0.005, 12);
    expect(report.cost.per_request_usd).toBeCloseTo(0.00125, 12);
    expect(report.cost.per_million_output_usd).toBeCloseTo((0.005 / 20) * 1e6, 6);
    // The window runs to the last measured end (the slow failure), warm-up excluded.
    expect(report.throughput.window_s).toBe(9);
    expect(report.throughput.requests_per_s).toBeCloseTo(2 / 9, 10);
    expect(report.throughput.output_tokens_per_s).toBeCloseTo(20 / 9, 10);
    expect(report.tokens).toMatchObject({ input_total: 20, output_total: 20, source: 'server' });
  });

  it('reports a null cost when any request is unpriced, and the token source', () => {
    const report = targetReport(target, [sample({ costUsd: null, tokensEstimated: true }), sample({ index: 1 })], 0);
    expect(report.cost).toEqual({ total_usd: null, per_request_usd: null, per_million_output_usd: null });
    expect(report.tokens.source).toBe('mixed');
  });

  it('reports TTFT as null statistics for a non-streaming run', () => {
    const report = targetReport(target, [sample({ stream: false, firstMs: null, lastMs: null, chunkGapsMs: [] })], 0);
    expect(report.latency_ms.ttft).toMatchObject({ n: 0, p50: null });
    expect(report.latency_ms.e2e.n).toBe(1);
  });
});

describe('errorBucketOf', () => {
  it('buckets by status first, then by class', () => {
    expect(errorBucketOf('quota', 429)).toBe('429');
    expect(errorBucketOf('overloaded', 529)).toBe('5xx');
    expect(errorBucketOf('server', null)).toBe('5xx');
    expect(errorBucketOf('timeout', 408)).toBe('timeout');
    expect(errorBucketOf('network', null)).toBe('network');
    expect(errorBucketOf('auth', 401)).toBe('other');
    expect(errorBucketOf('quota', 402)).toBe('other');
  });
});
