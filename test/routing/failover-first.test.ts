import { describe, expect, it } from 'vitest';
import { circuitKey } from '../../src/resilience/circuit-breaker.js';
import { latencyKey, recordLatency, type LatencyStats } from '../../src/resilience/latency-stats.js';
import { Router } from '../../src/routing/router.js';
import type { OnErrorPolicy, StrategyConfig, StrategyType } from '../../src/spec/config.js';
import type { RouterEvent } from '../../src/spec/events.js';
import { MemoryStateStore } from '../../src/store/memory-state-store.js';
import { fakeClock } from '../helpers/fake-clock.js';
import { callError, makeConfig, providerConfig, ScriptedAdapter, type Step } from './helpers.js';

const hello = { messages: [{ role: 'user' as const, content: 'hello' }] };
const START = 1_700_000_000_000;

function measured(latencyMs: number, samples = 5): LatencyStats {
  let stats: LatencyStats | undefined;
  for (let i = 0; i < samples; i++) stats = recordLatency(stats, { ok: true, latencyMs, ttftMs: null }, START);
  return stats!;
}

/** A strategy over `order`, with latency state already learned (`latencies`), all on a fake clock. */
function setup(type: StrategyType, scripts: Record<string, Step[]>, options: { latencies?: Record<string, number>; onError?: OnErrorPolicy; maxAttempts?: Record<string, number> } = {}) {
  const names = Object.keys(scripts);
  const strategy: StrategyConfig = { name: 's', type, targets: names.map((provider) => ({ provider })), explorationRate: 0, ...(options.onError && { onError: options.onError }) };
  const providers = names.map((name) => providerConfig(name, { retry: { maxAttempts: options.maxAttempts?.[name] ?? 3, backoffFactor: 2 } }));
  const state = new MemoryStateStore();
  for (const [name, latencyMs] of Object.entries(options.latencies ?? {})) state.updateSync([], () => ({ set: { [latencyKey(name)]: measured(latencyMs) }, result: undefined }));
  const clock = fakeClock({ startMs: START });
  const adapters = Object.fromEntries(Object.entries(scripts).map(([name, steps]) => [name, new ScriptedAdapter(name, steps)]));
  const router = new Router({ config: makeConfig(providers, [strategy]), state, adapterFor: async (provider) => adapters[provider.name], now: clock.now, sleep: clock.sleep, random: () => 1 });
  const events: RouterEvent[] = [];
  router.on((event) => events.push(event));
  return { router, adapters, clock, events, state };
}

