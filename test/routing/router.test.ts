import { describe, expect, it } from 'vitest';
import { Router, type RouterOptions } from '../../src/routing/router.js';
import type { ProviderConfig, StrategyConfig } from '../../src/spec/config.js';
import { AllAttemptsFailedError, ConfigError, InterruptedError, ProviderCallError, RequestStoppedError, UsageError } from '../../src/spec/errors.js';
import type { RouterEvent } from '../../src/spec/events.js';
import { MemoryStateStore } from '../../src/store/memory-state-store.js';
import { fakeClock, type FakeClock } from '../helpers/fake-clock.js';
import { callError, makeConfig, providerConfig, ScriptedAdapter, type Step } from './helpers.js';

const chain: StrategyConfig = { name: 'default', type: 'priority', targets: [{ provider: 'a' }, { provider: 'b' }] };
const hello = { messages: [{ role: 'user' as const, content: 'hello' }] };

interface Setup {
  router: Router;
  adapters: Record<string, ScriptedAdapter>;
  clock: FakeClock;
  events: RouterEvent[];
  state: MemoryStateStore;
}

function setup(scripts: Record<string, Step[]>, options: { providers?: ProviderConfig[]; strategies?: StrategyConfig[]; state?: MemoryStateStore; clock?: FakeClock; router?: Partial<RouterOptions> } = {}): Setup {
  const providers = options.providers ?? Object.keys(scripts).map((name) => providerConfig(name));
  const config = makeConfig(providers, options.strategies ?? [chain]);
  const clock = options.clock ?? fakeClock();
  const state = options.state ?? new MemoryStateStore();
  const adapters = Object.fromEntries(Object.entries(scripts).map(([name, steps]) => [name, new ScriptedAdapter(name, steps)]));
  const router = new Router({ config, state, adapterFor: async (provider) => adapters[provider.name], now: clock.now, sleep: clock.sleep, random: () => 1, ...options.router });
  const events: RouterEvent[] = [];
  router.on((event) => events.push(event));
  return { router, adapters, clock, events, state };
}

