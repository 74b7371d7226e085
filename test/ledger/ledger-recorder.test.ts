import { join } from 'node:path';
import Database from 'better-sqlite3';
import { beforeEach, describe, expect, it } from 'vitest';
import { createLedgerRecorder, resetUnpricedWarnings } from '../../src/ledger/index.js';
import { attemptPriceLookup, attemptRepricer, createPriceLookup } from '../../src/pricing/index.js';
import type { ChatResult } from '../../src/spec/chat.js';
import { ProviderCallError } from '../../src/spec/errors.js';
import type { RouterEvent } from '../../src/spec/events.js';
import { openStore } from '../../src/store/index.js';
import { useTempDirs } from '../helpers/temp-dir.js';

const tempDir = useTempDirs();
const priceOf = createPriceLookup({ providers: {}, pricing: {} });

function result(overrides: Partial<ChatResult> = {}): ChatResult {
  return {
    text: 'Paris.',
    finishReason: 'stop',
    rawFinishReason: 'stop',
    usage: { inputTokens: 200_000, outputTokens: 100_000, cachedInputTokens: 100_000, estimated: false },
    model: 'gpt-4o-mini-2024-07-18',
    ttftMs: 120,
    latencyMs: 400,
    ...overrides,
  };
}

function attemptEnd(overrides: Partial<Extract<RouterEvent, { type: 'attempt-end' }>> = {}): RouterEvent {
  return {
    type: 'attempt-end',
    requestId: 'req-1',
    attempt: 1,
    target: { provider: 'openai', model: 'gpt-4o-mini' },
    startedAtMs: Date.UTC(2026, 2, 2, 23, 30),
    latencyMs: 400,
    ttftMs: 120,
    result: result(),
    ...overrides,
  };
}

function rows(path: string): Array<Record<string, unknown>> {
  const db = new Database(path, { readonly: true });
  const all = db.prepare('SELECT * FROM attempts ORDER BY id').all() as Array<Record<string, unknown>>;
  db.close();
  return all;
}

beforeEach(() => resetUnpricedWarnings());

