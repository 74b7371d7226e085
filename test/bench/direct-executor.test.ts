import { describe, expect, it } from 'vitest';
import { createDirectExecutor } from '../../src/bench/direct-executor.js';
import type { ExecuteContext, ExecuteOutcome } from '../../src/bench/executor.js';
import { costUsd } from '../../src/pricing/cost-usd.js';
import type { ChatResult, ProviderAdapter, RouterEvent, StreamEvent } from '../../src/spec/index.js';
import { ProviderCallError } from '../../src/spec/index.js';
import { fakeClock, type FakeClock } from '../helpers/fake-clock.js';
import { providerConfig } from '../routing/helpers.js';

/** An answer timed as an adapter times it: from the call's start on the same clock. */
const result = (outputTokens: number, latencyMs: number, ttftMs: number | null): ChatResult => ({
  text: 'x'.repeat(outputTokens),
  finishReason: 'stop',
  rawFinishReason: 'stop',
  usage: { inputTokens: 100, outputTokens, cachedInputTokens: 0, estimated: false },
  model: 'm-2025',
  ttftMs,
  latencyMs,
});

type Step = { delayMs: number; text: string } | { delayMs: number; done: number } | { delayMs: number; fail: ProviderCallError };

/** An adapter at the unit seam: each call plays the next script. */
function scriptedAdapter(clock: FakeClock, scripts: Step[][]): ProviderAdapter {
  let call = 0;
  return {
    name: 'p',
    type: 'openai',
    async chat() {
      const steps = scripts[call++];
      const startMs = clock.now();
      for (const step of steps) {
        clock.advance(step.delayMs);
        if ('fail' in step) throw step.fail;
        if ('done' in step) return result(step.done, clock.now() - startMs, null);
      }
      throw new Error('script without an end');
    },
    async *stream(): AsyncIterable<StreamEvent> {
      const steps = scripts[call++];
      const startMs = clock.now();
      let firstMs: number | null = null;
      for (const step of steps) {
        await Promise.resolve();
        clock.advance(step.delayMs);
        if ('fail' in step) throw step.fail;
        if ('text' in step) {
          if (step.text !== '') firstMs ??= clock.now();
          yield { type: 'delta', text: step.text };
        } else yield { type: 'done', result: result(step.done, clock.now() - startMs, firstMs === null ? null : firstMs - startMs) };
      }
    },
    async ping() {
      return { ok: true, latencyMs: 0, check: 'none' };
    },
  };
}

const providers = { p: providerConfig('p') };
const context = (overrides: Partial<ExecuteContext> = {}): ExecuteContext => ({
  target: { id: 'p:m', kind: 'model', provider: 'p', model: 'm' },
  prompt: { messages: [{ role: 'user', content: 'hi' }] },
  index: 0,
  warmup: false,
  stream: true,
  signal: new AbortController().signal,
  requestId: 'req-1',
  ...overrides,
});
const prices = { inputPerMTok: 1, outputPerMTok: 10 };

/** The executor, keeping the attempt-end events (what the ledger is written from). */
function executor(clock: FakeClock, scripts: Step[][], events: RouterEvent[], retries = 0, all: RouterEvent[] = []) {
  const adapter = scriptedAdapter(clock, scripts);
  const onEvent = (event: RouterEvent) => {
    all.push(event);
    if (event.type === 'attempt-end') events.push(event);
  };
  return createDirectExecutor({ providers, adapterFor: () => adapter, priceOf: () => prices, costUsd, onEvent, retries, clock, wallNow: () => 5 });
}