describe('on_error: failover_first (the default of performance_based and least_connections)', () => {
  it('a retryable failure fails over at once to the next target expected sooner than the backoff; no sleep', async () => {
    const { router, adapters, clock, events } = setup('performance_based', { fast: [{ error: callError('fast', 'server', 500) }], mid: [{ ok: 'from mid', latencyMs: 120 }], slow: [] }, { latencies: { fast: 40, mid: 120, slow: 400 } });
    const result = await router.ask(hello, { strategy: 's' });
    expect(result.provider).toBe('mid');
    expect(clock.sleeps).toEqual([]);
    expect(adapters.fast.calls).toHaveLength(1);
    expect(result.attempts.map((attempt) => `${attempt.provider} ${attempt.status}`)).toEqual(['fast error', 'mid ok']);
    const failover = events.find((event) => event.type === 'failover');
    expect(failover).toMatchObject({ from: { provider: 'fast' }, to: { provider: 'mid' } });
    expect(failover!.type === 'failover' && failover!.reason).toContain('failing over first: mid is expected to answer in 120 ms, sooner than a retry of fast in 500 ms');
    expect(events.some((event) => event.type === 'retry')).toBe(false);
  });

  it('when the other targets fail too, the retry put off comes back after its own backoff', async () => {
    const { router, adapters, clock, events } = setup(
      'performance_based',
      { fast: [{ error: callError('fast', 'server', 500) }, { ok: 'fast again', latencyMs: 40 }], mid: [{ error: callError('mid', 'auth', 401) }] },
      { latencies: { fast: 40, mid: 120 } },
    );
    const result = await router.ask(hello, { strategy: 's' });
    expect(result).toMatchObject({ provider: 'fast', text: 'fast again' });
    expect(result.attempts.map((attempt) => `${attempt.provider} ${attempt.status}`)).toEqual(['fast error', 'mid error', 'fast ok']);
    // The backoff was 500 ms from fast's failure; the fake clock did not move while mid was tried.
    expect(clock.sleeps).toEqual([500]);
    expect(adapters.fast.calls).toHaveLength(2);
    expect(events.filter((event) => event.type === 'retry')).toEqual([expect.objectContaining({ target: { provider: 'fast', model: 'fast-model' }, delayMs: 500, nextAttempt: 3 })]);
    // The retries still count toward max_attempts on fast: its third attempt would be the last.
  });

  it('the put-off retry keeps counting toward max_attempts, then the request fails with every attempt listed', async () => {
    const fail = (name: string) => ({ error: callError(name, 'server', 503) });
    const { router, adapters } = setup('performance_based', { fast: [fail('fast'), fail('fast')], mid: [fail('mid'), fail('mid')] }, { latencies: { fast: 40, mid: 120 }, maxAttempts: { fast: 2, mid: 2 } });
    const caught = await router.ask(hello, { strategy: 's' }).catch((error: unknown) => error);
    expect((caught as Error).message).toBe('all 4 attempt(s) failed for strategy s');
    expect(adapters.fast.calls).toHaveLength(2);
    expect(adapters.mid.calls).toHaveLength(2);
  });

  it('retries first when the retry is sooner: a short Retry-After beats a slow next target (Retry-After still wins)', async () => {
    const { router, clock } = setup('performance_based', { fast: [{ error: callError('fast', 'rate_limit', 429, 50) }, { ok: 'fast', latencyMs: 40 }], slow: [] }, { latencies: { fast: 40, slow: 2000 } });
    const result = await router.ask(hello, { strategy: 's' });
    expect(result.provider).toBe('fast');
    expect(clock.sleeps).toEqual([50]);
  });

  it('a long Retry-After fails over, and the put-off retry waits it out before going back', async () => {
    const { router, clock } = setup('performance_based', { fast: [{ error: callError('fast', 'server', 503, 3000) }, { ok: 'fast', latencyMs: 40 }], mid: [{ error: callError('mid', 'server', 500) }] }, { latencies: { fast: 40, mid: 120 }, maxAttempts: { mid: 1 } });
    const result = await router.ask(hello, { strategy: 's' });
    expect(result.provider).toBe('fast');
    expect(clock.sleeps).toEqual([3000]);
  });

  it('does not fail over to an unhealthy target (an open circuit): retries instead', async () => {
    const { router, clock, state, adapters } = setup('performance_based', { fast: [{ error: callError('fast', 'server', 500) }, { ok: 'fast', latencyMs: 40 }], mid: [] }, { latencies: { fast: 40, mid: 120 } });
    await state.update([], () => ({ set: { [circuitKey('mid')]: { consecutiveFailures: 3, openedAtMs: START } }, result: undefined }));
    const result = await router.ask(hello, { strategy: 's' });
    expect(result.provider).toBe('fast');
    expect(clock.sleeps).toEqual([500]);
    expect(adapters.mid.calls).toHaveLength(0);
  });

  it('least_connections fails over first too; a never-measured target counts as sooner', async () => {
    const { router, clock } = setup('least_connections', { a: [{ error: callError('a', 'server', 503) }], b: [{ ok: 'b' }] });
    expect((await router.ask(hello, { strategy: 's' })).provider).toBe('b');
    expect(clock.sleeps).toEqual([]);
  });

  it('on_error: retry_first makes a latency strategy retry on the same target after its backoff', async () => {
    const { router, clock, adapters } = setup('performance_based', { fast: [{ error: callError('fast', 'server', 500) }, { ok: 'fast', latencyMs: 40 }], mid: [] }, { latencies: { fast: 40, mid: 120 }, onError: 'retry_first' });
    expect((await router.ask(hello, { strategy: 's' })).provider).toBe('fast');
    expect(clock.sleeps).toEqual([500]);
    expect(adapters.mid.calls).toHaveLength(0);
  });

  it('on_error: failover_first on a priority chain (retry_first by default)', async () => {
    const chain = () => ({ a: [{ error: callError('a', 'server', 500) }, { ok: 'a' }], b: [{ ok: 'b' }] });
    const byDefault = setup('priority', chain());
    expect((await byDefault.router.ask(hello, { strategy: 's' })).provider).toBe('a');
    expect(byDefault.clock.sleeps).toEqual([500]);
    const failingOver = setup('priority', chain(), { onError: 'failover_first' });
    expect((await failingOver.router.ask(hello, { strategy: 's' })).provider).toBe('b');
    expect(failingOver.clock.sleeps).toEqual([]);
  });
});