describe('createLedgerRecorder', () => {
  it('writes one priced row per attempt-end, with every field, and ignores other events', async () => {
    const store = await openStore({ path: join(tempDir(), 'l.db') });
    const recorder = createLedgerRecorder({ ledger: store.ledger, priceOf, command: 'ask', strategy: null, tags: { team: 'b' }, ci: true, logPrompts: false, prompt: 'capital of France?' });
    recorder.listener({ type: 'decision', requestId: 'req-1', decision: { strategy: 'cost_optimized', targets: [], reason: 'cheapest' } });
    recorder.listener({ type: 'attempt-start', requestId: 'req-1', attempt: 1, target: { provider: 'openai', model: 'gpt-4o-mini' }, startedAtMs: 0, stream: false });
    recorder.listener(attemptEnd());
    await recorder.flush();
    const [row] = rows(store.path);
    expect(rows(store.path)).toHaveLength(1);
    expect(row).toMatchObject({
      request_id: 'req-1',
      attempt: 1,
      started_at_ms: Date.UTC(2026, 2, 2, 23, 30),
      command: 'ask',
      strategy: 'cost_optimized',
      provider: 'openai',
      model_requested: 'gpt-4o-mini',
      model_answered: 'gpt-4o-mini-2024-07-18',
      status: 'ok',
      error_class: null,
      http_status: null,
      latency_ms: 400,
      ttft_ms: 120,
      input_tokens: 200_000,
      output_tokens: 100_000,
      cached_input_tokens: 100_000,
      tokens_estimated: 0,
      input_price_per_mtok: 0.15,
      output_price_per_mtok: 0.6,
      cached_input_price_per_mtok: 0.075,
      ci: 1,
      tags: '{"team":"b"}',
      prompt_text: null,
      response_text: null,
    });
    // 100k uncached x 0.15 + 100k cached x 0.075 + 100k out x 0.60 per million
    expect(row.cost_usd).toBeCloseTo(0.0825, 10);
    expect(await store.ledger.requestCostUsd('req-1')).toBeCloseTo(0.0825, 10);
    store.close();
  });

  it('stores no strategy for a call to one provider (--provider), not the provider\'s name', async () => {
    const store = await openStore({ path: join(tempDir(), 'l.db') });
    const recorder = createLedgerRecorder({ ledger: store.ledger, priceOf, command: 'ask', strategy: null, ci: false, logPrompts: false });
    recorder.listener({ type: 'decision', requestId: 'req-1', decision: { strategy: 'openai', targets: [], reason: 'one provider' }, strategyName: null });
    recorder.listener(attemptEnd());
    recorder.listener({ type: 'decision', requestId: 'req-2', decision: { strategy: 'fast', targets: [], reason: 'fastest' }, strategyName: 'fast' });
    recorder.listener(attemptEnd({ requestId: 'req-2' }));
    await recorder.flush();
    expect(rows(store.path).map((row) => row.strategy)).toEqual([null, 'fast']);
    store.close();
  });

  it('records a failed attempt with its error class and status, at zero cost when priced', async () => {
    const store = await openStore({ path: join(tempDir(), 'l.db') });
    const recorder = createLedgerRecorder({ ledger: store.ledger, priceOf, command: 'bench', strategy: 'default', ci: false, logPrompts: false, runId: 'run-7' });
    const error = new ProviderCallError({ provider: 'anthropic', model: 'claude-haiku-4-5', errorClass: 'overloaded', status: 529, message: 'Overloaded' });
    recorder.listener(attemptEnd({ target: { provider: 'anthropic', model: 'claude-haiku-4-5' }, result: undefined, error, latencyMs: 80, ttftMs: null }));
    await recorder.flush();
    expect(rows(store.path)[0]).toMatchObject({
      status: 'error',
      error_class: 'overloaded',
      http_status: 529,
      error_message: 'Overloaded',
      model_answered: null,
      input_tokens: 0,
      cost_usd: 0,
      input_price_per_mtok: 1,
      run_id: 'run-7',
      strategy: 'default',
    });
    store.close();
  });

  it('bills a stream broken after text for its partial usage, priced, marked estimated', async () => {
    const store = await openStore({ path: join(tempDir(), 'l.db') });
    const recorder = createLedgerRecorder({ ledger: store.ledger, priceOf, command: 'ask', strategy: null, ci: false, logPrompts: true, prompt: 'story?' });
    const error = new ProviderCallError({ provider: 'anthropic', model: 'claude-haiku-4-5', errorClass: 'overloaded', message: 'Overloaded' });
    const partialUsage = { inputTokens: 1_000_000, outputTokens: 200_000, cachedInputTokens: 0, estimated: true };
    recorder.listener(attemptEnd({ target: { provider: 'anthropic', model: 'claude-haiku-4-5' }, result: undefined, error, partialText: 'Once upon', partialUsage }));
    await recorder.flush();
    const [row] = rows(store.path);
    expect(row).toMatchObject({ status: 'error', error_class: 'overloaded', input_tokens: 1_000_000, output_tokens: 200_000, tokens_estimated: 1, response_text: 'Once upon' });
    // claude-haiku-4-5: $1 in, $5 out per million
    expect(row.cost_usd).toBeCloseTo(1 + 0.2 * 5, 10);
    store.close();
  });

  it('records an unknown price as null with exactly one warning per model per process, never a near match', async () => {
    const store = await openStore({ path: join(tempDir(), 'l.db') });
    const warnings: string[] = [];
    const options = { ledger: store.ledger, priceOf, command: 'ask', strategy: null, ci: false, logPrompts: false, onWarning: (message: string) => warnings.push(message) };
    const first = createLedgerRecorder(options);
    const unknown = { target: { provider: 'openai', model: 'gpt-4o-mini-x' }, result: result({ model: 'gpt-4o-mini-x' }) };
    first.listener(attemptEnd({ ...unknown, requestId: 'a' }));
    first.listener(attemptEnd({ ...unknown, requestId: 'b' }));
    await first.flush();
    // A second recorder in the same process does not warn again.
    const second = createLedgerRecorder(options);
    second.listener(attemptEnd({ ...unknown, requestId: 'c' }));
    await second.flush();
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/no price known for openai\/gpt-4o-mini-x/);
    expect(rows(store.path).map((row) => [row.cost_usd, row.input_price_per_mtok])).toEqual([
      [null, null],
      [null, null],
      [null, null],
    ]);
    expect(await store.ledger.requestCostUsd('a')).toBeNull();
    store.close();
  });

  it('costs 0, not unknown, for an attempt on an unpriced model that used no tokens', async () => {
    const store = await openStore({ path: join(tempDir(), 'l.db') });
    const recorder = createLedgerRecorder({ ledger: store.ledger, priceOf, command: 'ask', strategy: null, ci: false, logPrompts: false });
    const error = new ProviderCallError({ provider: 'proxy', model: 'odd', errorClass: 'network', message: 'connect ECONNREFUSED 127.0.0.1:9' });
    recorder.listener(attemptEnd({ requestId: 'req-9', attempt: 1, target: { provider: 'proxy', model: 'odd' }, result: undefined, error }));
    recorder.listener(attemptEnd({ requestId: 'req-9', attempt: 2 }));
    await recorder.flush();
    expect(rows(store.path).map((row) => [row.provider, row.cost_usd, row.input_price_per_mtok])).toEqual([
      ['proxy', 0, null],
      ['openai', expect.closeTo(0.0825, 10), 0.15],
    ]);
    // The request's cost is known: the failed attempt cost nothing.
    expect(await store.ledger.requestCostUsd('req-9')).toBeCloseTo(0.0825, 10);
    // And a reprice with the same prices agrees.
    expect((await store.ledger.reprice(attemptRepricer(attemptPriceLookup(priceOf)))).changed).toBe(0);
    store.close();
  });

  it('prices the answered model when known, else the requested one', async () => {
    const store = await openStore({ path: join(tempDir(), 'l.db') });
    const recorder = createLedgerRecorder({ ledger: store.ledger, priceOf, command: 'ask', strategy: null, ci: false, logPrompts: false });
    // The server answered with a snapshot the table lists under another price than the requested alias.
    recorder.listener(attemptEnd({ requestId: 'snap', target: { provider: 'openai', model: 'gpt-4o' }, result: result({ model: 'gpt-4o-2024-05-13' }) }));
    // The server answered with a snapshot the table does not list: the requested model's price.
    recorder.listener(attemptEnd({ requestId: 'new', target: { provider: 'openai', model: 'gpt-4o' }, result: result({ model: 'gpt-4o-2099-01-01' }) }));
    await recorder.flush();
    expect(rows(store.path).map((row) => row.input_price_per_mtok)).toEqual([5, 2.5]);
    store.close();
  });

  it('stores prompt and answer text only with logPrompts', async () => {
    const store = await openStore({ path: join(tempDir(), 'l.db') });
    const quiet = createLedgerRecorder({ ledger: store.ledger, priceOf, command: 'ask', strategy: null, ci: false, logPrompts: false, prompt: 'secret prompt' });
    quiet.listener(attemptEnd({ requestId: 'quiet' }));
    const logged = createLedgerRecorder({ ledger: store.ledger, priceOf, command: 'ask', strategy: null, ci: false, logPrompts: true, prompt: 'capital of France?' });
    logged.listener(attemptEnd({ requestId: 'logged' }));
    await Promise.all([quiet.flush(), logged.flush()]);
    expect(rows(store.path).map((row) => [row.request_id, row.prompt_text, row.response_text])).toEqual([
      ['quiet', null, null],
      ['logged', 'capital of France?', 'Paris.'],
    ]);
    store.close();
  });

  it('never stores a key quoted in a provider error message', async () => {
    const store = await openStore({ path: join(tempDir(), 'l.db') });
    const recorder = createLedgerRecorder({ ledger: store.ledger, priceOf, command: 'ask', strategy: null, ci: false, logPrompts: true, prompt: 'hi' });
    const messages = [
      'Incorrect API key provided: sk-proj-abc123****************************wxyz. You can find your API key at https://platform.openai.com',
      'invalid x-api-key: sk-ant-api03-AAAAAAAAAAAAAAAAAAAAAA',
      'Access denied due to invalid subscription key 0123456789abcdef0123456789abcdef.',
    ];
    messages.forEach((message, index) => {
      const error = new ProviderCallError({ provider: 'openai', model: 'gpt-4o', errorClass: 'auth', status: 401, message });
      recorder.listener(attemptEnd({ requestId: `k${index}`, result: undefined, error }));
    });
    await recorder.flush();
    const stored = rows(store.path).map((row) => String(row.error_message));
    expect(stored[0]).toBe('Incorrect API key provided: [redacted]. You can find your API key at https://platform.openai.com');
    for (const text of stored) expect(text).not.toMatch(/sk-|0123456789abcdef0123/);
    store.close();
  });

  it('surfaces a failed write from flush()', async () => {
    const store = await openStore({ path: join(tempDir(), 'l.db') });
    const recorder = createLedgerRecorder({ ledger: store.ledger, priceOf, command: 'ask', strategy: null, ci: false, logPrompts: false });
    store.close();
    recorder.listener(attemptEnd());
    await expect(recorder.flush()).rejects.toThrow(/not open/);
  });
});