describe('Router.ask: retries, failover, fatal errors', () => {
  it('retries a 503 on the same provider with exponential backoff, then answers', async () => {
    const { router, adapters, clock, events } = setup({ a: [{ error: callError('a', 'server', 503) }, { error: callError('a', 'server', 503) }, { ok: 'hi' }], b: [] });
    const result = await router.ask(hello);
    expect(result).toMatchObject({ text: 'hi', provider: 'a', requestedModel: 'a-model', strategy: 'default' });
    expect(adapters.a.calls).toHaveLength(3);
    expect(adapters.b.calls).toHaveLength(0);
    expect(clock.sleeps).toEqual([500, 1000]);
    expect(result.attempts.map((attempt) => attempt.status)).toEqual(['error', 'error', 'ok']);
    expect(events.map((event) => event.type)).toEqual(['decision', 'attempt-start', 'attempt-end', 'retry', 'attempt-start', 'attempt-end', 'retry', 'attempt-start', 'attempt-end']);
  });

  it('honours retry-after under the cap by sleeping exactly that long', async () => {
    const { router, adapters, clock } = setup({ a: [{ error: callError('a', 'rate_limit', 429, 7_000) }, { ok: 'hi' }], b: [] });
    await router.ask(hello);
    expect(clock.sleeps).toEqual([7_000]);
    expect(adapters.a.calls).toHaveLength(2);
  });

  it('fails over at once when retry-after exceeds the cap, and blocks the provider for other callers', async () => {
    const shared = new MemoryStateStore();
    const clock = fakeClock();
    const first = setup({ a: [{ error: callError('a', 'rate_limit', 429, 45_000) }], b: [{ ok: 'from b' }] }, { state: shared, clock });
    const result = await first.router.ask(hello);
    expect(result.provider).toBe('b');
    expect(clock.sleeps).toEqual([]);
    expect(first.events.find((event) => event.type === 'failover')).toMatchObject({ from: { provider: 'a' }, to: { provider: 'b' } });
    // Another router (another process) on the same state skips a without calling it.
    const second = setup({ a: [], b: [{ ok: 'again b' }] }, { state: shared, clock });
    expect((await second.router.ask(hello)).provider).toBe('b');
    expect(second.adapters.a.calls).toHaveLength(0);
    expect(second.events.find((event) => event.type === 'skip')).toMatchObject({ target: { provider: 'a' }, reason: 'a: rate limited by the server; next slot in 45.0 s' });
  });

  it.each([
    ['auth', 401],
    ['permission', 403],
    ['not_found', 404],
    ['quota', 429],
  ] as const)('fails over on %s (%i) without retrying', async (errorClass, status) => {
    const { router, adapters, clock } = setup({ a: [{ error: callError('a', errorClass, status) }], b: [{ ok: 'b answered' }] });
    expect((await router.ask(hello)).text).toBe('b answered');
    expect(adapters.a.calls).toHaveLength(1);
    expect(clock.sleeps).toEqual([]);
  });

  it('stops on a 400: neither retried nor failed over', async () => {
    const { router, adapters } = setup({ a: [{ error: callError('a', 'bad_request', 400) }], b: [{ ok: 'never' }] });
    const error = await router.ask(hello).catch((caught) => caught);
    expect(error).toBeInstanceOf(ProviderCallError);
    expect(error.status).toBe(400);
    expect(adapters.b.calls).toHaveLength(0);
  });

  it('uses max_attempts per provider, then fails over; when everything fails, one line per attempt (exit 4)', async () => {
    const providers = [providerConfig('a', { retry: { maxAttempts: 2, backoffFactor: 2 } }), providerConfig('b', { retry: { maxAttempts: 1, backoffFactor: 2 } })];
    const { router, adapters } = setup({ a: [{ error: callError('a', 'server', 502) }, { error: callError('a', 'timeout') }], b: [{ error: callError('b', 'auth', 401) }] }, { providers });
    const error = await router.ask(hello).catch((caught) => caught);
    expect(error).toBeInstanceOf(AllAttemptsFailedError);
    expect(error.exitCode).toBe(4);
    expect(error.message).toBe('all 3 attempt(s) failed for strategy default');
    expect(error.details).toEqual([
      'a (a-model): 502 server: server from a',
      'a (a-model): timeout: timeout from a',
      'b (b-model): 401 auth: auth from b',
    ]);
    expect(adapters.a.calls).toHaveLength(2);
  });

  it('wraps an adapter bug (not a ProviderCallError) as a failover, keeping the message', async () => {
    const { router } = setup({ a: [], b: [{ ok: 'b' }] });
    // a has no scripted step: its adapter throws a plain Error.
    const result = await router.ask(hello);
    expect(result.provider).toBe('b');
    expect(result.attempts[0]).toMatchObject({ status: 'error', errorClass: 'other' });
  });

  it('skips a provider marked unavailable with a skip event, without calling it', async () => {
    const providers = [providerConfig('a', { unavailableReason: '${A_KEY} is not set' }), providerConfig('b')];
    const { router, adapters, events } = setup({ a: [], b: [{ ok: 'b' }] }, { providers });
    expect((await router.ask(hello)).provider).toBe('b');
    expect(adapters.a.calls).toHaveLength(0);
    expect(events.find((event) => event.type === 'skip')).toMatchObject({ target: { provider: 'a' }, reason: 'unavailable: ${A_KEY} is not set' });
  });

  it('a strategy with no usable provider is a config error (exit 3)', async () => {
    const providers = [providerConfig('a', { unavailableReason: 'no key' }), providerConfig('b', { unavailableReason: 'no key' })];
    const { router } = setup({ a: [], b: [] }, { providers });
    await expect(router.ask(hello)).rejects.toThrow(ConfigError);
  });

  it('allowProvider (budget local_only) restricts the candidates', async () => {
    const providers = [providerConfig('a'), providerConfig('b', { local: true })];
    const { router, adapters } = setup({ a: [], b: [{ ok: 'local' }] }, { providers });
    expect((await router.ask(hello, { allowProvider: (provider) => provider.local })).provider).toBe('b');
    expect(adapters.a.calls).toHaveLength(0);
  });
});

