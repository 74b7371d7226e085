import { describe, expect, it } from 'vitest';
import { effectiveLatencyMs, recordLatency, recordLatencySample } from '../../src/resilience/latency-stats.js';
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
  it('keeps an EWMA of latency and of TTFT, and a failure rate', () => {
    let stats = recordLatency(undefined, { ok: true, latencyMs: 100, ttftMs: null }, T0);
    expect(stats.totalEwmaMs).toBe(100);
    stats = recordLatency(stats, { ok: true, latencyMs: 200, ttftMs: 50 }, T0);
    expect(stats.totalEwmaMs).toBeCloseTo(120);
    expect(stats.ttftEwmaMs).toBe(50);
    stats = recordLatency(stats, { ok: false }, T0);
    expect(stats.failureRate).toBeCloseTo(0.1);
    // 120 ms typical latency, inflated by 1 + 2 * 0.1.
    expect(effectiveLatencyMs(stats, false)).toBeCloseTo(144);
    expect(effectiveLatencyMs(stats, true)).toBeCloseTo(60);
    expect(effectiveLatencyMs(undefined, false)).toBeNull();
  });

  it('a provider that has only failed is explored until its third failure, then ranks last', () => {
    let stats = recordLatency(undefined, { ok: false }, T0);
    expect(effectiveLatencyMs(stats, false)).toBeNull();
    stats = recordLatency(recordLatency(stats, { ok: false }, T0), { ok: false }, T0);
    expect(effectiveLatencyMs(stats, false)).toBe(Number.MAX_SAFE_INTEGER);
  });

  it('the store wrapper records a health probe sample', async () => {
    const store = new MemoryStateStore();
    await recordLatencySample(store, 'openai', { ok: true, latencyMs: 80, ttftMs: null }, T0);
    const stats = await recordLatencySample(store, 'openai', { ok: true, latencyMs: 180, ttftMs: null }, T0);
    expect(stats).toMatchObject({ totalEwmaMs: 100, samples: 2 });
  });
});
