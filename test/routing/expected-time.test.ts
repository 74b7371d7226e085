import { describe, expect, it } from 'vitest';
import { FAILURE_HALF_LIFE_MS, latencyKey, recordLatency, type LatencyStats } from '../../src/resilience/latency-stats.js';
import { describeScore, scoreTargets, type ScoreInput } from '../../src/routing/strategies/expected-time.js';
import { strategyFor } from '../../src/routing/strategies/index.js';
import type { ResolvedTarget } from '../../src/routing/strategies/types.js';
import type { OnErrorPolicy } from '../../src/spec/config.js';

const NOW = 1_700_000_000_000;

/** Stats from a sequence of outcomes: a number is an answer taking that long, 'fail' a failure taking failMs. */
function stats(samples: Array<number | 'fail'>, failMs = 2, atMs = NOW): LatencyStats {
  let current: LatencyStats | undefined;
  for (const sample of samples) current = recordLatency(current, sample === 'fail' ? { ok: false, latencyMs: failMs } : { ok: true, latencyMs: sample, ttftMs: sample / 2 }, atMs);
  return current!;
}

/** 30% failures spread evenly over 100 outcomes of `latencyMs` each. */
function thirtyPercentFailing(latencyMs: number): LatencyStats {
  return stats(Array.from({ length: 100 }, (_, i) => (i % 10 < 3 ? 'fail' : latencyMs)));
}

function target(provider: string): ResolvedTarget {
  return { provider, model: `${provider}-m`, local: false };
}

function score(entries: Array<[string, LatencyStats | undefined, (number | null)?]>, onError: OnErrorPolicy = 'failover_first', nowMs = NOW, stream = false) {
  const inputs: ScoreInput[] = entries.map(([name, s, wait]) => ({ target: target(name), stats: s, retryWaitMs: wait === undefined ? 375 : wait }));
  return scoreTargets(inputs, { stream, nowMs, onError });
}

describe('expected time to a successful answer', () => {
  it('a healthy target is its latency', () => {
    const [mid] = score([['mid', stats([120, 120])]]);
    expect(mid).toMatchObject({ expectedMs: 120, successMs: 120, failureRate: 0 });
    expect(describeScore(mid)).toBe('120 ms (no recent failures)');
  });

  it('failover_first: latency + failure rate x (the failure + the next target), the issue example', () => {
    const fast = thirtyPercentFailing(40);
    const [f, m] = score([['fast', fast], ['mid', stats([120])]]);
    const p = f.failureRate;
    // The EWMA of a 30% share with alpha 0.1 ends near 0.3 (its last outcomes weigh most).
    expect(p).toBeGreaterThan(0.15);
    expect(p).toBeLessThan(0.45);
    expect(f.successMs).toBeCloseTo(40, 5);
    expect(f.failureMs).toBeCloseTo(2, 5);
    expect(f.next).toEqual({ provider: 'mid', model: 'mid-m' });
    expect(f.retryWaitMs).toBe(0);
    expect(f.nextMs).toBeCloseTo(120, 5);
    expect(f.expectedMs).toBeCloseTo(40 + p * (2 + 120), 5);
    expect(m.expectedMs).toBe(120);
    expect(describeScore(f)).toMatch(/^\d+ ms \(40 ms answer \+ \d+% failing × \(2 ms failure \+ mid 120 ms\)\)$/);
  });

  it('retry_first: the geometric series of retries on the same target, each after its wait', () => {
    const fast = thirtyPercentFailing(40);
    const [f] = score([['fast', fast, 500], ['mid', stats([120])]], 'retry_first');
    const p = f.failureRate;
    expect(f.next).toEqual({ provider: 'fast', model: 'fast-m' });
    expect(f.retryWaitMs).toBe(500);
    expect(f.expectedMs).toBeCloseTo((40 + p * (2 + 500)) / (1 - p), 5);
    expect(describeScore(f)).toContain('500 ms wait + a retry');
  });

  it('failover_first still retries when that is sooner (a short wait, a slow next target)', () => {
    const fast = thirtyPercentFailing(40);
    const [f] = score([['fast', fast, 10], ['slow', stats([5000])]]);
    expect(f.next).toEqual({ provider: 'fast', model: 'fast-m' });
    expect(f.retryWaitMs).toBe(10);
  });

  it('a target without retries and nothing after it: the failure ends the request', () => {
    const fast = thirtyPercentFailing(40);
    const [f] = score([['fast', fast, null]]);
    expect(f.next).toBeNull();
    expect(f.expectedMs).toBeCloseTo(40 + f.failureRate * 2, 5);
  });

  it('each score is "tried first": its failure continues to the best other target, chained', () => {
    const [a, b, c] = score([['a', thirtyPercentFailing(40), null], ['b', thirtyPercentFailing(100), null], ['c', stats([300])]]);
    expect(c.expectedMs).toBe(300);
    expect(a.next?.provider).toBe('b');
    expect(b.next?.provider).toBe('a');
    expect(a.expectedMs).toBeCloseTo(40 + a.failureRate * (2 + b.expectedMs!), 2);
    expect(b.expectedMs).toBeCloseTo(100 + b.failureRate * (2 + a.expectedMs!), 2);
    // Without b, a's failure goes on to c.
    const [alone] = score([['a', thirtyPercentFailing(40), null], ['c', stats([300])]]);
    expect(alone.expectedMs).toBeCloseTo(40 + alone.failureRate * (2 + 300), 5);
  });

  it('never-measured targets are unknown and no one continues to them; only-failed ones are failing', () => {
    const [fresh, broken, ok] = score([['fresh', undefined], ['broken', stats(['fail', 'fail', 'fail'])], ['ok', thirtyPercentFailing(50)]]);
    expect(fresh).toMatchObject({ expectedMs: null, successMs: null, failing: false });
    expect(broken).toMatchObject({ expectedMs: null, failing: true });
    expect(describeScore(broken)).toBe('failing (no successful answer yet)');
    // ok's failure can only retry itself: neither fresh nor broken has an expected time.
    expect(ok.next?.provider).toBe('ok');
  });

  it('the failure rate decays: failures a few minutes old barely count', () => {
    const fast = thirtyPercentFailing(40);
    const [now] = score([['fast', fast], ['mid', stats([120])]]);
    const [later] = score([['fast', fast], ['mid', stats([120])]], 'failover_first', NOW + 5 * FAILURE_HALF_LIFE_MS);
    expect(later.failureRate).toBeCloseTo(now.failureRate / 32, 5);
    expect(later.expectedMs!).toBeLessThan(now.expectedMs!);
  });
});