describe('Router.ask: streams', () => {
  it('fails over before the first token reached the user', async () => {
    const { router, adapters } = setup({ a: [{ deltas: [], then: callError('a', 'auth', 401) }], b: [{ deltas: ['Hel', 'lo'], then: 'done' }] });
    const seen: string[] = [];
    const result = await router.ask(hello, { stream: true, onDelta: (text) => seen.push(text) });
    expect(seen).toEqual(['Hel', 'lo']);
    expect(result).toMatchObject({ provider: 'b', text: 'Hello', ttftMs: 20 });
    expect(adapters.a.calls[0].stream).toBe(true);
  });

  it('after the first token: reports the error with the partial answer kept, no retry, no failover', async () => {
    const { router, adapters, events } = setup({ a: [{ deltas: ['The answer ', 'is'], then: callError('a', 'network') }], b: [{ ok: 'never' }] });
    const seen: string[] = [];
    const error = await router.ask(hello, { stream: true, onDelta: (text) => seen.push(text) }).catch((caught) => caught);
    expect(error).toBeInstanceOf(ProviderCallError);
    // The partial answer travels in the attempt's result (the event below), not on the error; the
    // error is the request's: its attempts and what the partial answer used.
    expect(Object.keys(error)).not.toContain('partialText');
    expect(error).toBeInstanceOf(RequestStoppedError);
    expect(error).toMatchObject({ errorClass: 'network', attempts: [expect.objectContaining({ status: 'error', errorClass: 'network' })], partialUsage: { outputTokens: 3, estimated: true } });
    expect(seen).toEqual(['The answer ', 'is']);
    expect(adapters.a.calls).toHaveLength(1);
    expect(adapters.b.calls).toHaveLength(0);
    expect(events.find((event) => event.type === 'attempt-end')).toMatchObject({ partialText: 'The answer is' });
  });
});

describe('Router.ask: timeouts and abort', () => {
  it('times an attempt out (per-attempt timeout), retries, then fails over', async () => {
    const providers = [providerConfig('a', { retry: { maxAttempts: 2, backoffFactor: 2 }, timeoutMs: 15 }), providerConfig('b')];
    const { router, adapters } = setup({ a: [{ hang: true }, { hang: true }], b: [{ ok: 'b' }] }, { providers });
    const result = await router.ask(hello);
    expect(result.provider).toBe('b');
    expect(result.attempts.slice(0, 2).map((attempt) => attempt.errorClass)).toEqual(['timeout', 'timeout']);
    expect(adapters.a.calls).toHaveLength(2);
  });

  it('the timeoutMs option overrides the provider timeout', async () => {
    const { router } = setup({ a: [{ hang: true }, { hang: true }, { hang: true }], b: [{ ok: 'b' }] });
    const result = await router.ask(hello, { timeoutMs: 10 });
    expect(result.attempts.filter((attempt) => attempt.errorClass === 'timeout')).toHaveLength(3);
  });

  it('a user abort stops everything with InterruptedError (exit 130) and frees the lease', async () => {
    const controller = new AbortController();
    const adapters = { a: new ScriptedAdapter('a', [{ hang: true }], () => queueMicrotask(() => controller.abort())), b: new ScriptedAdapter('b', [{ ok: 'b' }]) };
    const state = new MemoryStateStore();
    const clock = fakeClock();
    const router = new Router({ config: makeConfig([providerConfig('a'), providerConfig('b')], [chain]), state, adapterFor: async (provider) => adapters[provider.name as 'a' | 'b'], now: clock.now, sleep: clock.sleep });
    const error = await router.ask(hello, { signal: controller.signal }).catch((caught) => caught);
    expect(error).toBeInstanceOf(InterruptedError);
    expect(error.exitCode).toBe(130);
    expect(adapters.b.calls).toHaveLength(0);
    expect((await router.explain('default')).targets[0].inFlight).toBe(0);
  });

  it('an abort during a backoff sleep interrupts it', async () => {
    const controller = new AbortController();
    const clock = fakeClock();
    const { router } = setup({ a: [{ error: callError('a', 'server', 500) }], b: [] }, {
      clock,
      router: { sleep: async () => { controller.abort(); throw controller.signal.reason; } },
    });
    await expect(router.ask(hello, { signal: controller.signal })).rejects.toThrow(InterruptedError);
  });
});

