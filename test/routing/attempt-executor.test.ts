import { describe, expect, it } from 'vitest';
import { AttemptExecutor, circuitStep, newJobCounters, ROUTER_STEPS, type AttemptJob, type AttemptStep } from '../../src/routing/attempt/index.js';
import { ProviderCallError } from '../../src/spec/errors.js';
import type { RouterEvent } from '../../src/spec/events.js';
import type { StateChange, StateStore } from '../../src/spec/state.js';
import { MemoryStateStore } from '../../src/store/memory-state-store.js';
import { fakeClock, type FakeClock } from '../helpers/fake-clock.js';
import { callError, providerConfig, ScriptedAdapter, type Step } from './helpers.js';

/** A StateStore that counts its transactions and remembers the keys of each. */
class CountingState implements StateStore {
  readonly updates: string[][] = [];
  readonly inner = new MemoryStateStore();
  update<R>(keys: readonly string[], fn: (current: ReadonlyMap<string, unknown>) => StateChange<R>): Promise<R> {
    this.updates.push([...keys]);
    return this.inner.update(keys, fn);
  }
  get<T>(key: string): Promise<T | undefined> {
    return this.inner.get<T>(key);
  }
  scan(prefix: string): Promise<Array<[string, unknown]>> {
    return this.inner.scan(prefix);
  }
}

const target = { provider: 'a', model: 'a-model' };

function job(overrides: Partial<AttemptJob> = {}): AttemptJob {
  return { requestId: 'req-1', request: { messages: [{ role: 'user', content: 'hi' }] }, stream: false, inputTokens: 3, ...newJobCounters(), ...overrides };
}

function executorFor(steps: Step[], options: { steps?: readonly AttemptStep[]; state?: StateStore; clock?: FakeClock } = {}) {
  const adapter = new ScriptedAdapter('a', steps);
  const events: RouterEvent[] = [];
  const clock = options.clock ?? fakeClock();
  const executor = new AttemptExecutor({ adapterFor: () => adapter, steps: options.steps, state: options.state, emit: (event) => events.push(event), now: clock.now, sleep: clock.sleep, random: () => 1 });
  return { executor, adapter, events, clock };
}

