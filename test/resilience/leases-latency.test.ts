import { describe, expect, it } from 'vitest';
import { FAILURE_HALF_LIFE_MS, failureRateAt, recordLatency, recordLatencySample, successLatencyMs } from '../../src/resilience/latency-stats.js';
import { acquireLease, inFlight, releaseLease } from '../../src/resilience/leases.js';
import { MemoryStateStore } from '../../src/store/memory-state-store.js';

const T0 = 1_700_000_000_000;

describe('leases', () => {
  it('count live leases, release on completion, and expire after their TTL', () => {
    let state = acquireLease(undefined, 'a', T0, 10_000);
    state = acquireLease(state, 'b', T0 + 1000, 10_000);
    expect(inFlight(state, T0 + 1000)).toBe(2);
    expect(inFlight(releaseLease(state, 'a', T0 + 2000), T0 + 2000)).toBe(1);
    expect(inFlight(state, T0 + 10_000)).toBe(1);
    expect(inFlight(state, T0 + 11_000)).toBe(0);
  });
});

describe('latency statistics', () => {
  it('keeps an EWMA of latency, of TTFT, of how long failures took, and a failure rate', () => {
    let stats = recordLatency(undefined, { ok: true, latencyMs: 100, ttftMs: null }, T0);
    expect(stats.totalEwmaMs).toBe(100);
    stats = recordLatency(stats, { ok: true, latencyMs: 200, ttftMs: 50 }, T0);
    expect(stats.totalEwmaMs).toBeCloseTo(120);
    expect(stats.ttftEwmaMs).toBe(50);
    stats = recordLatency(stats, { ok: false, latencyMs: 5 }, T0);
    expect(stats.failureRate).toBeCloseTo(0.1);
    expect(stats.failureEwmaMs).toBe(5);
    stats = recordLatency(stats, { ok: false, latencyMs: 15 }, T0);
    expect(stats.failureEwmaMs).toBeCloseTo(7);
    // A health probe's failure counts, without a duration.
    stats = recordLatency(stats, { ok: false }, T0);
    expect(stats.failureEwmaMs).toBeCloseTo(7);
    expect(successLatencyMs(stats, false)).toBeCloseTo(120);
    expect(successLatencyMs(stats, true)).toBeCloseTo(50);
    expect(successLatencyMs(undefined, false)).toBeNull();
  });

  it('the failure rate decays with time: it halves every minute without an outcome', () => {
    let stats = recordLatency(undefined, { ok: false, latencyMs: 1 }, T0);
    for (let i = 0; i < 9; i++) stats = recordLatency(stats, { ok: false, latencyMs: 1 }, T0);
    const rate = failureRateAt(stats, T0);
    expect(rate).toBeCloseTo(1 - 0.9 ** 10);
    expect(failureRateAt(stats, T0 + FAILURE_HALF_LIFE_MS)).toBeCloseTo(rate / 2);
    expect(failureRateAt(stats, T0 + 10 * FAILURE_HALF_LIFE_MS)).toBeLessThan(0.001);
    // The next outcome blends into the decayed rate, not the stored one.
    const later = recordLatency(stats, { ok: true, latencyMs: 50, ttftMs: null }, T0 + FAILURE_HALF_LIFE_MS);
    expect(later.failureRate).toBeCloseTo((rate / 2) * 0.9);
  });

  it('a provider that has only failed is explored until its third failure, then ranks last', () => {
    let stats = recordLatency(undefined, { ok: false }, T0);
    expect(successLatencyMs(stats, false)).toBeNull();
    stats = recordLatency(recordLatency(stats, { ok: false }, T0), { ok: false }, T0);
    expect(successLatencyMs(stats, false)).toBe(Number.POSITIVE_INFINITY);
  });

  it('the store wrapper records a health probe sample', async () => {
    const store = new MemoryStateStore();
    await recordLatencySample(store, 'openai', { ok: true, latencyMs: 80, ttftMs: null }, T0);
    const stats = await recordLatencySample(store, 'openai', { ok: true, latencyMs: 180, ttftMs: null }, T0);
    expect(stats).toMatchObject({ totalEwmaMs: 100, samples: 2 });
  });
});