describe('Router.ask: circuit breaker', () => {
  it('opens after max_failures, skips without a network call, lets one probe through after recovery', async () => {
    const providers = [providerConfig('a', { retry: { maxAttempts: 3, backoffFactor: 2 }, failover: { healthCheckIntervalS: 60, maxFailures: 3, recoveryTimeoutS: 300 } }), providerConfig('b')];
    const failing: Step[] = [0, 1, 2].map(() => ({ error: callError('a', 'server', 500) }));
    const { router, adapters, clock, events } = setup({ a: [...failing, { ok: 'a is back' }], b: [{ ok: 'b1' }, { ok: 'b2' }] }, { providers });
    expect((await router.ask(hello)).provider).toBe('b');
    expect(adapters.a.calls).toHaveLength(3);

    clock.advance(10_000);
    expect((await router.ask(hello)).provider).toBe('b');
    expect(adapters.a.calls).toHaveLength(3);
    expect(events.filter((event) => event.type === 'skip').pop()).toMatchObject({ target: { provider: 'a' } });
    const explained = await router.explain('default');
    expect(explained.targets[0]).toMatchObject({ provider: 'a', circuit: 'open', available: false });
    expect(explained.wouldTry).toEqual({ provider: 'b', model: 'b-model' });
    expect(explained.decision!.reason).toContain('so b would be tried');

    clock.advance(300_000);
    expect((await router.explain('default')).targets[0].circuit).toBe('half-open');
    expect((await router.ask(hello)).text).toBe('a is back');
    expect((await router.explain('default')).targets[0].circuit).toBe('closed');
  });

  it('bad requests do not count toward opening the circuit', async () => {
    const providers = [providerConfig('a', { failover: { healthCheckIntervalS: 60, maxFailures: 1, recoveryTimeoutS: 300 } }), providerConfig('b')];
    const { router } = setup({ a: [{ error: callError('a', 'bad_request', 400) }, { ok: 'fine' }], b: [] }, { providers });
    await expect(router.ask(hello)).rejects.toThrow(ProviderCallError);
    expect((await router.ask(hello)).text).toBe('fine');
  });
});

describe('Router.ask: rate limits', () => {
  const limited = (rpm: number) => [providerConfig('a', { rateLimit: { requestsPerMinute: rpm } }), providerConfig('b')];

  it('skips a limited provider when another can serve', async () => {
    const { router, adapters } = setup({ a: [{ ok: 'a1' }, { ok: 'a2' }], b: [{ ok: 'b1' }] }, { providers: limited(1) });
    expect((await router.ask(hello)).provider).toBe('a');
    expect((await router.ask(hello)).provider).toBe('b');
    expect(adapters.a.calls).toHaveLength(1);
  });

  it('when no candidate can serve, waits for the earliest slot (bounded by maxWaitMs)', async () => {
    const only: StrategyConfig = { name: 'only', type: 'priority', targets: [{ provider: 'a' }] };
    const { router, clock } = setup({ a: [{ ok: 'a1' }, { ok: 'a2' }] }, { providers: limited(1), strategies: [only], router: { maxWaitMs: 60_000 } });
    await router.ask(hello);
    clock.advance(15_000);
    expect((await router.ask(hello)).text).toBe('a2');
    expect(clock.sleeps).toEqual([45_000]);
  });

  it('fails with exit 4 and a line naming the limit when the wait would exceed maxWaitMs', async () => {
    const only: StrategyConfig = { name: 'only', type: 'priority', targets: [{ provider: 'a' }] };
    const { router, clock } = setup({ a: [{ ok: 'a1' }] }, { providers: [providerConfig('a', { rateLimit: { requestsPerMinute: 1 } })], strategies: [only] });
    await router.ask(hello);
    clock.advance(17_700);
    const error = await router.ask(hello, { maxWaitMs: 30_000 }).catch((caught) => caught);
    expect(error).toBeInstanceOf(AllAttemptsFailedError);
    expect(error.exitCode).toBe(4);
    expect(error.message).toBe('a: requests_per_minute 1 reached; next slot in 42.3 s');
    expect(clock.sleeps).toEqual([]);
  });

  it('corrects the token reservation with real usage', async () => {
    const providers = [providerConfig('a', { rateLimit: { tokensPerMinute: 2000 } })];
    const only: StrategyConfig = { name: 'only', type: 'priority', targets: [{ provider: 'a' }] };
    const { router } = setup({ a: [{ ok: 'x' }, { ok: 'y' }] }, { providers, strategies: [only] });
    // Reserves ~2 + 1500 tokens; the fake reports 10 + 5 used.
    await router.ask({ ...hello, maxTokens: 1500 });
    expect((await router.explain('only')).targets[0].rate).toMatchObject({ tokensUsed: 15, tokensRemaining: 1985 });
    expect((await router.ask({ ...hello, maxTokens: 1500 })).text).toBe('y');
  });
});