describe('performance_based ranks by expected time', () => {
  const context = (state: Map<string, unknown>, names: string[], onError?: OnErrorPolicy) => ({
    strategy: { name: 'pb', type: 'performance_based' as const, targets: names.map((provider) => ({ provider })), explorationRate: 0, onError },
    targets: names.map(target),
    estimate: { inputTokens: 10, outputTokens: 10 },
    stream: false,
    priceOf: () => null,
    state,
    nowMs: NOW,
    random: () => 0.99,
    retryWaitMs: () => 375,
  });

  it('the issue case: 40 ms failing 30% still beats 120 ms, and says by how much, with each component', () => {
    const state = new Map<string, unknown>([[latencyKey('fast'), thirtyPercentFailing(40)], [latencyKey('mid'), stats([120])], [latencyKey('slow'), stats([400])]]);
    const decision = strategyFor('performance_based').select(context(state, ['slow', 'mid', 'fast']))!;
    expect(decision.targets.map((t) => t.provider)).toEqual(['fast', 'mid', 'slow']);
    expect(decision.reason).toMatch(/fast has the lowest expected time to an answer \(latency and failures\), \d+ ms \(40 ms answer \+ \d+% failing × \(2 ms failure \+ mid 120 ms\)\), ahead of mid 120 ms/);
    expect(decision.scores!.map((s) => s.provider)).toEqual(['fast', 'mid', 'slow']);
  });

  it('a fast target that fails often and slowly loses to a steady one', () => {
    // Failures that take 2 s (timeouts) cost far more than they save.
    const state = new Map<string, unknown>([[latencyKey('fast'), stats(Array.from({ length: 100 }, (_, i) => (i % 10 < 3 ? 'fail' : 40)), 2000)], [latencyKey('mid'), stats([120])]]);
    expect(strategyFor('performance_based').select(context(state, ['fast', 'mid']))!.targets[0].provider).toBe('mid');
  });

  it('retry_first prices the backoff in: the same failing target ranks lower than under failover_first', () => {
    const state = new Map<string, unknown>([[latencyKey('fast'), thirtyPercentFailing(80)], [latencyKey('mid'), stats([160])]]);
    const failover = strategyFor('performance_based').select(context(state, ['fast', 'mid'], 'failover_first'))!;
    const retry = strategyFor('performance_based').select(context(state, ['fast', 'mid'], 'retry_first'))!;
    expect(failover.targets[0].provider).toBe('fast');
    expect(retry.targets[0].provider).toBe('mid');
  });
});