describe('AttemptExecutor', () => {
  it('with no steps runs no state transaction at all: the call, its events and the retry policy only', async () => {
    const state = new CountingState();
    const { executor, events, clock } = executorFor([{ error: callError('a', 'server', 503) }, { ok: 'hi' }], { state });
    const work = job();
    const verdict = await executor.run(work, providerConfig('a'), target);
    expect(verdict).toMatchObject({ kind: 'answered', result: { text: 'hi' } });
    expect(state.updates).toEqual([]);
    expect(clock.sleeps).toEqual([500]);
    expect(work.attemptNumber).toBe(2);
    expect(work.attempts.map((attempt) => attempt.status)).toEqual(['error', 'ok']);
    expect(events.map((event) => event.type)).toEqual(['attempt-start', 'attempt-end', 'retry', 'attempt-start', 'attempt-end']);
  });

  it("with the router's steps: one admission and one settlement transaction per attempt, a job's settle step inside the settlement", async () => {
    const state = new CountingState();
    const counted: AttemptStep = {
      keys: (provider) => [`count:${provider}`],
      settle(current, input, set) {
        set[`count:${input.provider.name}`] = ((current.get(`count:${input.provider.name}`) as number | undefined) ?? 0) + 1;
      },
    };
    const { executor } = executorFor([{ ok: 'hi' }], { steps: ROUTER_STEPS, state });
    await executor.run(job({ settleSteps: [counted] }), providerConfig('a'), target);
    expect(state.updates).toEqual([
      ['circuit:a', 'rate:a', 'lease:a'],
      ['circuit:a', 'rate:a', 'lease:a', 'latency:a', 'count:a'],
    ]);
    expect(await state.get('count:a')).toBe(1);
    expect(await state.get('latency:a')).toMatchObject({ samples: 1 });
  });

  it('a refusal writes nothing of any step, calls nothing, and is reported as a skip', async () => {
    const state = new MemoryStateStore();
    const failover = { healthCheckIntervalS: 60, maxFailures: 1, recoveryTimeoutS: 300 };
    const provider = providerConfig('a', { failover, retry: { maxAttempts: 1, backoffFactor: 2 } });
    const { executor, adapter, events } = executorFor([{ error: callError('a', 'server', 500) }], { steps: ROUTER_STEPS, state });
    expect(await executor.run(job(), provider, target)).toMatchObject({ kind: 'failover' });
    const leaseBefore = await state.get('lease:a');
    const second = job();
    const verdict = await executor.run(second, provider, target);
    expect(verdict).toMatchObject({ kind: 'refused', refusal: { kind: 'circuit', defer: false } });
    expect(adapter.calls).toHaveLength(1);
    expect(await state.get('lease:a')).toEqual(leaseBefore);
    expect(second.attempts).toMatchObject([{ status: 'skipped' }]);
    expect(events.at(-1)).toMatchObject({ type: 'skip', requestId: 'req-1' });
  });

  it('a later step refusing undoes an earlier one: a half-open probe is not claimed when the rate window refuses', async () => {
    const state = new MemoryStateStore();
    const refuseAll: AttemptStep = { keys: () => ['never'], admit: () => ({ kind: 'rate', reason: 'full', waitMs: 10, defer: true }) };
    const clock = fakeClock();
    await state.update(['circuit:a'], () => ({ set: { 'circuit:a': { consecutiveFailures: 3, openedAtMs: clock.now() - 301_000 } }, result: undefined }));
    const { executor } = executorFor([], { steps: [circuitStep, refuseAll], state, clock });
    expect(await executor.run(job(), providerConfig('a'), target)).toMatchObject({ kind: 'refused', refusal: { reason: 'full', defer: true } });
    expect(await state.get('circuit:a')).toEqual({ consecutiveFailures: 3, openedAtMs: clock.now() - 301_000 });
  });

  it('keeps a broken stream\'s partial answer in its verdict and event, and stops (text reached the reader)', async () => {
    const { executor, events } = executorFor([{ deltas: ['Par', 'tial'], then: callError('a', 'network') }, { ok: 'never' }]);
    const seen: string[] = [];
    const verdict = await executor.run(job({ stream: true, onDelta: (text) => seen.push(text) }), providerConfig('a'), target);
    expect(verdict).toMatchObject({ kind: 'stop', partialText: 'Partial', error: { errorClass: 'network' } });
    expect(seen).toEqual(['Par', 'tial']);
    expect(events.find((event) => event.type === 'attempt-end')).toMatchObject({ partialText: 'Partial' });
  });

  it('an abort during the backoff wait is an interruption, not another attempt', async () => {
    const controller = new AbortController();
    const clock = fakeClock();
    const adapter = new ScriptedAdapter('a', [{ error: callError('a', 'server', 503) }, { ok: 'never' }]);
    const executor = new AttemptExecutor({
      adapterFor: () => adapter,
      emit: () => {},
      now: clock.now,
      sleep: async () => {
        controller.abort();
        throw new Error('sleep aborted');
      },
    });
    expect(await executor.run(job({ signal: controller.signal }), providerConfig('a'), target)).toEqual({ kind: 'interrupted' });
    expect(adapter.calls).toHaveLength(1);
  });

  it('times a failure on its elapsed clock and an answer by the adapter\'s own measure', async () => {
    let elapsedMs = 0;
    const adapter = new ScriptedAdapter('a', [{ error: callError('a', 'server', 503) }, { ok: 'hi', latencyMs: 42 }], () => {
      elapsedMs += 7;
    });
    const events: RouterEvent[] = [];
    const clock = fakeClock();
    const executor = new AttemptExecutor({ adapterFor: () => adapter, emit: (event) => events.push(event), now: clock.now, elapsed: () => elapsedMs, sleep: clock.sleep });
    await executor.run(job(), providerConfig('a'), target);
    expect(events.filter((event) => event.type === 'attempt-end').map((event) => event.type === 'attempt-end' && event.latencyMs)).toEqual([7, 42]);
  });

  it('refuses steps without a store', () => {
    expect(() => new AttemptExecutor({ adapterFor: () => new ScriptedAdapter('a', []), steps: ROUTER_STEPS, emit: () => {} })).toThrow('steps need a state store');
  });

  it('a stream broken after text stops with what it delivered and used (input estimated, output counted), on the event and the verdict', async () => {
    const { executor, events } = executorFor([{ deltas: ['Once upon ', 'a time'], then: callError('a', 'overloaded') }]);
    const work = job({ stream: true, request: { messages: [{ role: 'user', content: 'tell me a story' }] } });
    const verdict = await executor.run(work, providerConfig('a'), target);
    expect(verdict).toMatchObject({ kind: 'stop', partialText: 'Once upon a time', partialUsage: { inputTokens: 4, outputTokens: 4, cachedInputTokens: 0, estimated: true } });
    expect(events.find((event) => event.type === 'attempt-end')).toMatchObject({ partialText: 'Once upon a time', partialUsage: { inputTokens: 4, outputTokens: 4 } });
    expect(work.attempts).toEqual([expect.objectContaining({ status: 'error', errorClass: 'overloaded' })]);
  });

  describe('a server that refuses an optional part of the request', () => {
    const refusal = () => new ProviderCallError({ provider: 'a', model: 'a-model', errorClass: 'bad_request', status: 400, message: 'a: request rejected (HTTP 400): Unrecognized request argument supplied: stream_options', refusedFeature: 'stream_usage' });

    it('is asked again at once without it, outside the retry budget, and remembered in the state for the next executor', async () => {
      const state = new MemoryStateStore();
      const provider = providerConfig('a', { baseUrl: 'http://box/v1', retry: { maxAttempts: 1, backoffFactor: 2 } });
      const first = executorFor([{ error: refusal() }, { ok: 'hi' }], { state });
      const work = job({ stream: true });
      expect(await first.executor.run(work, provider, target)).toMatchObject({ kind: 'answered' });
      expect(first.adapter.calls.map((call) => call.without)).toEqual([undefined, ['stream_usage']]);
      expect(first.clock.sleeps).toEqual([]);
      expect(work.attempts.map((attempt) => attempt.status)).toEqual(['error', 'ok']);
      expect(first.events.find((event) => event.type === 'retry')).toMatchObject({ delayMs: 0, nextAttempt: 2, reason: expect.stringContaining('the server refused stream_options') });

      const second = executorFor([{ ok: 'again' }], { state });
      await second.executor.run(job({ stream: true }), provider, target);
      expect(second.adapter.calls[0].without).toEqual(['stream_usage']);
      expect(second.events[0]).toMatchObject({ type: 'attempt-start', without: ['stream_usage'] });
    });

    it('a refusal of what was already left out is the plain 400 (fatal), and memory is per address and expires after a day', async () => {
      const state = new MemoryStateStore();
      const clock = fakeClock();
      const provider = providerConfig('a', { baseUrl: 'http://box/v1' });
      const { executor, adapter } = executorFor([{ error: refusal() }, { error: refusal() }], { state, clock });
      expect(await executor.run(job({ stream: true }), provider, target)).toMatchObject({ kind: 'stop', error: { errorClass: 'bad_request' } });
      expect(adapter.calls).toHaveLength(2);

      const moved = executorFor([{ ok: 'hi' }], { state, clock });
      await moved.executor.run(job({ stream: true }), providerConfig('a', { baseUrl: 'http://elsewhere/v1' }), target);
      expect(moved.adapter.calls[0].without).toBeUndefined();

      clock.advance(24 * 60 * 60 * 1000);
      const later = executorFor([{ ok: 'hi' }], { state, clock });
      await later.executor.run(job({ stream: true }), provider, target);
      expect(later.adapter.calls[0].without).toBeUndefined();
    });
  });
});