describe('Router: strategies, models, explain', () => {
  it('round robin rotates across calls; explain neither calls a provider nor advances the cursor', async () => {
    const rr: StrategyConfig = { name: 'rr', type: 'round_robin', targets: [{ provider: 'a' }, { provider: 'b' }, { provider: 'c' }] };
    const { router, adapters } = setup({ a: [{ ok: 'a' }, { ok: 'a' }], b: [{ ok: 'b' }], c: [{ ok: 'c' }] }, { strategies: [rr] });
    const picks: string[] = [];
    for (let i = 0; i < 4; i++) {
      const explained = await router.explain('rr');
      const again = await router.explain('rr');
      expect(again.decision!.targets).toEqual(explained.decision!.targets);
      const result = await router.ask(hello);
      expect(result.provider).toBe(explained.wouldTry!.provider);
      picks.push(result.provider);
    }
    expect(picks).toEqual(['a', 'b', 'c', 'a']);
    expect(Object.values(adapters).reduce((sum, adapter) => sum + adapter.calls.length, 0)).toBe(4);
  });

  it('resolves the model per target: --model where the provider lists it, else the target model, else the first', async () => {
    const providers = [providerConfig('a', { models: ['gpt-4o', 'gpt-4o-mini'] }), providerConfig('b', { models: ['claude'] }), providerConfig('c', { models: [] })];
    const strategy: StrategyConfig = { name: 's', type: 'priority', targets: [{ provider: 'a', model: 'gpt-4o' }, { provider: 'b' }, { provider: 'c', model: 'x' }] };
    const { router } = setup({ a: [], b: [], c: [] }, { providers, strategies: [strategy] });
    expect((await router.explain('s', { ...hello, model: 'gpt-4o-mini' })).decision!.targets).toEqual([
      { provider: 'a', model: 'gpt-4o-mini' },
      { provider: 'b', model: 'claude' },
      { provider: 'c', model: 'gpt-4o-mini' },
    ]);
    expect((await router.explain('s')).decision!.targets.map((t) => t.model)).toEqual(['gpt-4o', 'claude', 'x']);
    const providersNoWildcard = providers.slice(0, 2);
    const strict = setup({ a: [], b: [] }, { providers: providersNoWildcard, strategies: [{ ...strategy, targets: strategy.targets.slice(0, 2) }] });
    await expect(strict.router.explain('s', { ...hello, model: 'llama3' })).rejects.toThrow(UsageError);
  });

  it('--provider without a strategy is a single-target chain with the given model', async () => {
    const { router, adapters } = setup({ a: [{ ok: 'x' }], b: [] });
    const result = await router.ask({ ...hello, model: 'custom-model' }, { provider: 'a' });
    expect(result).toMatchObject({ provider: 'a', strategy: null, requestedModel: 'custom-model' });
    expect(adapters.a.calls[0].request.model).toBe('custom-model');
    await expect(router.ask(hello, { provider: 'nope' })).rejects.toThrow('--provider nope: no such provider (configured: a, b)');
    await expect(router.ask(hello, { strategy: 'nope' })).rejects.toThrow('strategy nope: no such strategy (configured: default)');
  });

  it('token_balance records usage after each call and moves to the provider with most allowance left', async () => {
    const tb: StrategyConfig = { name: 'tb', type: 'token_balance', targets: [{ provider: 'a', maxTokens: 100 }, { provider: 'b', maxTokens: 100 }] };
    const { router } = setup({ a: [{ ok: 'a' }, { ok: 'a' }], b: [{ ok: 'b' }, { ok: 'b' }] }, { strategies: [tb] });
    // Each fake call uses 15 tokens.
    expect((await router.ask(hello)).provider).toBe('a');
    expect((await router.ask(hello)).provider).toBe('b');
    expect((await router.ask(hello)).provider).toBe('a');
  });

  it('least_connections counts in-flight attempts (leases held during the call)', async () => {
    const lc: StrategyConfig = { name: 'lc', type: 'least_connections', targets: [{ provider: 'a' }, { provider: 'b' }] };
    let called!: () => void;
    const aCalled = new Promise<void>((resolve) => (called = resolve));
    const adapters = { a: new ScriptedAdapter('a', [{ hang: true }], () => called()), b: new ScriptedAdapter('b', [{ ok: 'b' }]) };
    const clock = fakeClock();
    const router = new Router({ config: makeConfig([providerConfig('a'), providerConfig('b')], [lc]), state: new MemoryStateStore(), adapterFor: async (provider) => adapters[provider.name as 'a' | 'b'], now: clock.now, sleep: clock.sleep });
    const controller = new AbortController();
    const hanging = router.ask(hello, { signal: controller.signal }).catch((caught) => caught);
    await aCalled;
    expect((await router.explain('lc')).targets.find((t) => t.provider === 'a')!.inFlight).toBe(1);
    expect((await router.ask(hello)).provider).toBe('b');
    controller.abort();
    expect(await hanging).toBeInstanceOf(InterruptedError);
    expect((await router.explain('lc')).targets.every((t) => t.inFlight === 0)).toBe(true);
  });

  it('performance_based learns latencies from answers', async () => {
    const pb: StrategyConfig = { name: 'pb', type: 'performance_based', targets: [{ provider: 'slow' }, { provider: 'fast' }], explorationRate: 0 };
    const { router } = setup({ slow: [{ ok: 's', latencyMs: 400 }], fast: [{ ok: 'f', latencyMs: 40 }, { ok: 'f', latencyMs: 40 }, { ok: 'f', latencyMs: 40 }] }, { strategies: [pb] });
    const picks = [];
    for (let i = 0; i < 4; i++) picks.push((await router.ask(hello)).provider);
    expect(picks).toEqual(['slow', 'fast', 'fast', 'fast']);
  });
});

describe('Router.ask: nothing to try', () => {
  it('every circuit open: exit 4, says nothing could be tried, one line per skipped target', async () => {
    const failover = { healthCheckIntervalS: 60, maxFailures: 1, recoveryTimeoutS: 300 };
    const providers = [providerConfig('a', { failover, retry: { maxAttempts: 1, backoffFactor: 2 } }), providerConfig('b', { failover, retry: { maxAttempts: 1, backoffFactor: 2 } })];
    const { router, adapters } = setup({ a: [{ error: callError('a', 'server', 500) }], b: [{ error: callError('b', 'network') }] }, { providers });
    await expect(router.ask(hello)).rejects.toThrow('all 2 attempt(s) failed for strategy default');
    const error = await router.ask(hello).catch((caught) => caught);
    expect(error).toBeInstanceOf(AllAttemptsFailedError);
    expect(error.message).toBe('no provider of strategy default could be tried now');
    expect(error.details).toEqual([
      'a (a-model): skipped: circuit open after 1 consecutive failure(s); probe in 300.0 s',
      'b (b-model): skipped: circuit open after 1 consecutive failure(s); probe in 300.0 s',
    ]);
    expect(adapters.a.calls).toHaveLength(1);
  });
});