describe('createDirectExecutor', () => {
  it('takes its own timestamps at text-carrying chunks and prices the answer', async () => {
    const clock = fakeClock({ startMs: 1000 });
    const events: RouterEvent[] = [];
    const execute = executor(clock, [[{ delayMs: 50, text: 'a' }, { delayMs: 0, text: '' }, { delayMs: 10, text: 'b' }, { delayMs: 20, text: 'c' }, { delayMs: 5, done: 3 }]], events);
    const outcome = (await execute(context())) as ExecuteOutcome;
    expect(outcome).toMatchObject({ status: 'ok', sendMs: 1000, firstMs: 1050, lastMs: 1080, endMs: 1085, outputTokens: 3, attempts: 1, model: 'm-2025' });
    expect(outcome.chunkGapsMs).toEqual([10, 20]); // the empty delta is not a chunk of text
    expect(outcome.costUsd).toBeCloseTo((100 * 1 + 3 * 10) / 1e6, 15);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ type: 'attempt-end', requestId: 'req-1', attempt: 1, ttftMs: 50, latencyMs: 85, startedAtMs: 5 });
  });

  it('reports a failure by class without retrying unless asked', async () => {
    const clock = fakeClock({ startMs: 1000 });
    const events: RouterEvent[] = [];
    const busy = new ProviderCallError({ provider: 'p', model: 'm', errorClass: 'rate_limit', status: 429, message: 'slow down', retryAfterMs: 7 });
    const execute = executor(clock, [[{ delayMs: 3, fail: busy }]], events);
    const outcome = (await execute(context())) as ExecuteOutcome;
    expect(outcome).toMatchObject({ status: 'error', errorClass: 'rate_limit', errorBucket: '429', httpStatus: 429, costUsd: 0, attempts: 1 });
    expect(events[0]).toMatchObject({ type: 'attempt-end', error: busy });
  });

  it('with --retries, retries a retryable failure after its retry-after and times the whole request', async () => {
    const clock = fakeClock({ startMs: 1000 });
    const events: RouterEvent[] = [];
    const busy = new ProviderCallError({ provider: 'p', model: 'm', errorClass: 'rate_limit', status: 429, message: 'slow down', retryAfterMs: 7 });
    const execute = executor(clock, [[{ delayMs: 3, fail: busy }], [{ delayMs: 40, text: 'a' }, { delayMs: 10, text: 'b' }, { delayMs: 1, done: 2 }]], events, 2);
    const outcome = (await execute(context())) as ExecuteOutcome;
    expect(clock.sleeps).toEqual([7]);
    // TTFT counts from the first send: the retry is part of what the user waited for.
    expect(outcome).toMatchObject({ status: 'ok', attempts: 2, sendMs: 1000, firstMs: 1050, lastMs: 1060, endMs: 1061 });
    expect(events.map((event) => (event.type === 'attempt-end' ? event.attempt : 0))).toEqual([1, 2]);
  });

  it('retries as the router does: backoff from the one retry policy, no retry for a failure another try would repeat', async () => {
    const clock = fakeClock({ startMs: 1000 });
    const events: RouterEvent[] = [];
    const all: RouterEvent[] = [];
    const server = new ProviderCallError({ provider: 'p', model: 'm', errorClass: 'server', status: 503, message: 'busy' });
    const execute = executor(clock, [[{ delayMs: 3, fail: server }], [{ delayMs: 30, done: 4 }]], events, 1, all);
    expect(await execute(context({ stream: false }))).toMatchObject({ status: 'ok', attempts: 2 });
    // resilience/retry.ts: 500 ms nominal for the first retry, equal jitter: between 250 and 500.
    expect(clock.sleeps).toHaveLength(1);
    expect(clock.sleeps[0]).toBeGreaterThanOrEqual(250);
    expect(clock.sleeps[0]).toBeLessThanOrEqual(500);
    expect(all.map((event) => event.type)).toEqual(['attempt-start', 'attempt-end', 'retry', 'attempt-start', 'attempt-end']);

    const auth = new ProviderCallError({ provider: 'p', model: 'm', errorClass: 'auth', status: 401, message: 'no key' });
    const longWait = new ProviderCallError({ provider: 'p', model: 'm', errorClass: 'rate_limit', status: 429, message: 'later', retryAfterMs: 60_000 });
    const refused = executor(fakeClock({ startMs: 1000 }), [[{ delayMs: 1, fail: auth }], [{ delayMs: 1, fail: longWait }]], [], 3);
    expect(await refused(context())).toMatchObject({ status: 'error', errorClass: 'auth', attempts: 1 });
    // A retry-after over the 20 s cap is not slept through.
    expect(await refused(context())).toMatchObject({ status: 'error', errorClass: 'rate_limit', attempts: 1 });
  });

  it('retries a stream that broke after its first text, timing only the attempt that answered', async () => {
    const clock = fakeClock({ startMs: 1000 });
    const events: RouterEvent[] = [];
    const cut = new ProviderCallError({ provider: 'p', model: 'm', errorClass: 'network', message: 'reset' });
    const execute = executor(clock, [[{ delayMs: 5, text: 'x' }, { delayMs: 5, fail: cut }], [{ delayMs: 20, text: 'a' }, { delayMs: 10, text: 'b' }, { delayMs: 1, done: 2 }]], events, 1);
    const outcome = (await execute(context())) as ExecuteOutcome;
    const retryMs = clock.sleeps[0];
    expect(outcome).toMatchObject({ status: 'ok', attempts: 2, sendMs: 1000, firstMs: 1000 + 10 + retryMs + 20, lastMs: 1000 + 10 + retryMs + 30 });
    expect(outcome.chunkGapsMs).toEqual([10]);
    expect(events[0]).toMatchObject({ attempt: 1, partialText: 'x', error: cut });
  });

  it('does not retry a fatal failure and gives null TTFT without streaming', async () => {
    const clock = fakeClock({ startMs: 1000 });
    const events: RouterEvent[] = [];
    const bad = new ProviderCallError({ provider: 'p', model: 'm', errorClass: 'bad_request', status: 400, message: 'no' });
    const execute = executor(clock, [[{ delayMs: 2, fail: bad }], [{ delayMs: 30, done: 4 }]], events, 3);
    expect(await execute(context())).toMatchObject({ status: 'error', errorBucket: 'other', attempts: 1 });
    const plain = (await execute(context({ stream: false }))) as ExecuteOutcome;
    expect(plain).toMatchObject({ status: 'ok', firstMs: null, lastMs: null, stream: false, outputTokens: 4 });
  });

  it('answers aborted (not a failure) when the run is interrupted mid-request', async () => {
    const clock = fakeClock({ startMs: 1000 });
    const events: RouterEvent[] = [];
    const controller = new AbortController();
    const adapter: ProviderAdapter = {
      ...scriptedAdapter(clock, []),
      async *stream(_request, options) {
        yield { type: 'delta', text: 'a' };
        controller.abort();
        if (options?.signal?.aborted) throw new ProviderCallError({ provider: 'p', model: 'm', errorClass: 'aborted', message: 'aborted' });
      },
    };
    const execute = createDirectExecutor({ providers, adapterFor: () => adapter, priceOf: () => null, costUsd, onEvent: (event) => event.type === 'attempt-end' && events.push(event), clock });
    expect(await execute(context({ signal: controller.signal }))).toEqual({ aborted: true });
    // Still recorded for the ledger: it was sent.
    expect(events[0]).toMatchObject({ type: 'attempt-end', partialText: 'a' });
  });
});
